/**
 * Auth0's SPA SDK (`@auth0/auth0-spa-js` 2.28.3, its browser bundle from the npm package,
 * unchanged) in Chromium, in an app on http://localhost:5173 (the origin the demo tenant lists for
 * demo-spa), against `npm start`'s server given as `domain: 'http://127.0.0.1:<port>'`: the app's
 * "Log in" runs loginWithRedirect → the hosted login page → the user signs in in <login-box> →
 * handleRedirectCallback → getUser() → getTokenSilently({ cacheMode: 'off' }) twice over the
 * rotating refresh token → logout back to the app, after which silent login is refused. Then the
 * SDK's default, no refresh tokens, against the server on http://localhost (same site as the app):
 * getTokenSilently({ cacheMode: 'off' }) through its hidden iframe (response_mode=web_message), and
 * login_required from the frame at once after logout. Then the reset path on a tenant in New Universal Login mode: "Don't remember your password?" on the hosted
 * page → the mail → the reset page → the app's default login route → the hosted page again → the
 * new password → back in the app. The SDK keeps its tokens in memory, hence in its Web Worker; what
 * must survive the redirects (its transaction) it keeps in sessionStorage itself.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { ADA, NEW_PASSWORD, resetLinkInMail, SPA_CLIENT_ID } from '../fixtures.js';
import { launchBrowser, pageProblems, ROOT, startServer, walk, type RunningServer } from './harness.js';

const APP = 'http://localhost:5173';
const CALLBACK = `${APP}/callback`;
/** The app's default login route (New Universal Login sends the user there after a reset): it starts loginWithRedirect. */
const LOGIN_ROUTE = `${APP}/login`;
const SDK_BUNDLE = readFileSync(join(ROOT, 'node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'), 'utf8');
const SDK_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@auth0/auth0-spa-js/package.json'), 'utf8')) as { version: string }).version;
const SIGNED_IN = `Signed in as ${ADA.email}`;
const SENT = "We've just sent you an email to reset your password.";

/**
 * The app as a developer writes it from the SDK's README: one Auth0Client, "Log in" and "Log out"
 * buttons, the callback handled on /callback (then the code and state leave the address bar), and
 * /login as the default login route. What it shows is what the test reads.
 */
const appScript = (useRefreshTokens: boolean) => `
const client = new auth0.Auth0Client({
  domain: document.querySelector('meta[name=auth-domain]').content,
  clientId: ${JSON.stringify(SPA_CLIENT_ID)},
  authorizationParams: { redirect_uri: ${JSON.stringify(CALLBACK)} },
  useRefreshTokens: ${useRefreshTokens},
  cacheLocation: 'memory',
});
window.client = client;
const status = document.getElementById('status');
const login = document.getElementById('login');
const logout = document.getElementById('logout');
login.addEventListener('click', () => client.loginWithRedirect());
logout.addEventListener('click', () => client.logout({ logoutParams: { returnTo: ${JSON.stringify(`${APP}/`)} } }));
const show = (text, signedIn) => {
  status.textContent = text;
  login.hidden = signedIn;
  logout.hidden = !signedIn;
};
(async () => {
  if (location.pathname === '/login') return client.loginWithRedirect();
  if (location.pathname === '/callback') {
    try {
      await client.handleRedirectCallback();
    } catch (error) {
      history.replaceState(null, '', '/');
      return show('Sign-in failed: ' + (error.error || error.message), false);
    }
    history.replaceState(null, '', '/');
  }
  const user = await client.getUser();
  show(user ? 'Signed in as ' + user.email : 'Not signed in', Boolean(user));
})();
`;

