/**
 * The JSON calls of the reset flow: the two the hosted password-reset page makes, and the exchange of a mailed
 * code for a ticket that `<login-box>` makes in place of opening the link. They take JSON only (so a browser must
 * preflight them) from our own origin or one the tenant allows, which is what stops a cross-site
 * form post (CSRF). The page never spends the ticket; only the POST that sets the password does.
 */
import { Hono, type Context } from 'hono';
import {
  ResetCodeRequest, ResetPasswordRequest, TicketInfoRequest, type ResetCodeResponse, type ResetPasswordResponse, type TicketInfoResponse,
} from '../../../src/api/contract.js';
import { loginIdentifier } from '../../domain/email.js';
import { describeTicket, resetPassword } from '../../domain/password-reset.js';
import { exchangeResetCode } from '../../domain/reset-code.js';
import type { Deps } from '../../domain/ports.js';
import { allowedOrigins } from '../../domain/tenant.js';
import { limitBody } from '../../http/body-limit.js';
import { tenantCors } from '../../http/cors.js';
import { legacyErrors } from '../../http/errors.js';
import { NO_STORE } from '../../http/headers.js';
import { acceptedLanguages } from '../../http/languages.js';
import { clientAddress, enforceRateLimit } from '../../http/rate-limit.js';
import { HttpProblem, readBody, validate } from '../../http/request.js';

/**
 * Browsers always send Origin on these POSTs; one we do not know is a cross-site request. Fetch Metadata
 * adds what a missing Origin hides: a request the browser marks as from another site (or no site) must
 * name an allowed Origin, since embedding apps on the tenant's origins call this API cross-site.
 * Neither header (curl, a server) stays allowed, as in Auth0.
 */
function assertKnownOrigin(c: Context, origins: Set<string>) {
  const origin = c.req.header('origin');
  if (origin !== undefined && !origins.has(origin)) {
    throw new HttpProblem(400, 'invalid_request', `Origin ${origin} is not allowed.`);
  }
  const site = c.req.header('sec-fetch-site');
  if (origin === undefined && site !== undefined && site !== 'same-origin') {
    throw new HttpProblem(400, 'invalid_request', `A ${site} request must name its Origin.`);
  }
}

export function resetPageApi(deps: Deps) {
  const origins = allowedOrigins(deps.config, deps.baseUrl).add(new URL(deps.baseUrl).origin);
  return new Hono()
    .onError(legacyErrors(deps.logger))
    .use(tenantCors(deps), limitBody())

    .post('/ticket', async (c) => {
      assertKnownOrigin(c, origins);
      await enforceRateLimit(c, deps, 'resetPage', clientAddress(c, deps));
      const { ticket } = validate(TicketInfoRequest, await readBody(c, ['json']));
      const info = await describeTicket(deps, ticket);
      const body: TicketInfoResponse = { email: info.email, connection: info.connection, policy: info.policy };
      return c.json(body, 200, NO_STORE);
    })

    .post('/', async (c) => {
      assertKnownOrigin(c, origins);
      await enforceRateLimit(c, deps, 'resetPage', clientAddress(c, deps));
      const { ticket, newPassword } = validate(ResetPasswordRequest, await readBody(c, ['json']));
      const next = await resetPassword(deps, ticket, newPassword, acceptedLanguages(c.req.header('Accept-Language')));
      const body: ResetPasswordResponse = next.resultUrl ? { result_url: next.resultUrl } : {};
      return c.json(body, 200, NO_STORE);
    })

    .post('/code', async (c) => {
      assertKnownOrigin(c, origins);
      await enforceRateLimit(c, deps, 'resetCodePerAddress', clientAddress(c, deps));
      const request = validate(ResetCodeRequest, await readBody(c, ['json']));
      // Per email whoever asks, counted for unknown emails too, so a 429 reveals nothing either.
      await enforceRateLimit(c, deps, 'resetCodePerEmail', loginIdentifier(request.connection, request.email));
      const { ticket } = await exchangeResetCode(deps, { email: request.email, connection: request.connection, clientId: request.client_id, code: request.code });
      const body: ResetCodeResponse = { ticket };
      return c.json(body, 200, NO_STORE);
    });
}
