/**
 * The admin dashboard (seed: "Manually set users' passwords using the Auth0 Dashboard"): one page
 * under a strict CSP, its script bundle, and the sign-in that trades an admin's password for a
 * short-lived Management API token. Everything else the page does goes through /api/v2.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import { DashboardSessionRequest } from '../../src/api/contract.js';
import { signInAdmin } from '../domain/dashboard.js';
import type { Deps } from '../domain/ports.js';
import type { Signer } from '../domain/tokens.js';
import { limitBody } from '../http/body-limit.js';
import { managementErrors } from '../http/errors.js';
import { clientAddress, enforceRateLimit } from '../http/rate-limit.js';
import { readBody, validate } from '../http/request.js';

const NO_STORE = { 'Cache-Control': 'no-store' };
/** Path of the dashboard bundle (built by `npm run build:dashboard`, served by the Node host: node/static.ts). */
export const DASHBOARD_SCRIPT = '/dashboard/dashboard.js';

const page = (deps: Deps) => html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Dashboard · ${deps.config.tenant.friendlyName}</title>
<script type="module" src="${DASHBOARD_SCRIPT}"></script>
</head>
<body>
<dashboard-app tenant="${deps.config.tenant.friendlyName}"></dashboard-app>
<noscript><p>The dashboard needs JavaScript.</p></noscript>
</body>
</html>`;

const strictCsp = secureHeaders({
  referrerPolicy: 'no-referrer',
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
});

export function dashboardRoutes(deps: Deps, signer: Signer) {
  const app = new Hono().onError(managementErrors(deps.logger));
  app.use('/dashboard/session', limitBody());

  return app
    .get('/dashboard', strictCsp, (c) => c.html(page(deps), 200, NO_STORE))
    .get('/dashboard/', (c) => c.redirect('/dashboard'))

    // JSON only and no CORS here: another site's page cannot send this (it would need a preflight we refuse).
    .post('/dashboard/session', async (c) => {
      await enforceRateLimit(c, deps, 'dashboardSession', clientAddress(c, deps));
      const { email, password } = validate(DashboardSessionRequest, await readBody(c, ['json']));
      return c.json(await signInAdmin(deps, signer, email, password), 200, NO_STORE);
    });
}
