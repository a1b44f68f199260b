/**
 * The admin dashboard (seed: "Manually set users' passwords using the Auth0 Dashboard"): one page
 * under a strict CSP, its script bundle, and the sign-in that trades an admin's password for a
 * short-lived Management API token. Everything else the page does goes through /api/v2.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { DashboardSessionRequest } from '../../src/api/contract.js';
import { signInAdmin } from '../domain/dashboard.js';
import type { Deps } from '../domain/ports.js';
import { limitBody } from '../http/body-limit.js';
import { managementErrors } from '../http/errors.js';
import { NO_STORE, strictCsp } from '../http/headers.js';
import { clientAddress, enforceRateLimit } from '../http/rate-limit.js';
import { readBody, validate } from '../http/request.js';
import { DASHBOARD_SCRIPT } from '../paths.js';

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

/** Mounted at `PREFIX.dashboard`; `/dashboard/` redirects here from app.ts (a prefix route cannot end in a slash). */
export function dashboardRoutes(deps: Deps) {
  return new Hono()
    .onError(managementErrors(deps.logger))
    .get('/', strictCsp(), (c) => c.html(page(deps), 200, NO_STORE))

    // JSON only and no CORS here: another site's page cannot send this (it would need a preflight we refuse).
    .post('/session', limitBody(), async (c) => {
      await enforceRateLimit(c, deps, 'dashboardSession', clientAddress(c, deps));
      const { email, password } = validate(DashboardSessionRequest, await readBody(c, ['json']));
      return c.json(await signInAdmin(deps, email, password), 200, NO_STORE);
    });
}
