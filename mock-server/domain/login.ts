/**
 * The token grants: password (and Auth0's password-realm) for people, client_credentials for
 * machines. A password login opens a session whose id travels in the access token, so ending the
 * session (a password change) makes /userinfo answer 401.
 */
import type { ClientCredentialsRequest, PasswordGrantRequest, TokenResponse } from '../../src/api/contract.js';
import { GRANT_PASSWORD_REALM } from '../../src/api/contract.js';
import type { M2mClient } from '../config.js';
import { emailKey, loginIdentifier } from './email.js';
import { DomainError } from './errors.js';
import { LOG_EVENT } from './log-events.js';
import { normalizePassword } from './policy.js';
import type { Deps, User } from './ports.js';
import { randomId, sha256Hex } from './secrets.js';
import { dummyHash } from './timing.js';
import { absolute, databaseConnection, findClient } from './tenant.js';
import { managementAudience, userinfoAudience } from './tokens.js';

const WRONG_CREDENTIALS = 'Wrong email or password.';
const DEFAULT_USER_SCOPE = 'openid profile email';
const USER_SCOPES = new Set(['openid', 'profile', 'email']);


/**
 * Auth0's brute-force protection: after `maxAttempts` failed sign-ins for one identifier from one
 * address, that address is blocked for it (even with the right password) until the user changes
 * their password. Counted for unknown identifiers too, so a block says nothing about who exists.
 */
const BLOCKED = 'Your account has been blocked after multiple consecutive login attempts. Reset your password to unblock it.';

async function authenticate(deps: Deps, connection: string, username: string, password: string, address: string): Promise<User> {
  const identifier = loginIdentifier(connection, username);
  const protection = deps.config.bruteForceProtection;
  if (protection.enabled && (await deps.store.loginFailures(identifier, address)) >= protection.maxAttempts) {
    throw new DomainError('too_many_attempts', BLOCKED);
  }
  const user = await deps.store.findUserByEmail(connection, emailKey(username));
  const hash = user?.passwordHash ?? (await dummyHash(deps.hasher));
  const matches = await deps.hasher.verify(hash, normalizePassword(password));
  if (!user?.passwordHash || !matches) {
    if (protection.enabled) await deps.store.recordLoginFailure(identifier, address, deps.clock.now());
    throw new DomainError('invalid_grant', WRONG_CREDENTIALS);
  }
  if (protection.enabled) await deps.store.clearLoginFailures(identifier, address);
  return user;
}

/** `address` is the client's network address, for brute-force protection. */
export async function passwordGrant(deps: Deps, request: PasswordGrantRequest, address: string): Promise<TokenResponse> {
  const client = findClient(deps.config, request.client_id);
  if (!client) throw new DomainError('invalid_client', 'Unauthorized');
  if (client.type !== 'spa') {
    throw new DomainError('unauthorized_client', `Grant type '${request.grant_type}' not allowed for the client.`);
  }
  const realm = request.grant_type === GRANT_PASSWORD_REALM ? request.realm : deps.config.defaultDirectory;
  if (!realm) {
    throw new DomainError('invalid_request', request.grant_type === GRANT_PASSWORD_REALM
      ? 'realm is required for the password-realm grant'
      : 'Authorization server not configured with default connection.');
  }
  let connection;
  try {
    connection = databaseConnection(deps.config, realm);
  } catch {
    throw new DomainError('invalid_request', `Unknown realm ${realm}.`);
  }
  // This tenant defines no API for people; a user token may only ever be read by /userinfo.
  const userinfo = userinfoAudience(deps.baseUrl);
  if (request.audience !== undefined && request.audience !== userinfo) {
    throw new DomainError('client_not_authorized_for_audience', `Service not found: ${request.audience}`);
  }
  const user = await authenticate(deps, connection.name, request.username, request.password, address);

  const now = deps.clock.now();
  const sessionId = randomId();
  await deps.store.createSession({ id: sessionId, userId: user.id, clientId: client.clientId, createdAt: now, endedAt: null, secretHash: null, authTime: now, lastUsedAt: now });
  const lifetime = deps.config.tokens.lifetimeInSeconds;
  // Only the OpenID Connect scopes can be granted to a person; others are dropped, as Auth0 does.
  const scope = (request.scope ?? DEFAULT_USER_SCOPE).split(' ').filter((s) => USER_SCOPES.has(s)).join(' ');
  const response: TokenResponse = {
    access_token: await deps.signer.sign({ sub: user.id, aud: userinfo, azp: client.clientId, scope, sid: sessionId, gty: 'password' }, lifetime, now),
    scope,
    expires_in: lifetime,
    token_type: 'Bearer',
  };
  if (scope.split(' ').includes('openid')) {
    response.id_token = await deps.signer.sign(
      { sub: user.id, aud: client.clientId, email: user.email, email_verified: user.emailVerified, name: user.name ?? user.email, sid: sessionId },
      lifetime, now,
    );
  }
  deps.logger.info(LOG_EVENT.loggedIn, { user_id: user.id, client_id: client.clientId });
  return response;
}

/** Machine-to-machine tokens for the Management API; the client must hold a grant for the audience. */
export async function clientCredentialsGrant(deps: Deps, request: ClientCredentialsRequest): Promise<TokenResponse> {
  const client = findClient(deps.config, request.client_id);
  if (!client || client.type !== 'm2m' || !(await secretMatches(client, request.client_secret))) {
    throw new DomainError('invalid_client', 'Unauthorized');
  }
  const audience = request.audience ?? managementAudience(deps.baseUrl);
  const grant = client.grants.find((candidate) => absolute(deps.baseUrl, candidate.audience) === audience);
  if (!grant) {
    throw new DomainError('client_not_authorized_for_audience',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`);
  }
  const requested = request.scope?.split(' ').filter(Boolean);
  const scopes = requested ? grant.scopes.filter((scope) => requested.includes(scope)) : grant.scopes;
  const now = deps.clock.now();
  const lifetime = deps.config.tokens.lifetimeInSeconds;
  const scope = scopes.join(' ');
  return {
    access_token: await deps.signer.sign(
      { sub: `${client.clientId}@clients`, aud: audience, azp: client.clientId, scope, gty: 'client-credentials' },
      lifetime, now,
    ),
    scope,
    expires_in: lifetime,
    token_type: 'Bearer',
  };
}

/**
 * Compares digests rather than the secrets: a timing difference then only tells how many leading
 * digest bytes of a guess match, which says nothing about the secret itself.
 */
async function secretMatches(client: M2mClient, secret: string): Promise<boolean> {
  return (await sha256Hex(secret)) === (await sha256Hex(client.clientSecret));
}

/** The user behind a user access token, or undefined once the token is bad or its session has ended. */
export async function sessionUser(deps: Deps, token: string): Promise<User | undefined> {
  const claims = await deps.signer.verify(token, userinfoAudience(deps.baseUrl), deps.clock.now());
  if (typeof claims?.sid !== 'string' || typeof claims.sub !== 'string') return undefined;
  const session = await deps.store.findSession(claims.sid);
  if (!session || session.endedAt !== null || session.userId !== claims.sub) return undefined;
  return deps.store.findUserById(session.userId);
}