const appPage = (domain: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>An app with the SPA SDK</title><meta name="auth-domain" content="${domain}">
<script src="/auth0-spa-js.production.js"></script></head>
<body><main><h1>An app</h1><p id="status" role="status">Loading…</p>
<button id="login" hidden>Log in</button> <button id="logout" hidden>Log out</button></main>
<script src="/app.js"></script></body>
</html>`;

/** The app on 127.0.0.1:5173; its pages use the SDK with `domain` (the server of the walk), with refresh tokens or without. */
async function startApp(domain: string, useRefreshTokens: boolean): Promise<Server> {
  const script = appScript(useRefreshTokens);
  const app = createServer((req, res) => {
    const { pathname } = new URL(req.url!, APP);
    if (pathname === '/auth0-spa-js.production.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(SDK_BUNDLE);
    if (pathname === '/app.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (['/', '/callback', '/login'].includes(pathname)) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(appPage(domain));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    app.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
      ? new Error(`port 5173 on 127.0.0.1 is taken (a Vite dev server?): the demo tenant allows demo-spa only from ${APP}, so this test needs that port; stop what holds it`)
      : error));
    app.listen(5173, '127.0.0.1', resolve);
  });
  return app;
}

async function stopApp(app: Server | undefined) {
  if (!app?.listening) return;
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
}

let browser: Browser | undefined;

/** One browser walk through the app: its server, its page, and the requests the page sent to the server. */
class Walk {
  started = 0;
  server!: RunningServer;
  app!: Server;
  context!: BrowserContext;
  page!: Page;
  problems!: string[];
  /** Every request to the server, in order (the SDK's worker's included). */
  readonly requests: Request[] = [];
  /** What /oauth/token answered, in order. */
  readonly tokens: Promise<TokenAnswer>[] = [];
  /** The page loads of the app, in order. */
  readonly appPages: string[] = [];

  /** The walk's server (with `serverArgs`), the app for it (the SDK with refresh tokens unless told), and a fresh browser context on the app's start page. */
  async start(serverArgs: string[] = [], useRefreshTokens = true) {
    this.started = Date.now();
    browser ??= await launchBrowser();
    this.server = await startServer(serverArgs);
    this.app = await startApp(this.server.url, useRefreshTokens);
    this.context = await browser.newContext();
    this.context.on('request', (request) => {
      if (new URL(request.url()).origin === this.server.url) this.requests.push(request);
      if (request.resourceType() === 'document' && new URL(request.url()).origin === APP) this.appPages.push(request.url());
    });
    this.context.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin === this.server.url && url.pathname === '/oauth/token' && response.request().method() === 'POST') {
        const answer = response.json() as Promise<TokenAnswer>;
        answer.catch(() => undefined); // a step that reads it fails; the event must not reject unheard
        this.tokens.push(answer);
      }
    });
    this.page = await this.context.newPage();
    this.problems = pageProblems(this.page);
    await this.page.goto(`${APP}/`);
    await this.page.getByRole('status').filter({ hasText: 'Not signed in' }).waitFor();
  }

  /** The server's requests to `path` (method `POST` unless told), in order. */
  sent(path: string, method = 'POST'): Request[] {
    return this.requests.filter((request) => request.method() === method && new URL(request.url()).pathname === path);
  }

  /** The token endpoint's requests, as form fields. */
  tokenRequests(): Record<string, string>[] {
    return this.sent('/oauth/token').map((request) => Object.fromEntries(new URLSearchParams(request.postData() ?? '')));
  }

  /** The app's page loads of its callback, as URLs. */
  callbacks(): URL[] {
    return this.appPages.filter((url) => url.startsWith(`${CALLBACK}?`)).map((url) => new URL(url));
  }

  /** "Log in" in the app: the SDK's /authorize, then the hosted login page; returns the /authorize query. */
  async logInFromApp(): Promise<URLSearchParams> {
    const before = this.sent('/authorize', 'GET').length;
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await this.hostedPage();
    return new URL(this.sent('/authorize', 'GET')[before]!.url()).searchParams;
  }

  /** Waits for the hosted login page and its <login-box>. */
  async hostedPage() {
    await this.page.waitForURL((url) => url.origin === this.server.url && url.pathname === '/u/login');
    await this.page.locator('login-box input[name=username]').waitFor();
  }

  /** On the hosted page, as a person: the email, the password, Enter. */
  async signIn(password: string) {
    await this.page.locator('login-box input[name=username]').fill(ADA.email);
    const field = this.page.locator('login-box input[name=password]');
    await field.fill(password);
    await field.press('Enter');
  }

  /** Waits for the app to say Ada is signed in, at its start page. */
  async signedInAtApp() {
    await this.page.getByRole('status').filter({ hasText: SIGNED_IN }).waitFor();
    assert.equal(this.page.url(), `${APP}/`, 'the app took the code and state out of the address bar');
  }

  async stop(name: string) {
    await this.context?.close();
    await stopApp(this.app);
    await this.server?.stop();
    console.log(`${name}: the walk took ${((Date.now() - this.started) / 1000).toFixed(1)} s`);
  }
}

interface TokenAnswer { access_token: string; id_token: string; refresh_token?: string; scope: string; error?: string }

/** PKCE's S256: the challenge of a verifier. */
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

const sdk = new Walk();
let authorizeQuery: URLSearchParams;
let transaction: string;
const accessTokens: string[] = [];

walk('Auth0\'s SPA SDK against the server: log in on the hosted page, refresh twice, log out', [
  ['the server (demo tenant), an app on http://localhost:5173 with the SDK from the npm package, Chromium', async () => {
    await sdk.start();
  }],

  ['"Log in": loginWithRedirect sends the browser to /authorize with PKCE (S256), state, nonce and offline_access; the hosted page shows <login-box> for that transaction', async () => {
    authorizeQuery = await sdk.logInFromApp();
    assert.equal(authorizeQuery.get('client_id'), SPA_CLIENT_ID);
    assert.equal(authorizeQuery.get('redirect_uri'), CALLBACK);
    assert.equal(authorizeQuery.get('response_type'), 'code');
    assert.equal(authorizeQuery.get('response_mode'), 'query');
    assert.equal(authorizeQuery.get('scope'), 'openid profile email offline_access');
    assert.equal(authorizeQuery.get('code_challenge_method'), 'S256');
    assert.match(authorizeQuery.get('code_challenge')!, /^[\w-]{43}$/);
    assert.ok(authorizeQuery.get('state') && authorizeQuery.get('nonce'));
    const auth0Client = JSON.parse(Buffer.from(authorizeQuery.get('auth0Client')!, 'base64').toString()) as { name: string; version: string };
    assert.deepEqual([auth0Client.name, auth0Client.version], ['auth0-spa-js', SDK_VERSION]);

    transaction = new URL(sdk.page.url()).searchParams.get('state')!;
    assert.match(transaction, /^[0-9a-f]{32}$/);
    assert.notEqual(transaction, authorizeQuery.get('state'), 'the page names the server\'s transaction, not the app\'s state');
    const box = sdk.page.locator('login-box');
    assert.equal(await box.getAttribute('transaction'), transaction);
    assert.equal(await box.getAttribute('client-id'), SPA_CLIENT_ID);
    assert.equal(await sdk.page.title(), 'login-box demo');
    assert.equal(await sdk.page.getByRole('button', { name: 'Log in' }).count(), 1);
    assert.equal(await sdk.page.getByRole('button', { name: "Don't remember your password?" }).count(), 1);
  }],

  ['Ada types her email and password and presses Enter: the page posts them to its own origin, and the browser is back at the app\'s /callback with a code and the app\'s state', async () => {
    await sdk.signIn(ADA.password);
    await sdk.signedInAtApp();
    const posts = sdk.sent('/u/login');
    assert.equal(posts.length, 1);
    assert.deepEqual(posts[0]!.postDataJSON(), { state: transaction, username: ADA.email, password: ADA.password });
    const [back] = sdk.callbacks();
    assert.equal(back!.searchParams.get('state'), authorizeQuery.get('state'));
    assert.match(back!.searchParams.get('code')!, /^[\w-]{43}$/);
  }],

  ['handleRedirectCallback exchanged the code with its verifier (form-encoded, with Auth0-Client); getUser() is Ada', async () => {
    const [back] = sdk.callbacks();
    const [exchange] = sdk.tokenRequests();
    assert.deepEqual(exchange, {
      client_id: SPA_CLIENT_ID, code_verifier: exchange!.code_verifier, grant_type: 'authorization_code', code: back!.searchParams.get('code'), redirect_uri: CALLBACK,
    });
    assert.equal(s256(exchange!.code_verifier!), authorizeQuery.get('code_challenge'), 'the verifier matches the challenge');
    const headers = await sdk.sent('/oauth/token')[0]!.allHeaders();
    assert.equal(headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal((JSON.parse(Buffer.from(headers['auth0-client']!, 'base64').toString()) as { name: string }).name, 'auth0-spa-js');
    const first = await sdk.tokens[0]!;
    assert.ok(first.refresh_token, 'offline_access gave a refresh token');
    accessTokens.push(first.access_token);

    const user = await sdk.page.evaluate('client.getUser()') as { email: string; name: string; sub: string };
    assert.equal(user.email, ADA.email);
    assert.equal(user.name, 'Ada Lovelace');
  }],

  ['getTokenSilently({ cacheMode: "off" }) twice: each a new access token from the refresh token, which rotates', async () => {
    for (let i = 1; i <= 2; i++) {
      const token = await sdk.page.evaluate('client.getTokenSilently({ cacheMode: "off" })') as string;
      assert.ok(!accessTokens.includes(token), `refresh ${i} gave a new access token`);
      accessTokens.push(token);
      const refresh = sdk.tokenRequests()[i]!;
      assert.equal(refresh.grant_type, 'refresh_token');
      assert.equal(refresh.client_id, SPA_CLIENT_ID);
      assert.equal(refresh.refresh_token, (await sdk.tokens[i - 1]!).refresh_token, `refresh ${i} sent the refresh token the previous answer gave`);
      const answer = await sdk.tokens[i]!;
      assert.equal(answer.access_token, token);
      assert.ok(answer.refresh_token && answer.refresh_token !== refresh.refresh_token, 'a new refresh token each time');
      const userinfo = await sdk.server.userinfo(token);
      assert.equal(userinfo.status, 200);
      assert.equal((await userinfo.json() as { email: string }).email, ADA.email);
    }
    assert.equal(sdk.tokenRequests().length, 3);
  }],

  ['"Log out": /v2/logout with the app\'s returnTo sends the browser back to the app, signed out', async () => {
    await sdk.page.getByRole('button', { name: 'Log out' }).click();
    await sdk.page.getByRole('status').filter({ hasText: 'Not signed in' }).waitFor();
    assert.equal(sdk.page.url(), `${APP}/`);
    const logout = new URL(sdk.sent('/v2/logout', 'GET')[0]!.url()).searchParams;
    assert.equal(logout.get('client_id'), SPA_CLIENT_ID);
    assert.equal(logout.get('returnTo'), `${APP}/`);
    assert.ok(!(await sdk.context.cookies(sdk.server.url)).some((cookie) => cookie.name === 'login_box_session'), 'the session cookie is gone');
  }],

  ['afterwards the session is gone: silent login (prompt=none) comes back login_required, the last refresh token and access token are dead', async () => {
    await sdk.page.evaluate('void client.loginWithRedirect({ authorizationParams: { prompt: "none" } })');
    await sdk.page.getByRole('status').filter({ hasText: 'Sign-in failed: login_required' }).waitFor();
    const silent = new URL(sdk.sent('/authorize', 'GET').at(-1)!.url()).searchParams;
    assert.equal(silent.get('prompt'), 'none');
    const back = sdk.callbacks().at(-1)!;
    assert.equal(back.searchParams.get('error'), 'login_required');
    assert.equal(back.searchParams.get('code'), null);

    const last = await sdk.tokens.at(-1)!;
    const refused = await sdk.server.post('/oauth/token', { grant_type: 'refresh_token', client_id: SPA_CLIENT_ID, refresh_token: last.refresh_token });
    assert.equal(refused.status, 403);
    assert.equal((await refused.json() as TokenAnswer).error, 'invalid_grant');
    assert.equal((await sdk.server.userinfo(accessTokens.at(-1)!)).status, 401);
  }],

  ['nothing thrown, no console error', async () => {
    assert.deepEqual(sdk.problems, []);
  }],
], () => sdk.stop('e2e-spa-sdk'));

const silent = new Walk();
const silentTokens: string[] = [];

/** getTokenSilently in the page: the access token, or the SDK's error code, and how long it took. */
async function tokenSilently(): Promise<{ token?: string; error?: string; ms: number }> {
  return silent.page.evaluate(`(async () => {
    const started = performance.now();
    try {
      return { token: await client.getTokenSilently({ cacheMode: 'off' }), ms: performance.now() - started };
    } catch (error) {
      return { error: error.error ?? String(error), ms: performance.now() - started };
    }
  })()`);
}

/** The /authorize requests the SDK's hidden iframe made (response_mode=web_message), as queries. */
const webMessageRequests = () => silent.sent('/authorize', 'GET').filter((request) => request.frame() !== silent.page.mainFrame());

walk('Auth0\'s SPA SDK without refresh tokens (its default): getTokenSilently through the hidden iframe, response_mode=web_message', [
  ['the server on http://localhost (same site as the app, so the frame carries the login-session cookie, SameSite=Lax), the app with the SDK\'s defaults (no refresh tokens), Chromium', async () => {
    await silent.start(['--host', 'localhost'], false);
    assert.match(silent.server.url, /^http:\/\/localhost:\d+$/);
  }],

  ['"Log in" on the hosted page as before: no offline_access asked, no refresh token given', async () => {
    const query = await silent.logInFromApp();
    assert.equal(query.get('scope'), 'openid profile email');
    await silent.signIn(ADA.password);
    await silent.signedInAtApp();
    const first = await silent.tokens[0]!;
    assert.equal(first.refresh_token, undefined);
    silentTokens.push(first.access_token);
  }],

  ['getTokenSilently({ cacheMode: "off" }): a hidden iframe to /authorize?prompt=none&response_mode=web_message, whose page posts the code to the app; a new access token', async () => {
    const pagesBefore = silent.appPages.length;
    const { token, error, ms } = await tokenSilently();
    assert.equal(error, undefined);
    assert.ok(token && !silentTokens.includes(token), 'a new access token');
    silentTokens.push(token);
    console.log(`getTokenSilently through the iframe: ${ms.toFixed(0)} ms`);

    const [frame, ...more] = webMessageRequests();
    assert.equal(more.length, 0);
    const query = new URL(frame!.url()).searchParams;
    assert.equal(query.get('response_mode'), 'web_message');
    assert.equal(query.get('prompt'), 'none');
    assert.equal(query.get('redirect_uri'), CALLBACK);
    const answer = (await frame!.response())!;
    assert.equal(answer.status(), 200);
    const headers = await answer.allHeaders();
    assert.match(headers['content-security-policy']!, new RegExp(`frame-ancestors ${APP};`));
    assert.equal(headers['x-frame-options'], undefined);

    const exchange = silent.tokenRequests().at(-1)!;
    assert.equal(exchange.grant_type, 'authorization_code');
    assert.equal(exchange.redirect_uri, CALLBACK);
    assert.equal((await silent.tokens.at(-1)!).access_token, token);
    assert.equal(silent.appPages.length, pagesBefore, 'the app page never navigated');
    const userinfo = await silent.server.userinfo(token);
    assert.equal(userinfo.status, 200);
    assert.equal((await userinfo.json() as { email: string }).email, ADA.email);
  }],

  ['after "Log out", getTokenSilently fails with login_required at once (the frame posts the error), not after the SDK\'s 60 s timeout', async () => {
    await silent.page.getByRole('button', { name: 'Log out' }).click();
    await silent.page.getByRole('status').filter({ hasText: 'Not signed in' }).waitFor();
    const { token, error, ms } = await tokenSilently();
    assert.equal(token, undefined);
    assert.equal(error, 'login_required');
    assert.ok(ms < 5000, `it took ${ms.toFixed(0)} ms`);
    console.log(`getTokenSilently refused after logout: ${ms.toFixed(0)} ms`);
    assert.equal(new URL(webMessageRequests().at(-1)!.url()).searchParams.get('response_mode'), 'web_message');
    assert.equal(webMessageRequests().length, 2);
  }],

  ['nothing thrown, no console error', async () => {
    assert.deepEqual(silent.problems, []);
  }],
], () => silent.stop('e2e-spa-sdk-web-message'));

/** The demo tenant in New Universal Login mode, demo-spa's default login route the app's /login. */
function newUniversalLoginTenant(dir: string): string {
  const tenant = JSON.parse(readFileSync(join(ROOT, 'mock-server/tenants/demo.json'), 'utf8')) as { universalLogin: string; clients: { clientId: string; defaultLoginRoute?: string }[] };
  tenant.universalLogin = 'new';
  tenant.clients.find((client) => client.clientId === SPA_CLIENT_ID)!.defaultLoginRoute = LOGIN_ROUTE;
  writeFileSync(join(dir, 'tenant.json'), JSON.stringify(tenant));
  return join(dir, 'tenant.json');
}

const reset = new Walk();
const dir = mkdtempSync(join(tmpdir(), 'login-box-spa-sdk-'));
let link: string;

walk('Auth0\'s SPA SDK against the server: the reset path from the hosted page (New Universal Login)', [
  ['the server (the demo tenant in New Universal Login mode, the app\'s /login its default login route), the app, a fresh browser context', async () => {
    await reset.start(['--config', newUniversalLoginTenant(dir)]);
  }],

  ['"Log in" → the hosted page → "Don\'t remember your password?" → her email → the sent message', async () => {
    await reset.logInFromApp();
    await reset.page.getByRole('button', { name: "Don't remember your password?" }).click();
    await reset.page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await reset.page.getByLabel('Email').fill(ADA.email);
    await reset.page.getByRole('button', { name: 'Send email' }).click();
    await reset.page.getByText(SENT).waitFor();
  }],

  ['the mail reaches the outbox with the link', async () => {
    const [mail] = await reset.server.mail(1);
    assert.equal(mail!.to, ADA.email);
    link = resetLinkInMail(mail!.text).link;
    assert.ok(link.startsWith(`${reset.server.url}/lo/reset?ticket=`));
  }],

  ['the link: a new password on the reset page, then the app\'s default login route, which sends her to the hosted page again', async () => {
    await reset.page.goto(link);
    await reset.page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await reset.page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await reset.page.getByRole('button', { name: 'Change password' }).click();
    await reset.hostedPage();
    assert.equal(reset.appPages.at(-1), LOGIN_ROUTE, 'the reset page sent her to the default login route');
    assert.equal(reset.sent('/authorize', 'GET').length, 2, 'which started a new /authorize');
  }],

  ['the old password is refused on the hosted page; the new one brings her back to the app, signed in', async () => {
    await reset.signIn(ADA.password);
    await reset.page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await reset.signIn(NEW_PASSWORD);
    await reset.signedInAtApp();
    const user = await reset.page.evaluate('client.getUser()') as { email: string };
    assert.equal(user.email, ADA.email);
    assert.equal(reset.tokenRequests().at(-1)!.grant_type, 'authorization_code');
  }],

  ['nothing thrown, no console error', async () => {
    assert.deepEqual(reset.problems, []);
  }],
], async () => {
  await reset.stop('e2e-spa-sdk-reset');
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});
