/**
 * The token grants: password (and Auth0's password-realm) for people, client_credentials for
 * machines. A password login opens a session whose id travels in the access token, so ending the
 * session (a password change) makes /userinfo answer 401.
 */
import type { ClientCredentialsRequest, PasswordGrantRequest, TokenResponse } from '../../src/api/contract.js';
import { GRANT_PASSWORD_REALM } from '../../src/api/contract.js';
import { isInteractive, type InteractiveClient } from '../config.js';
import { emailKey, loginIdentifier } from './email.js';
import { DomainError } from './errors.js';
import { LOG_EVENT } from './log-events.js';
import { normalizePassword } from './policy.js';
import type { Deps, Session, User } from './ports.js';
import { constantTimeEqual, randomId, sha256Hex } from './secrets.js';
import { dummyHash, tooLongToMatch } from './timing.js';
import { absolute, databaseConnection, findClient } from './tenant.js';
import { managementAudience, userinfoAudience } from './tokens.js';

const WRONG_CREDENTIALS = 'Wrong email or password.';
const DEFAULT_USER_SCOPE = 'openid profile email';


/**
 * Auth0's brute-force protection: after `maxAttempts` failed sign-ins for one identifier from one
 * address, that address is blocked for it (even with the right password) until the user changes
 * their password. Counted for unknown identifiers too, so a block says nothing about who exists.
 */
const BLOCKED = 'Your account has been blocked after multiple consecutive login attempts. Reset your password to unblock it.';

export async function authenticate(deps: Deps, connection: string, username: string, password: string, address: string): Promise<User> {
  const identifier = loginIdentifier(connection, username);
  const protection = deps.config.bruteForceProtection;
  if (protection.enabled && (await deps.store.loginFailures(identifier, address)) >= protection.maxAttempts) {
    throw new DomainError('too_many_attempts', BLOCKED);
  }
  const user = await deps.store.findUserByEmail(connection, emailKey(username));
  const candidate = normalizePassword(password);
  // Over-long: wrong for everyone, refused unhashed for known and unknown users alike (the store calls stay the same).
  const matches = !tooLongToMatch(candidate)
    && (await deps.hasher.verify(user?.passwordHash ?? (await dummyHash(deps.hasher)), candidate));
  if (!user?.passwordHash || !matches) {
    if (protection.enabled) await deps.store.recordLoginFailure(identifier, address, deps.clock.now());
    throw new DomainError('invalid_grant', WRONG_CREDENTIALS);
  }
  if (protection.enabled) await deps.store.clearLoginFailures(identifier, address);
  // A forced reset refuses even the right password, with the brute-force block's own answer (which also says to
  // reset): only someone who knows the password sees it, and it tells them nothing Auth0's block would not.
  if (user.passwordResetRequired) throw new DomainError('too_many_attempts', BLOCKED);
  return user;
}

/** `address` is the client's network address, for brute-force protection. */
export async function passwordGrant(deps: Deps, request: PasswordGrantRequest, address: string): Promise<TokenResponse> {
  const client = findClient(deps.config, request.client_id);
  if (!client) throw new DomainError('invalid_client', 'Unauthorized');
  if (!isInteractive(client)) {
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
  const session = { id: randomId(), userId: user.id, clientId: client.clientId, createdAt: now, endedAt: null, secretHash: null, authTime: now, lastUsedAt: now };
  await deps.store.createSession(session);
  deps.logger.info(LOG_EVENT.loggedIn, { user_id: user.id, client_id: client.clientId });
  return userTokens(deps, { client, user, session, scope: grantableScope(request.scope, USER_SCOPES), gty: 'password' });
}

/** Only these scopes can be granted to a person; others are dropped, as Auth0 does. */
const USER_SCOPES = new Set(['openid', 'profile', 'email']);
/** Universal Login may also grant a refresh token. */
export const LOGIN_SCOPES = new Set([...USER_SCOPES, 'offline_access']);

export const grantableScope = (requested: string | undefined, grantable: ReadonlySet<string>): string =>
  [...new Set((requested ?? DEFAULT_USER_SCOPE).split(' '))].filter((s) => grantable.has(s)).join(' ');

export interface UserTokenGrant {
  client: InteractiveClient;
  user: User;
  /** The session the tokens belong to: its id is their `sid`, and they die with it. */
  session: Session;
  scope: string;
  /** The access token's `gty` (Auth0 marks password-grant tokens). */
  gty?: string;
  /** The `nonce` /authorize was sent, repeated in the ID token. */
  nonce?: string | null;
  refreshToken?: string;
}

/**
 * A person's access token (for /userinfo) and, with `openid`, their ID token with the claims the scope allows.
 * Each access token has its own `jti` (RFC 9068 §2.2), so two issued in the same second (a refresh right after
 * the code exchange) are different tokens, not the same string twice.
 */
export async function userTokens(deps: Deps, grant: UserTokenGrant): Promise<TokenResponse> {
  const { client, user, session, scope } = grant;
  const now = deps.clock.now();
  const lifetime = client.tokenLifetimeInSeconds ?? deps.config.tokens.lifetimeInSeconds;
  const scopes = scope.split(' ');
  const response: TokenResponse = {
    access_token: await deps.signer.sign(
      { sub: user.id, aud: userinfoAudience(deps.baseUrl), azp: client.clientId, scope, sid: session.id, jti: randomId(), ...(grant.gty && { gty: grant.gty }) },
      lifetime, now,
    ),
    ...(grant.refreshToken && { refresh_token: grant.refreshToken }),
    scope,
    expires_in: lifetime,
    token_type: 'Bearer',
  };
  if (scopes.includes('openid')) {
    response.id_token = await deps.signer.sign({
      sub: user.id, aud: client.clientId, sid: session.id, auth_time: Math.floor(session.authTime / 1000),
      ...(grant.nonce && { nonce: grant.nonce }),
      ...(scopes.includes('email') && { email: user.email, email_verified: user.emailVerified }),
      ...(scopes.includes('profile') && {
        name: user.name ?? user.email, nickname: user.email.split('@')[0], updated_at: new Date(user.updatedAt).toISOString(),
      }),
    }, lifetime, now);
  }
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
 * Compares digests, so both sides have one length whatever the guess, and compares them in constant
 * time, so the answer's timing does not tell how many leading bytes of a guess's digest match.
 */
export async function secretMatches(client: { clientSecret: string }, secret: string): Promise<boolean> {
  return constantTimeEqual(await sha256Hex(secret), await sha256Hex(client.clientSecret));
}

/** The user behind a user access token, or undefined once the token is bad or its session has ended. */
export async function sessionUser(deps: Deps, token: string): Promise<User | undefined> {
  const claims = await deps.signer.verify(token, userinfoAudience(deps.baseUrl), deps.clock.now());
  if (typeof claims?.sid !== 'string' || typeof claims.sub !== 'string') return undefined;
  const session = await deps.store.findSession(claims.sid);
  if (!session || session.endedAt !== null || session.userId !== claims.sub) return undefined;
  return deps.store.findUserById(session.userId);
}
