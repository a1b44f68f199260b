/**
 * The hosted password-reset page behind the mailed link (`GET /lo/reset?ticket=…`), laid out and
 * customised as every hosted page (../hosted-page.ts). The page is static: it never reads or
 * echoes the ticket (the component takes it from the address bar and removes it), so GETs by mail
 * scanners spend nothing.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { isInteractive } from '../../config.js';
import type { Deps } from '../../domain/ports.js';
import { absolute, hostedConnection } from '../../domain/tenant.js';
import { NO_STORE } from '../../http/headers.js';
import { hostedPageLayout, PAGE_STYLESHEET } from '../hosted-page.js';

function form(deps: Deps) {
  const { config, baseUrl } = deps;
  const connection = hostedConnection(config);
  // The forgot-password view offered for a bad link signs in as the tenant's first application.
  const clientId = config.clients.find(isInteractive)?.clientId;
  return html`<reset-password-form login-href="${absolute(baseUrl, config.defaultLoginRoute)}" connection="${connection}" client-id="${clientId ?? ''}"></reset-password-form>
<noscript><p>This page needs JavaScript to set your new password.</p></noscript>`;
}

export function resetPage(deps: Deps) {
  const layout = hostedPageLayout(deps);
  return new Hono()
    .get('/', layout.csp, layout.language, (c) => c.html(layout.render(c.get('language'), form(deps)), 200, { ...NO_STORE, Vary: 'Accept-Language' }))
    .get(`/${PAGE_STYLESHEET}`, (c) => c.body(layout.styles, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
}
