/**
 * Universal Login (notes/universal-login.md): /authorize with PKCE, the login transaction the
 * hosted page completes, login sessions (SSO), authorization codes, rotating refresh tokens and
 * logout. Secrets (cookie values, codes, refresh tokens) are random; only their hashes are stored.
 */
import { isInteractive, type InteractiveClient } from '../config.js';
import { DomainError } from './errors.js';
import { authenticate, grantableScope, LOGIN_SCOPES, secretMatches, userTokens } from './login.js';
import type { Deps, LoginTransaction, Session } from './ports.js';
import { constantTimeEqual, newSecret, randomId, sha256Base64url, sha256Hex } from './secrets.js';
import { absolute, configuredOrigin, databaseConnection, findClient, hostedConnection } from './tenant.js';
import { userinfoAudience } from './tokens.js';
import type { AuthorizationCodeRequest, RefreshTokenRequest, RevokeRequest, TokenResponse } from '../../src/api/contract.js';

/** Codes live at most 60 s (notes §2). */
const CODE_LIFETIME_MS = 60_000;
/** How long a user may take on the login page. */
const TRANSACTION_LIFETIME_MS = 3_600_000;
const INVALID_REFRESH = 'Unknown or invalid refresh token.';
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const MAX_PARAM = 2048;

/** A failure that must not redirect (unknown client, unregistered redirect URI): an error page. */
export class AuthorizeRefusal extends Error {
  override name = 'AuthorizeRefusal';
}

/** Where an answer to /authorize goes: the app's redirect URI, by query or by an auto-posted form, or its window by postMessage. */
export interface AuthorizationResponse {
  redirectUri: string;
  responseMode: LoginTransaction['responseMode'];
  params: Record<string, string>;
}

export type AuthorizeOutcome =
  | { kind: 'respond'; response: AuthorizationResponse }
  /** Show the hosted login page for this transaction; `secret` goes into the transaction cookie. */
  | { kind: 'login'; transaction: LoginTransaction; secret: string };

const one = (query: URLSearchParams, name: string): string | undefined => {
  const values = query.getAll(name);
  if (values.length > 1) throw new DomainError('invalid_request', `${name} must be given once`);
  if (values[0] !== undefined && values[0].length > MAX_PARAM) throw new DomainError('invalid_request', `${name} is too long`);
  return values[0];
};

const redirectError = (target: Pick<AuthorizationResponse, 'redirectUri' | 'responseMode'>, state: string | null | undefined, error: string, description: string): AuthorizeOutcome => ({
  kind: 'respond',
  response: { ...target, params: { error, error_description: description, ...(state != null && { state }) } },
});

const interactiveClient = (deps: Deps, clientId: string | undefined): InteractiveClient | undefined => {
  const client = clientId === undefined ? undefined : findClient(deps.config, clientId);
  return client && isInteractive(client) ? client : undefined;
};

const RESPONSE_MODES = ['query', 'form_post', 'web_message'] as const satisfies readonly LoginTransaction['responseMode'][];

/** One of the application's Allowed Web Origins ("self": our own): the only windows a web_message answer is posted to. */
const isWebOrigin = (deps: Deps, client: InteractiveClient, origin: string) =>
  client.webOrigins.some((listed) => configuredOrigin(deps.baseUrl, listed) === origin);

/** Exactly one of the application's Allowed Callback URLs (paths are on this server); no prefix or pattern matching. */
const isCallback = (deps: Deps, client: InteractiveClient, uri: string) =>
  client.callbacks.some((listed) => absolute(deps.baseUrl, listed) === uri);

/** A live login session for the cookie's secret, or undefined (ended, idle too long, or too old). */
export async function liveLoginSession(deps: Deps, secret: string | undefined): Promise<Session | undefined> {
  if (!secret || secret.length > MAX_PARAM) return undefined;
  const session = await deps.store.findSessionBySecret(await sha256Hex(secret));
  const now = deps.clock.now();
  const { idleLifetimeInSeconds, absoluteLifetimeInSeconds } = deps.config.loginSession;
  if (!session || session.endedAt !== null) return undefined;
  if (now - session.lastUsedAt >= idleLifetimeInSeconds * 1000 || now - session.createdAt >= absoluteLifetimeInSeconds * 1000) return undefined;
  return session;
}

