/**
 * Runtime overrides (`worker.use(...)`) for what the reference app cannot produce: a dead network,
 * rate limiting, a slow reply. Refusals are rendered by the server's own error handlers, in the
 * envelope of the API family that serves the path, so an override answers in the shape the app does
 * (test/mock-server/scenarios.test.ts holds them to the real server's answers).
 */
import { Hono, type ErrorHandler } from 'hono';
import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import type { App } from '../app.js';
import type { Logger } from '../domain/ports.js';
import { legacyErrors, managementErrors, oauthErrors } from '../http/errors.js';
import { HttpProblem } from '../http/request.js';
import { PREFIX } from '../paths.js';
import { MSW_ORIGIN } from './handlers.js';

const silent: Logger = { info() {}, warn() {}, error() {} };

/** The error handler of the route family mounted at `path`'s prefix (app.ts); the rest answer as the Authentication API. */
function familyErrors(path: string): ErrorHandler {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  if (under(PREFIX.resetPage)) return legacyErrors(silent);
  if (under(PREFIX.management) || under(PREFIX.dashboard)) return managementErrors(silent);
  return oauthErrors(silent);
}

/** Every request to `path` fails as if the network were down. */
export const networkError = (path: string, origin = MSW_ORIGIN): RequestHandler =>
  http.all(`${origin}${path}`, () => HttpResponse.error());

/**
 * `path` answers 429 with Retry-After, as the host's rate limiter makes the app answer
 * (http/rate-limit.ts): in the envelope of `path`'s family, with Retry-After exposed to the page.
 */
export function rateLimited(path: string, retryAfterSeconds: number, origin = MSW_ORIGIN): RequestHandler {
  const refuse = new Hono().onError(familyErrors(path)).all('*', (c) => {
    c.header('Retry-After', String(retryAfterSeconds));
    // Cross-origin callers can read Retry-After only when it is exposed (http/cors.ts does the same).
    c.header('Access-Control-Expose-Headers', 'Retry-After');
    throw new HttpProblem(429, 'too_many_requests', `Too many requests. Try again in ${retryAfterSeconds} seconds.`);
  });
  return http.all(`${origin}${path}`, ({ request }) => refuse.fetch(request));
}

/** `path` answers as the app does, `ms` later (busy states). */
export const slow = (app: Pick<App, 'fetch'>, path: string, ms: number, origin = MSW_ORIGIN): RequestHandler =>
  http.all(`${origin}${path}`, async ({ request }) => {
    await delay(ms);
    return app.fetch(request);
  });
