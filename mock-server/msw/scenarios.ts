/**
 * Runtime overrides (`worker.use(...)`) for what the reference app cannot produce: a dead network,
 * rate limiting, a slow reply. Bodies are built through the contract, so an override cannot
 * invent an error shape the client does not know.
 */
import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import { OAuthError } from '../../src/api/contract.js';
import type { App } from '../app.js';
import { MSW_ORIGIN } from './handlers.js';

/** Every request to `path` fails as if the network were down. */
export const networkError = (path: string, origin = MSW_ORIGIN): RequestHandler =>
  http.all(`${origin}${path}`, () => HttpResponse.error());

/** `path` answers 429 with Retry-After, in the Authentication API's envelope. */
export const rateLimited = (path: string, retryAfterSeconds: number, origin = MSW_ORIGIN): RequestHandler =>
  http.all(`${origin}${path}`, () => HttpResponse.json(
    OAuthError.parse({ error: 'too_many_requests', error_description: 'Rate limit exceeded.' }),
    {
      status: 429,
      // Cross-origin callers can read Retry-After only when it is exposed.
      headers: { 'Retry-After': String(retryAfterSeconds), 'Access-Control-Expose-Headers': 'Retry-After' },
    },
  ));

/** `path` answers as the app does, `ms` later (busy states). */
export const slow = (app: Pick<App, 'fetch'>, path: string, ms: number, origin = MSW_ORIGIN): RequestHandler =>
  http.all(`${origin}${path}`, async ({ request }) => {
    await delay(ms);
    return app.fetch(request);
  });