/** GET /authorize. `sessionSecret` is the login-session cookie, if the browser sent one. */
export async function authorize(deps: Deps, query: URLSearchParams, sessionSecret: string | undefined): Promise<AuthorizeOutcome> {
  const client = interactiveClient(deps, one(query, 'client_id'));
  if (!client) throw new AuthorizeRefusal('Unknown client: the client_id is not an application of this tenant.');
  const redirectUri = one(query, 'redirect_uri');
  if (!redirectUri || !isCallback(deps, client, redirectUri)) {
    throw new AuthorizeRefusal(`The redirect_uri is not on the Allowed Callback URLs of the application "${client.name}".`);
  }
  const state = one(query, 'state') ?? null;
  const modeParam = one(query, 'response_mode') ?? 'query';
  const responseMode = RESPONSE_MODES.find((mode) => mode === modeParam) ?? 'query';
  if (responseMode === 'web_message' && !isWebOrigin(deps, client, new URL(redirectUri).origin)) {
    throw new AuthorizeRefusal(`The origin of the redirect_uri is not on the Allowed Web Origins of the application "${client.name}", so web_message cannot answer it.`);
  }
  const target = { redirectUri, responseMode } as const;
  if (modeParam !== responseMode) {
    return redirectError(target, state, 'invalid_request', `Unsupported response_mode: ${modeParam} (${RESPONSE_MODES.join(', ')} are supported).`);
  }
  const responseType = one(query, 'response_type');
  if (responseType !== 'code') {
    return redirectError(target, state, 'unsupported_response_type', `Unsupported response type: ${responseType ?? '(none)'}`);
  }
  const codeChallenge = one(query, 'code_challenge') ?? null;
  const method = one(query, 'code_challenge_method');
  if (codeChallenge === null && client.type === 'spa') {
    return redirectError(target, state, 'invalid_request', 'code_challenge is required: public applications must use PKCE (S256).');
  }
  if (codeChallenge !== null && method !== 'S256') {
    return redirectError(target, state, 'invalid_request', 'code_challenge_method must be S256 (plain is not allowed).');
  }
  if (codeChallenge !== null && !PKCE_CHALLENGE.test(codeChallenge)) {
    return redirectError(target, state, 'invalid_request', 'code_challenge must be 43 to 128 base64url characters.');
  }
  const audience = one(query, 'audience') ?? null;
  if (audience !== null && audience !== userinfoAudience(deps.baseUrl)) {
    return redirectError(target, state, 'access_denied', `Service not found: ${audience}`);
  }
  const prompt = one(query, 'prompt');
  if (prompt !== undefined && prompt !== 'none' && prompt !== 'login') {
    return redirectError(target, state, 'invalid_request', 'prompt must be none or login.');
  }
  const maxAgeParam = one(query, 'max_age');
  if (maxAgeParam !== undefined && !/^\d{1,9}$/.test(maxAgeParam)) {
    return redirectError(target, state, 'invalid_request', 'max_age must be a whole number of seconds.');
  }
  const now = deps.clock.now();
  const { secret, hash } = await newSecret();
  const transaction: LoginTransaction = {
    id: randomId(), secretHash: hash, clientId: client.clientId, redirectUri, responseMode, state,
    nonce: one(query, 'nonce') ?? null, codeChallenge, scope: grantableScope(one(query, 'scope') ?? 'openid', LOGIN_SCOPES),
    audience, maxAge: maxAgeParam === undefined ? null : Number(maxAgeParam),
    loginHint: one(query, 'login_hint') ?? null, uiLocales: one(query, 'ui_locales') ?? null,
    createdAt: now, expiresAt: now + TRANSACTION_LIFETIME_MS,
  };

  const session = prompt === 'login' ? undefined : await liveLoginSession(deps, sessionSecret);
  if (session && satisfiesMaxAge(deps, session, transaction)) return { kind: 'respond', response: await answer(deps, transaction, session) };
  if (prompt === 'none') return redirectError(target, state, 'login_required', 'Login required');
  await deps.store.createLoginTransaction(transaction);
  return { kind: 'login', transaction, secret };
}

const satisfiesMaxAge = (deps: Deps, session: Session, transaction: LoginTransaction) =>
  transaction.maxAge === null || deps.clock.now() - session.authTime <= transaction.maxAge * 1000;

