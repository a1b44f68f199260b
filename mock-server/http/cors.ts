/**
 * CORS for the browser-facing APIs: only the exact origins the tenant's applications list (and our
 * own) are echoed, with `Vary: Origin`. The Management API is never CORS-enabled.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Deps } from '../domain/ports.js';
import { allowedOrigins } from '../domain/tenant.js';

/** So a page on another origin can read how long to wait after a 429, and show a countdown. */
const EXPOSED = 'Retry-After';

export function tenantCors(deps: Deps): MiddlewareHandler {
  const origins = allowedOrigins(deps.config, deps.baseUrl);
  const preflight = cors({
    origin: (origin) => (origins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type', 'Auth0-Client', 'Authorization'],
    exposeHeaders: [EXPOSED],
    maxAge: 600,
  });
  return async function tenantCors(c, next) {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    // On the handler's answer, once it is there: Hono's cors sets these before the handler (an empty answer the
    // handler's then replaces) and Vary through c.header after it, and either makes @hono/node-server turn its
    // light answer into a whole web Response with a body stream, for every request.
    const origin = c.req.header('origin');
    if (origin && origins.has(origin)) c.res.headers.set('Access-Control-Allow-Origin', origin);
    c.res.headers.set('Access-Control-Expose-Headers', EXPOSED);
    c.res.headers.append('Vary', 'Origin');
  };
}
