/**
 * CORS for the browser-facing APIs: only the exact origins the tenant's applications list (and our
 * own) are echoed, with `Vary: Origin`. The Management API is never CORS-enabled.
 */
import { cors } from 'hono/cors';
import type { Deps } from '../domain/ports.js';
import { allowedOrigins } from '../domain/tenant.js';

export function tenantCors(deps: Deps) {
  const origins = allowedOrigins(deps.config, deps.baseUrl);
  return cors({
    origin: (origin) => (origins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type', 'Auth0-Client', 'Authorization'],
    // So a page on another origin can read how long to wait after a 429, and show a countdown.
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
}
