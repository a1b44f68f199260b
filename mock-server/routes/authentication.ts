/**
 * Auth0's Authentication API: the reset request, the token grants, userinfo and the discovery
 * documents. Browser clients call it cross-origin, so CORS is answered here from the tenant's
 * allowed origins; errors use the `{error, error_description}` envelope.
 */
import { Hono } from 'hono';
import {
  CHANGE_PASSWORD_SENT, ChangePasswordRequest, ClientCredentialsRequest, GRANT_PASSWORD_REALM, PasswordGrantRequest,
} from '../../src/api/contract.js';
import { DomainError } from '../domain/errors.js';
import { clientCredentialsGrant, passwordGrant, sessionUser } from '../domain/login.js';
import { requestPasswordReset } from '../domain/password-reset.js';
import type { Deps } from '../domain/ports.js';
import type { Signer } from '../domain/tokens.js';
import { emailKey } from '../domain/email.js';
import { limitBody } from '../http/body-limit.js';
import { tenantCors } from '../http/cors.js';
import { oauthErrors } from '../http/errors.js';
import { clientAddress, enforceRateLimit } from '../http/rate-limit.js';
import { HttpProblem, readBody, validate } from '../http/request.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function authenticationRoutes(deps: Deps, signer: Signer) {
  const issuer = `${deps.baseUrl}/`;

  const app = new Hono().onError(oauthErrors(deps.logger));
  // Scoped by path: mounted at the root, an unscoped `use` would also run for the other route families.
  const cors = tenantCors(deps);
  const limit = limitBody();
  for (const path of ['/dbconnections/*', '/oauth/*', '/userinfo', '/.well-known/*']) app.use(path, cors, limit);

  return app
    .post('/dbconnections/change_password', async (c) => {
      const body = validate(ChangePasswordRequest, await readBody(c, ['json']));
      // Counted the same for existing and unknown emails, so a 429 reveals nothing either.
      const address = clientAddress(c, deps);
      await enforceRateLimit(c, deps, 'changePasswordPerAddress', address);
      await enforceRateLimit(c, deps, 'changePasswordPerEmail', `${address}|${emailKey(body.email)}`);
      await requestPasswordReset(deps, { email: body.email, connection: body.connection, clientId: body.client_id });
      // The same status, headers and bytes whether or not the user exists.
      return c.body(CHANGE_PASSWORD_SENT, 200, { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE });
    })

    .post('/oauth/token', async (c) => {
      const body = await readBody(c, ['json', 'form']);
      const grantType = (body as { grant_type?: unknown } | null)?.grant_type;
      if (grantType === 'client_credentials') {
        return c.json(await clientCredentialsGrant(deps, signer, validate(ClientCredentialsRequest, body)), 200, NO_STORE);
      }
      if (grantType === GRANT_PASSWORD_REALM || grantType === 'password') {
        const request = validate(PasswordGrantRequest, body);
        const address = clientAddress(c, deps);
        await enforceRateLimit(c, deps, 'passwordLogin', `${address}|${emailKey(request.username)}`);
        return c.json(await passwordGrant(deps, signer, request, address), 200, NO_STORE);
      }
      if (grantType === undefined) throw new HttpProblem(400, 'invalid_request', 'grant_type is required');
      throw new HttpProblem(400, 'unsupported_grant_type', `Unsupported grant type: ${String(grantType)}`);
    })

    .get('/userinfo', async (c) => {
      const token = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const user = token ? await sessionUser(deps, signer, token) : undefined;
      if (!user) {
        c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw new DomainError('invalid_client', 'Unauthorized');
      }
      return c.json({ sub: user.id, email: user.email, email_verified: user.emailVerified, name: user.name ?? user.email }, 200, NO_STORE);
    })

    .get('/.well-known/jwks.json', async (c) => c.json(await signer.jwks()))

    .get('/.well-known/openid-configuration', (c) => c.json({
      issuer,
      token_endpoint: `${deps.baseUrl}/oauth/token`,
      userinfo_endpoint: `${deps.baseUrl}/userinfo`,
      jwks_uri: `${deps.baseUrl}/.well-known/jwks.json`,
      grant_types_supported: [GRANT_PASSWORD_REALM, 'password', 'client_credentials'],
      response_types_supported: ['token', 'id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'none'],
      scopes_supported: ['openid', 'profile', 'email'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'email', 'email_verified', 'name', 'sid'],
    }));
}
