/**
 * The reference server as one Hono app, built from injected ports. Node hosts it (main.ts) and so
 * does the browser (msw/), so the components are always tested against the real logic.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from './domain/ports.js';
import { createSigner, type Signer } from './domain/tokens.js';
import { oauthErrors } from './http/errors.js';
import { authenticationRoutes } from './routes/authentication.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { devRoutes } from './routes/dev.js';
import { hostedPageRoutes } from './routes/hosted-pages.js';
import { managementRoutes } from './routes/management.js';
import { resetPageRoutes } from './routes/reset-page.js';

export interface App {
  /** `env` is the host's bindings (Node: the socket), read by `Deps.clientAddress`. */
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  hono: Hono;
  signer: Signer;
}

export function createApp(deps: Deps): App {
  const signer = createSigner(deps.store, `${deps.baseUrl}/`);
  const hono = new Hono();

  hono.use(async function accessLog(c, next) {
    const started = Date.now();
    await next();
    // The path only: query strings carry tickets (/lo/reset?ticket=…) and never reach the log.
    deps.logger.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started });
  });
  // Plain HTTP on loopback by default, so no HSTS; CORP off because browser apps on other origins read our answers.
  hono.use(secureHeaders({ strictTransportSecurity: false, crossOriginResourcePolicy: false, xFrameOptions: 'DENY' }));

  hono.route('/', authenticationRoutes(deps, signer));
  hono.route('/', hostedPageRoutes(deps));
  hono.route('/', resetPageRoutes(deps));
  hono.route('/', managementRoutes(deps, signer));
  hono.route('/', dashboardRoutes(deps, signer));
  if (deps.dev) hono.route('/', devRoutes(deps));

  hono.notFound((c) => c.json({ error: 'not_found', error_description: `No route for ${c.req.method} ${c.req.path}.` }, 404));
  hono.onError(oauthErrors(deps.logger));

  return { fetch: (request, env) => hono.fetch(request, env), hono, signer };
}