/** Issues a code for the transaction from a live session: the redirect back to the application. */
async function answer(deps: Deps, transaction: LoginTransaction, session: Session): Promise<AuthorizationResponse> {
  const now = deps.clock.now();
  await deps.store.touchSession(session.id, now);
  const { secret: code, hash } = await newSecret();
  await deps.store.insertAuthorizationCode({
    hash, clientId: transaction.clientId, redirectUri: transaction.redirectUri, codeChallenge: transaction.codeChallenge,
    scope: transaction.scope, audience: transaction.audience, nonce: transaction.nonce, sessionId: session.id, userId: session.userId,
    createdAt: now, expiresAt: now + CODE_LIFETIME_MS, usedAt: null, refreshFamily: null,
  });
  return {
    redirectUri: transaction.redirectUri, responseMode: transaction.responseMode,
    params: { code, ...(transaction.state !== null && { state: transaction.state }) },
  };
}

/** The transaction behind the login page, if it is live and this browser (its cookie's secret) started it. */
export async function ownTransaction(deps: Deps, id: string, secret: string | undefined): Promise<LoginTransaction | undefined> {
  const transaction = id.length <= MAX_PARAM ? await deps.store.findLoginTransaction(id) : undefined;
  if (!transaction || !secret || transaction.expiresAt <= deps.clock.now()) return undefined;
  return constantTimeEqual(transaction.secretHash, await sha256Hex(secret)) ? transaction : undefined;
}

const EXPIRED_TRANSACTION = 'This login page has expired or belongs to another browser. Go back to the application and sign in again.';

/**
 * The hosted page's sign-in: checks the password (brute-force protection included), opens a login
 * session and returns its cookie secret. The browser then resumes the transaction.
 */
export async function signInToTransaction(
  deps: Deps, transaction: LoginTransaction | undefined, username: string, password: string, address: string,
): Promise<{ sessionSecret: string; session: Session }> {
  if (!transaction) throw new DomainError('invalid_request', EXPIRED_TRANSACTION);
  const connection = databaseConnection(deps.config, hostedConnection(deps.config));
  const user = await authenticate(deps, connection.name, username, password, address);
  const now = deps.clock.now();
  const { secret, hash } = await newSecret();
  const session: Session = {
    id: randomId(), userId: user.id, clientId: transaction.clientId, createdAt: now, endedAt: null, secretHash: hash, authTime: now, lastUsedAt: now,
  };
  await deps.store.createSession(session);
  return { sessionSecret: secret, session };
}

/** /authorize/resume: answers the transaction with the browser's session, or undefined (back to the login page). */
export async function resume(deps: Deps, transaction: LoginTransaction, sessionSecret: string | undefined): Promise<AuthorizationResponse | undefined> {
  const session = await liveLoginSession(deps, sessionSecret);
  if (!session) return undefined;
  await deps.store.deleteLoginTransaction(transaction.id);
  return answer(deps, transaction, session);
}

/** Client authentication at the token endpoint: public apps send no secret, confidential ones must. */
async function tokenClient(deps: Deps, clientId: string, secret: string | undefined): Promise<InteractiveClient> {
  const client = interactiveClient(deps, clientId);
  if (!client) throw new DomainError('invalid_client', 'Unauthorized');
  if (client.type === 'regular_web' && (secret === undefined || !(await secretMatches(client, secret)))) {
    throw new DomainError('invalid_client', 'Unauthorized');
  }
  return client;
}

const liveSession = async (deps: Deps, id: string) => {
  const session = await deps.store.findSession(id);
  return session && session.endedAt === null ? session : undefined;
};

