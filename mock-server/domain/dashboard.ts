/**
 * Signing in to the dashboard. Tenant admins come from the config (they are not app users) and get
 * a short-lived Management API token with the dashboard's scopes, which the page keeps in memory
 * and sends as a bearer token: the Management API stays the one place that checks rights, and with
 * no cookie there is nothing for a cross-site request to ride on (no CSRF).
 */
import type { TokenResponse } from '../../src/api/contract.js';
import type { Admin } from '../config.js';
import { emailKey } from './email.js';
import { DomainError } from './errors.js';
import { normalizePassword } from './policy.js';
import type { Deps } from './ports.js';
import { dummyHash, tooLongToMatch } from './timing.js';
import { managementAudience } from './tokens.js';

/** The `gty` of dashboard tokens; the Management API honours the scopes of this grant and client-credentials only. */
export const DASHBOARD_GRANT = 'dashboard';
export const DASHBOARD_SCOPES = ['read:users', 'update:users', 'create:user_tickets', 'read:connections'] as const;
/** A page left open stops working after 15 minutes; signing in again is cheap. */
export const DASHBOARD_TOKEN_SECONDS = 900;

const WRONG_CREDENTIALS = 'Wrong email or password.';

// Every attempt costs one hash verification, known admin or not, so the time taken reveals nothing.
const configuredHashes = new WeakMap<Admin, Promise<string>>();

function hashOf(deps: Deps, admin: Admin | undefined): Promise<string> {
  if (!admin) return dummyHash(deps.hasher);
  if (admin.passwordHash !== undefined) return Promise.resolve(admin.passwordHash);
  let hash = configuredHashes.get(admin);
  if (!hash) {
    configuredHashes.set(admin, (hash = deps.hasher.hash(normalizePassword(admin.password!))));
    hash.catch(() => configuredHashes.delete(admin)); // refused (the hasher was busy): made on a later sign-in
  }
  return hash;
}

export async function signInAdmin(deps: Deps, email: string, password: string): Promise<TokenResponse> {
  const admin = deps.config.admins.find((candidate) => emailKey(candidate.email) === emailKey(email));
  const candidate = normalizePassword(password);
  // Over-long: wrong for every admin, refused unhashed whether or not the address is one.
  const matches = !tooLongToMatch(candidate) && (await deps.hasher.verify(await hashOf(deps, admin), candidate));
  if (!admin || !matches) {
    deps.logger.warn('admin_login_failed', {});
    throw new DomainError('invalid_grant', WRONG_CREDENTIALS);
  }
  const scope = DASHBOARD_SCOPES.join(' ');
  const accessToken = await deps.signer.sign(
    { sub: `dashboard|${admin.email}`, aud: managementAudience(deps.baseUrl), azp: 'dashboard', scope, gty: DASHBOARD_GRANT },
    DASHBOARD_TOKEN_SECONDS, deps.clock.now(),
  );
  deps.logger.info('admin_login', { admin: admin.email });
  return { access_token: accessToken, scope, expires_in: DASHBOARD_TOKEN_SECONDS, token_type: 'Bearer' };
}
