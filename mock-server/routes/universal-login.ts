/**
 * Universal Login in the browser: /authorize (and its resume step), the hosted login page with
 * <login-box> in its hosted mode, and logout. Refusals that must not redirect (unknown client,
 * unregistered redirect URI) are HTML error pages; the page's sign-in POST is JSON from our own
 * origin only, bound to the transaction by a cookie, with errors in the OAuth envelope.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { HostedLoginRequest, type HostedLoginResponse } from '../../src/api/contract.js';
import { emailKey } from '../domain/email.js';
import { DomainError } from '../domain/errors.js';
import type { Deps } from '../domain/ports.js';
import { hostedConnection } from '../domain/tenant.js';
import {
  allowedLogoutUrl, authorize, AuthorizeRefusal, endLoginSession, ownTransaction, resume, signInToTransaction,
  type AuthorizationResponse,
} from '../domain/universal-login.js';
import { limitBody } from '../http/body-limit.js';
import { oauthErrors } from '../http/errors.js';
import { NO_STORE, strictCsp } from '../http/headers.js';
import { clientAddress, enforceRateLimit } from '../http/rate-limit.js';
import { HttpProblem, readBody, validate } from '../http/request.js';
import { PREFIX } from '../paths.js';
import { hostedPageLayout, pageLanguage } from './hosted-page.js';

/** The login session (SSO) and the login transaction cookies. */
export const SESSION_COOKIE = 'login_box_session';
export const TRANSACTION_COOKIE = 'login_box_transaction';
const FORM_POST_SCRIPT = '/form-post.js';
const WEB_MESSAGE_SCRIPT = '/web-message.js';
const SCRIPT_HEADERS = { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=86400' };

const cookieOptions = (deps: Deps, maxAgeSeconds: number) => ({
  httpOnly: true, secure: deps.baseUrl.startsWith('https:'), sameSite: 'Lax' as const, path: '/', maxAge: maxAgeSeconds,
});

const errorPage = (c: Context, status: 400, title: string, message: string) =>
  c.html(html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${message}</p></main></body>
</html>`, status, NO_STORE);

/** Sends the browser back to the application: a redirect with the query, a form it posts itself, or a message to its window. */
function respond(c: Context, { redirectUri, responseMode, params }: AuthorizationResponse) {
  if (responseMode === 'query') {
    const url = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return c.redirect(url.href, 302);
  }
  const app = new URL(redirectUri).origin;
  if (responseMode === 'web_message') {
    // Auth0's web_message: our script posts { type: 'authorization_response', response } to the app's window (the
    // SDK's hidden iframe's parent, a popup's opener), to the app's origin only; only that origin may frame the page.
    c.header('Content-Security-Policy', `default-src 'none'; script-src 'self'; frame-ancestors ${app}; form-action 'none'; base-uri 'none'`);
    return c.html(html`<!doctype html>
<html lang="en" data-origin="${app}" data-response="${JSON.stringify(params)}">
<head><meta charset="utf-8"><title>Signing in…</title><script src="${PREFIX.authorize}${WEB_MESSAGE_SCRIPT}" defer></script></head>
<body></body>
</html>`, 200, NO_STORE);
  }
  // form_post (OAuth 2.0 Form Post Response Mode): a same-origin script submits it; no inline script under our CSP.
  c.header('Content-Security-Policy', `default-src 'none'; script-src 'self'; form-action ${app}; frame-ancestors 'none'; base-uri 'none'`);
  return c.html(html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Signing in…</title><script src="${PREFIX.authorize}${FORM_POST_SCRIPT}" defer></script></head>
<body><form method="post" action="${redirectUri}">
${Object.entries(params).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<noscript><button type="submit">Continue</button></noscript>
</form></body>
</html>`, 200, NO_STORE);
}

/** Browsers always send Origin on a fetch POST; only our own page may sign in to a transaction. */
function assertOwnPage(c: Context, deps: Deps) {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (origin !== new URL(deps.baseUrl).origin || (site !== undefined && site !== 'same-origin')) {
    throw new HttpProblem(403, 'access_denied', 'Sign-in is accepted only from the login page itself.');
  }
}

