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
import { NEW_RESET_PAGE } from '../../paths.js';
import { hostedPageLayout, PAGE_STYLESHEET } from '../hosted-page.js';

/** The forgot-password views (for a bad link, and the new-reset page) sign in as the tenant's first application. */
const firstApplication = (deps: Deps) => deps.config.clients.find(isInteractive)?.clientId ?? '';

function form(deps: Deps) {
  const { config, baseUrl } = deps;
  const connection = hostedConnection(config);
  return html`<reset-password-form login-href="${absolute(baseUrl, config.defaultLoginRoute)}" connection="${connection}" client-id="${firstApplication(deps)}"></reset-password-form>
<noscript><p>This page needs JavaScript to set your new password.</p></noscript>`;
}

/** The forgot-password form on its own: where the "your password was changed" mail's "this wasn't me" leads. It offers the code as the tenant mails it. */
function newReset(deps: Deps) {
  return html`<login-box view="forgot-password" client-id="${firstApplication(deps)}" connection="${hostedConnection(deps.config)}" reset-method="${deps.config.emailTemplates.resetEmail.method}"></login-box>
<noscript><p>This page needs JavaScript to send you a reset link.</p></noscript>`;
}

export function resetPage(deps: Deps) {
  const layout = hostedPageLayout(deps);
  return new Hono()
    .get('/', layout.csp, layout.language, (c) => c.html(layout.render(c.get('language'), form(deps)), 200, { ...NO_STORE, Vary: 'Accept-Language' }))
    .get(NEW_RESET_PAGE, layout.csp, layout.language, (c) => c.html(layout.render(c.get('language'), newReset(deps)), 200, { ...NO_STORE, Vary: 'Accept-Language' }))
    .get(`/${PAGE_STYLESHEET}`, (c) => c.body(layout.styles, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
}