/** grant_type=authorization_code. A replayed code revokes the refresh tokens its first use issued. */
export async function authorizationCodeGrant(deps: Deps, request: AuthorizationCodeRequest): Promise<TokenResponse> {
  const client = await tokenClient(deps, request.client_id, request.client_secret);
  const hash = await sha256Hex(request.code);
  const now = deps.clock.now();
  const used = await deps.store.useAuthorizationCode(hash, now);
  if (!used) throw new DomainError('invalid_grant', 'Invalid authorization code');
  const { code, spent } = used;
  if (!spent) {
    if (code.refreshFamily) await deps.store.revokeRefreshFamily(code.refreshFamily, now);
    throw new DomainError('invalid_grant', code.usedAt === null ? 'Authorization code has expired' : 'Invalid authorization code');
  }
  if (code.clientId !== client.clientId) throw new DomainError('invalid_grant', 'Invalid authorization code');
  if (code.redirectUri !== request.redirect_uri) throw new DomainError('invalid_grant', 'redirect_uri does not match the one the code was issued for');
  if (code.codeChallenge !== null) {
    if (request.code_verifier === undefined || !PKCE_VERIFIER.test(request.code_verifier)) {
      throw new DomainError('invalid_grant', 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~');
    }
    if ((await sha256Base64url(request.code_verifier)) !== code.codeChallenge) throw new DomainError('invalid_grant', 'Failed to verify code verifier');
  } else if (request.code_verifier !== undefined) {
    // PKCE downgrade (RFC 9700 §4.8.2): a verifier is accepted only for a code whose request carried a challenge.
    throw new DomainError('invalid_grant', 'code_verifier was sent, but the authorization request had no code_challenge');
  }
  const session = await liveSession(deps, code.sessionId);
  const user = session && (await deps.store.findUserById(code.userId));
  if (!session || !user) throw new DomainError('invalid_grant', 'The login session has ended');

  let refreshToken: string | undefined;
  if (client.refreshTokens && code.scope.split(' ').includes('offline_access')) {
    const family = randomId();
    refreshToken = await issueRefreshToken(deps, { family, client, session, scope: code.scope, audience: code.audience, expiresAt: now + client.refreshTokens.absoluteLifetime * 1000 });
    await deps.store.setCodeRefreshFamily(hash, family);
  }
  return userTokens(deps, { client, user, session, scope: code.scope, nonce: code.nonce, refreshToken });
}

interface RefreshIssue { family: string; client: InteractiveClient; session: Session; scope: string; audience: string | null; expiresAt: number }

/** The first token of a new family. */
async function issueRefreshToken(deps: Deps, { family, client, session, scope, audience, expiresAt }: RefreshIssue): Promise<string> {
  const { secret, hash } = await newSecret();
  await deps.store.insertRefreshToken({
    hash, family, userId: session.userId, clientId: client.clientId, sessionId: session.id, scope, audience,
    createdAt: deps.clock.now(), expiresAt, usedAt: null, revokedAt: null,
  });
  return secret;
}

/**
 * grant_type=refresh_token with rotation: the old token retires and its successor is returned;
 * reusing a retired one revokes the whole family. The family dies with its session, after its
 * idle lifetime unused, and at its absolute end.
 */
export async function refreshTokenGrant(deps: Deps, request: RefreshTokenRequest): Promise<TokenResponse> {
  const client = await tokenClient(deps, request.client_id, request.client_secret);
  const now = deps.clock.now();
  const { secret, hash: nextHash } = await newSecret();
  const use = await deps.store.rotateRefreshToken(await sha256Hex(request.refresh_token), nextHash, now);
  if (use.outcome !== 'rotated') throw new DomainError('invalid_grant', INVALID_REFRESH);
  const { token } = use;
  const idle = (client.refreshTokens?.idleLifetime ?? 0) * 1000;
  const session = await liveSession(deps, token.sessionId);
  const user = session && (await deps.store.findUserById(token.userId));
  if (token.clientId !== client.clientId || now - token.createdAt >= idle || !session || !user) {
    await deps.store.revokeRefreshFamily(token.family, now);
    throw new DomainError('invalid_grant', INVALID_REFRESH);
  }
  const granted = token.scope.split(' ');
  const scope = request.scope === undefined ? token.scope : request.scope.split(' ').filter((s) => granted.includes(s)).join(' ');
  return userTokens(deps, { client, user, session, scope, refreshToken: secret });
}

/** POST /oauth/revoke (RFC 7009): revokes the refresh token's family; unknown tokens are not an error. */
export async function revokeRefreshToken(deps: Deps, request: RevokeRequest): Promise<void> {
  const client = await tokenClient(deps, request.client_id, request.client_secret);
  // Another application's token is left alone, and the answer is the same 200 (RFC 7009 §2.1, §2.2).
  await deps.store.revokeRefreshFamilyOf(await sha256Hex(request.token), client.clientId, deps.clock.now());
}

/** Ends the browser's login session (both logout endpoints). */
export async function endLoginSession(deps: Deps, sessionSecret: string | undefined): Promise<void> {
  const session = await liveLoginSession(deps, sessionSecret);
  if (session) await deps.store.endSession(session.id, deps.clock.now());
}

/**
 * Where a logout may send the browser: a URL on the application's Allowed Logout URLs (any
 * application's when no client is named), compared exactly; otherwise undefined.
 */
export function allowedLogoutUrl(deps: Deps, clientId: string | undefined, returnTo: string): string | undefined {
  const clients = clientId === undefined
    ? deps.config.clients.filter(isInteractive)
    : [interactiveClient(deps, clientId)].filter((client) => client !== undefined);
  return clients.some((client) => client.allowedLogoutUrls.some((listed) => absolute(deps.baseUrl, listed) === returnTo)) ? returnTo : undefined;
}
