/**
 * Auth0's Authentication API: the reset request, the token grants, userinfo and the discovery
 * documents. It has no single prefix, so it is one router per prefix, each with the family's
 * middleware: CORS from the tenant's allowed origins (browser clients call it cross-origin),
 * bounded bodies, and errors in the `{error, error_description}` envelope.
 */
import { Hono } from 'hono';
import {
  AuthorizationCodeRequest, CHANGE_PASSWORD_SENT, ChangePasswordRequest, ClientCredentialsRequest, GRANT_PASSWORD_REALM,
  PasswordGrantRequest, RefreshTokenRequest, RevokeRequest,
} from '../../src/api/contract.js';
import { DomainError } from '../domain/errors.js';
import { clientCredentialsGrant, passwordGrant, sessionUser } from '../domain/login.js';
import { requestPasswordReset } from '../domain/password-reset.js';
import { authorizationCodeGrant, refreshTokenGrant, revokeRefreshToken } from '../domain/universal-login.js';
import type { Deps } from '../domain/ports.js';
import { issuerOf } from '../domain/tokens.js';
import { emailKey } from '../domain/email.js';
import { bearerToken } from '../http/bearer.js';
import { limitBody } from '../http/body-limit.js';
import { tenantCors } from '../http/cors.js';
import { oauthErrors } from '../http/errors.js';
import { NO_STORE } from '../http/headers.js';
import { acceptedLanguages } from '../http/languages.js';
import { clientAddress, enforceRateLimit } from '../http/rate-limit.js';
import { HttpProblem, readBody, validate } from '../http/request.js';
import { PREFIX } from '../paths.js';

/**
 * `client_secret_basic` (RFC 6749 §2.3.1): the client id and secret from an `Authorization: Basic`
 * header, form-decoded, into the body's fields. The body's own fields must not contradict it.
 */
function withBasicCredentials(body: unknown, authorization: string | undefined): unknown {
  const encoded = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(authorization ?? '')?.[1];
  if (!encoded || typeof body !== 'object' || body === null) return body;
  const decoded = atob(encoded);
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new HttpProblem(400, 'invalid_request', 'the Basic credentials must be client_id:client_secret');
  let id: string, secret: string;
  try {
    [id, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)].map((part) => decodeURIComponent(part.replace(/\+/g, ' '))) as [string, string];
  } catch {
    throw new HttpProblem(400, 'invalid_request', 'the Basic credentials are not form-encoded');
  }
  const fields = body as { client_id?: unknown };
  if (fields.client_id !== undefined && fields.client_id !== id) throw new HttpProblem(400, 'invalid_request', 'client_id differs from the Basic credentials');
  return { ...body, client_id: id, client_secret: secret };
}

export function authenticationRoutes(deps: Deps) {
  const { signer, baseUrl } = deps;
  const api = () => new Hono().onError(oauthErrors(deps.logger)).use(tenantCors(deps), limitBody());

  const databaseConnections = api()
    .post('/change_password', async (c) => {
      const body = validate(ChangePasswordRequest, await readBody(c, ['json']));
      // Counted the same for existing and unknown emails, so a 429 reveals nothing either.
      const address = clientAddress(c, deps);
      await enforceRateLimit(c, deps, 'changePasswordPerAddress', address);
      await enforceRateLimit(c, deps, 'changePasswordPerEmail', `${address}|${emailKey(body.email)}`);
      await requestPasswordReset(deps, {
        email: body.email, connection: body.connection, clientId: body.client_id, address, languages: acceptedLanguages(c.req.header('Accept-Language')),
      });
      // The same status, headers and bytes whether or not the user exists.
      return c.body(CHANGE_PASSWORD_SENT, 200, { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE });
    });

  const oauth = api()
    .post('/token', async (c) => {
      const body = withBasicCredentials(await readBody(c, ['json', 'form']), c.req.header('authorization'));
      const grantType = (body as { grant_type?: unknown } | null)?.grant_type;
      if (grantType === 'authorization_code') {
        return c.json(await authorizationCodeGrant(deps, validate(AuthorizationCodeRequest, body)), 200, NO_STORE);
      }
      if (grantType === 'refresh_token') {
        return c.json(await refreshTokenGrant(deps, validate(RefreshTokenRequest, body)), 200, NO_STORE);
      }
      if (grantType === 'client_credentials') {
        return c.json(await clientCredentialsGrant(deps, validate(ClientCredentialsRequest, body)), 200, NO_STORE);
      }
      if (grantType === GRANT_PASSWORD_REALM || grantType === 'password') {
        const request = validate(PasswordGrantRequest, body);
        const address = clientAddress(c, deps);
        await enforceRateLimit(c, deps, 'passwordLogin', `${address}|${emailKey(request.username)}`);
        return c.json(await passwordGrant(deps, request, address), 200, NO_STORE);
      }
      if (grantType === undefined) throw new HttpProblem(400, 'invalid_request', 'grant_type is required');
      throw new HttpProblem(400, 'unsupported_grant_type', `Unsupported grant type: ${String(grantType)}`);
    })

    // RFC 7009: 200 whether or not the token was known, so the answer tells nothing.
    .post('/revoke', async (c) => {
      const body = withBasicCredentials(await readBody(c, ['json', 'form']), c.req.header('authorization'));
      await revokeRefreshToken(deps, validate(RevokeRequest, body));
      return c.body(null, 200, NO_STORE);
    });

  const userinfo = api()
    .get('/', async (c) => {
      const token = bearerToken(c.req.header('authorization'));
      const user = token ? await sessionUser(deps, token) : undefined;
      if (!user) {
        c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw new DomainError('invalid_client', 'Unauthorized');
      }
      return c.json({ sub: user.id, email: user.email, email_verified: user.emailVerified, name: user.name ?? user.email }, 200, NO_STORE);
    });

  const wellKnown = api()
    .get('/jwks.json', async (c) => c.json(await signer.jwks()))
    .get('/openid-configuration', (c) => c.json({
      issuer: issuerOf(baseUrl),
      token_endpoint: `${baseUrl}${PREFIX.oauth}/token`,
      userinfo_endpoint: `${baseUrl}${PREFIX.userinfo}`,
      jwks_uri: `${baseUrl}${PREFIX.wellKnown}/jwks.json`,
      authorization_endpoint: `${baseUrl}${PREFIX.authorize}`,
      revocation_endpoint: `${baseUrl}${PREFIX.oauth}/revoke`,
      end_session_endpoint: `${baseUrl}/oidc/logout`,
      grant_types_supported: ['authorization_code', 'refresh_token', GRANT_PASSWORD_REALM, 'password', 'client_credentials'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'form_post', 'web_message'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'email', 'email_verified', 'name', 'nickname', 'updated_at', 'sid'],
    }));

  return new Hono()
    .route(PREFIX.databaseConnections, databaseConnections)
    .route(PREFIX.oauth, oauth)
    .route(PREFIX.userinfo, userinfo)
    .route(PREFIX.wellKnown, wellKnown);
}
