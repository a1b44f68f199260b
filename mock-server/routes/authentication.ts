/**
 * Auth0's Authentication API: the reset request, the token grants, userinfo and the discovery
 * documents. It has no single prefix, so it is one router per prefix, each with the family's
 * middleware: CORS from the tenant's allowed origins (browser clients call it cross-origin),
 * bounded bodies, and errors in the `{error, error_description}` envelope.
 */
import { Hono } from 'hono';
import {
  CHANGE_PASSWORD_SENT, ChangePasswordRequest, ClientCredentialsRequest, GRANT_PASSWORD_REALM, PasswordGrantRequest,
} from '../../src/api/contract.js';
import { DomainError } from '../domain/errors.js';
import { clientCredentialsGrant, passwordGrant, sessionUser } from '../domain/login.js';
import { requestPasswordReset } from '../domain/password-reset.js';
import type { Deps } from '../domain/ports.js';
import { issuerOf } from '../domain/tokens.js';
import { emailKey } from '../domain/email.js';
import { bearerToken } from '../http/bearer.js';
import { limitBody } from '../http/body-limit.js';
import { tenantCors } from '../http/cors.js';
import { oauthErrors } from '../http/errors.js';
import { NO_STORE } from '../http/headers.js';
import { clientAddress, enforceRateLimit } from '../http/rate-limit.js';
import { HttpProblem, readBody, validate } from '../http/request.js';
import { PREFIX } from '../paths.js';

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
      await requestPasswordReset(deps, { email: body.email, connection: body.connection, clientId: body.client_id });
      // The same status, headers and bytes whether or not the user exists.
      return c.body(CHANGE_PASSWORD_SENT, 200, { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE });
    });

  const oauth = api()
    .post('/token', async (c) => {
      const body = await readBody(c, ['json', 'form']);
      const grantType = (body as { grant_type?: unknown } | null)?.grant_type;
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
      grant_types_supported: [GRANT_PASSWORD_REALM, 'password', 'client_credentials'],
      response_types_supported: ['token', 'id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'none'],
      scopes_supported: ['openid', 'profile', 'email'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'email', 'email_verified', 'name', 'sid'],
    }));

  return new Hono()
    .route(PREFIX.databaseConnections, databaseConnections)
    .route(PREFIX.oauth, oauth)
    .route(PREFIX.userinfo, userinfo)
    .route(PREFIX.wellKnown, wellKnown);
}