export function authorizeRoutes(deps: Deps) {
  const csp = strictCsp();
  return new Hono()
    .use(csp)
    .get('/', async (c) => {
      let outcome;
      try {
        outcome = await authorize(deps, new URL(c.req.url).searchParams, getCookie(c, SESSION_COOKIE));
      } catch (error) {
        if (error instanceof AuthorizeRefusal) return errorPage(c, 400, 'Cannot sign in', error.message);
        if (error instanceof DomainError) return errorPage(c, 400, 'Cannot sign in', error.message);
        throw error;
      }
      if (outcome.kind === 'respond') return respond(c, outcome.response);
      setCookie(c, TRANSACTION_COOKIE, outcome.secret, cookieOptions(deps, 3600));
      return c.redirect(`${PREFIX.hostedLogin}?state=${outcome.transaction.id}`, 302);
    })

    .get('/resume', async (c) => {
      const transaction = await ownTransaction(deps, c.req.query('state') ?? '', getCookie(c, TRANSACTION_COOKIE));
      if (!transaction) return errorPage(c, 400, 'Cannot sign in', 'This sign-in has expired or belongs to another browser. Go back to the application and try again.');
      const response = await resume(deps, transaction, getCookie(c, SESSION_COOKIE));
      if (!response) return c.redirect(`${PREFIX.hostedLogin}?state=${transaction.id}`, 302);
      deleteCookie(c, TRANSACTION_COOKIE, { path: '/' });
      return respond(c, response);
    })

    .get(FORM_POST_SCRIPT, (c) => c.body('document.forms[0].submit();\n', 200, SCRIPT_HEADERS))
    .get(WEB_MESSAGE_SCRIPT, (c) => c.body(`const { origin, response } = document.documentElement.dataset;
(window.opener ?? window.parent).postMessage({ type: 'authorization_response', response: JSON.parse(response) }, origin);
`, 200, SCRIPT_HEADERS));
}

/** The hosted login page (`PREFIX.hostedLogin`): Auth0's New Universal Login at /u/login. */
export function hostedLoginRoutes(deps: Deps) {
  const layout = hostedPageLayout(deps);
  const connection = hostedConnection(deps.config);
  return new Hono()
    .onError(oauthErrors(deps.logger))
    .get('/', layout.csp, layout.language, async (c) => {
      const transaction = await ownTransaction(deps, c.req.query('state') ?? '', getCookie(c, TRANSACTION_COOKIE));
      if (!transaction) return errorPage(c, 400, 'Cannot sign in', 'This sign-in has expired or belongs to another browser. Go back to the application and try again.');
      const lang = pageLanguage(transaction.uiLocales, c.get('language'));
      return c.html(layout.render(lang, html`<login-box transaction="${transaction.id}" client-id="${transaction.clientId}" connection="${connection}" reset-method="${deps.config.emailTemplates.resetEmail.method}"${transaction.loginHint ? html` login-hint="${transaction.loginHint}"` : ''}></login-box>
<noscript><p>This page needs JavaScript to sign you in.</p></noscript>`), 200, { ...NO_STORE, Vary: 'Accept-Language' });
    })

    .post('/', limitBody(), async (c) => {
      assertOwnPage(c, deps);
      const request = validate(HostedLoginRequest, await readBody(c, ['json']));
      const address = clientAddress(c, deps);
      await enforceRateLimit(c, deps, 'passwordLogin', `${address}|${emailKey(request.username)}`);
      const transaction = await ownTransaction(deps, request.state, getCookie(c, TRANSACTION_COOKIE));
      const { sessionSecret } = await signInToTransaction(deps, transaction, request.username, request.password, address);
      setCookie(c, SESSION_COOKIE, sessionSecret, cookieOptions(deps, deps.config.loginSession.absoluteLifetimeInSeconds));
      const body: HostedLoginResponse = { location: `${deps.baseUrl}${PREFIX.authorize}/resume?state=${request.state}` };
      return c.json(body, 200, NO_STORE);
    });
}

/** GET /v2/logout (Auth0's) and GET /oidc/logout (OpenID RP-Initiated Logout): both end the login session. */
export function logoutRoutes(deps: Deps) {
  const loggedOut = async (c: Context, clientId: string | undefined, returnTo: string | undefined, state?: string) => {
    await endLoginSession(deps, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    if (returnTo === undefined) return loggedOutPage(c);
    const allowed = allowedLogoutUrl(deps, clientId, returnTo);
    if (!allowed) {
      return errorPage(c, 400, 'Logged out', `You are logged out, but "${returnTo}" is not on the application's Allowed Logout URLs, so you were not sent there.`);
    }
    const url = new URL(allowed);
    if (state !== undefined) url.searchParams.set('state', state);
    return c.redirect(url.href, 302);
  };
  const loggedOutPage = (c: Context) =>
    c.html(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Logged out</title></head><body><main><h1>You are logged out.</h1></main></body></html>`, 200, NO_STORE);

  // Mounted at the root (two prefixes): middleware goes on each route, never `use`.
  const csp = strictCsp();
  return new Hono()
    .get('/v2/logout', csp, (c) => loggedOut(c, c.req.query('client_id'), c.req.query('returnTo')))
    .get('/oidc/logout', csp, (c) => loggedOut(c, c.req.query('client_id'), c.req.query('post_logout_redirect_uri'), c.req.query('state')));
}
