/**
 * The reference server as one Hono app, built from injected ports. Node hosts it (main.ts) and so
 * does the browser (msw/), so the components are always tested against the real logic. Each route
 * family is mounted at its prefix (paths.ts), so its middleware runs for its own paths only.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from './domain/ports.js';
import { oauthErrors } from './http/errors.js';
import { PREFIX } from './paths.js';
import { authenticationRoutes } from './routes/authentication.js';
import { clientSettingsRoutes } from './routes/client-settings.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { devRoutes } from './routes/dev.js';
import { managementRoutes } from './routes/management.js';
import { resetPageRoutes } from './routes/reset-page/index.js';
import { authorizeRoutes, hostedLoginRoutes, logoutRoutes } from './routes/universal-login.js';

export interface App {
  /** `env` is the host's bindings (Node: the socket), read by `Deps.clientAddress`. */
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  hono: Hono;
}

export function createApp(deps: Deps): App {
  const hono = new Hono();

  hono.use(async function accessLog(c, next) {
    const started = Date.now();
    await next();
    // The path only: query strings carry tickets (/lo/reset?ticket=…) and never reach the log.
    deps.logger.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Date.now() - started });
  });
  // HSTS only when the public URL is https (plain HTTP on loopback by default), for its host alone: the tenant's other
  // subdomains are not ours to pin. CORP off because browser apps on other origins read our answers.
  const hsts = new URL(deps.baseUrl).protocol === 'https:' ? 'max-age=31536000' : false;
  hono.use(secureHeaders({ strictTransportSecurity: hsts, crossOriginResourcePolicy: false, xFrameOptions: false }));
  hono.use(async function denyFraming(c, next) {
    await next();
    // X-Frame-Options DENY on every answer but one whose CSP names who may frame it: the web_message page
    // (frame-ancestors <the application's web origin>), which a DENY would contradict for clients that read only that.
    const ancestors = c.res.headers.get('Content-Security-Policy')?.split(';').map((directive) => directive.trim()).find((directive) => directive.startsWith('frame-ancestors '));
    if (ancestors === undefined || ancestors === "frame-ancestors 'none'") c.res.headers.set('X-Frame-Options', 'DENY');
    else c.res.headers.delete('X-Frame-Options');
  });

  hono.route('/', authenticationRoutes(deps)); // several prefixes: /dbconnections, /oauth, /userinfo, /.well-known
  hono.route('/client', clientSettingsRoutes(deps)); // Lock's application settings, /client/<client_id>.js
  hono.route(PREFIX.resetPage, resetPageRoutes(deps));
  hono.route(PREFIX.authorize, authorizeRoutes(deps));
  hono.route(PREFIX.hostedLogin, hostedLoginRoutes(deps));
  hono.route('/', logoutRoutes(deps)); // /v2/logout and /oidc/logout
  hono.route(PREFIX.management, managementRoutes(deps));
  hono.route(PREFIX.dashboard, dashboardRoutes(deps));
  hono.get(`${PREFIX.dashboard}/`, (c) => c.redirect(PREFIX.dashboard));
  if (deps.dev) hono.route(PREFIX.dev, devRoutes(deps));

  hono.notFound((c) => c.json({ error: 'not_found', error_description: `No route for ${c.req.method} ${c.req.path}.` }, 404));
  hono.onError(oauthErrors(deps.logger));

  return { fetch: (request, env) => hono.fetch(request, env), hono };
}
