/**
 * Auth0 Lock 14, unchanged (the npm package's own code, bundled here, no CDN), in Chromium on an app
 * page of another origin (http://localhost:<port>), against `npm start`'s server: given nothing but
 * `domain` and `clientID`, it loads its settings from /client/demo-spa.js, offers "Don't remember
 * your password?", sends the reset request, shows its success message, and the mail's link works.
 *
 * Lock builds the settings URL as `https://${domain}/client/…`, whatever scheme `domain` has (auth0-js
 * itself accepts `http://`), so "domain only" needs the server behind TLS, as Auth0 always is: the
 * test puts a TLS proxy with a throw-away certificate in front of the server. Then the plain-http way
 * the README gives for `npm start`: `domain` as a URL plus Lock's `configurationBaseUrl`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchBrowser, pageProblems, ROOT, startServer, walk, type RunningServer } from './harness.js';

const ADA = 'ada@example.com';
const NEW_PASSWORD = 'Analytical-Engine-1843';
const SENT = "We've just sent you an email to reset your password.";

const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'login-box-lock-'));
let lockBundle: string;
let app: Server;
let appOrigin: string;
let server: RunningServer;
let tls: Server;
let tlsHost: string;
let browser: Browser;
let page: Page;
let problems: string[];
const serverRequests: string[] = [];
/** Requests for anything not on loopback, all refused (see the last step for which Lock makes). */
const elsewhere: { url: string; type: string }[] = [];
/** The answers to Lock's SSO check the page received by postMessage, as "origin error". */
const ssoAnswers: string[] = [];

/**
 * Lock's npm code (CommonJS under lib/) as one classic script defining the global `Auth0Lock`, as
 * lib/browser.js (the entry of Auth0's CDN build) does; without its core-js polyfills, which the
 * package does not install and Chromium does not need.
 */
async function bundleLock(): Promise<string> {
  const result = await build({
    configFile: false, logLevel: 'silent', root: ROOT,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { write: false, minify: false, lib: { entry: 'node_modules/auth0-lock/lib/index.js', formats: ['iife'], name: 'Auth0LockPackage', fileName: () => 'lock.js' } },
  });
  const [output] = (Array.isArray(result) ? result[0]! : result as Extract<typeof result, { output: unknown }>).output;
  return `${output.type === 'chunk' ? output.code : ''}\nwindow.Auth0Lock = Auth0LockPackage.default;\n`;
}

/** The app: a page that loads Lock and builds it from the query (`domain`, and the README's plain-http option), and Lock itself. */
function appServer(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url!, 'http://app');
    if (url.pathname === '/lock.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(lockBundle);
    if (url.pathname === '/app.js') {
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(`
        const query = new URLSearchParams(location.search);
        const options = query.has('configurationBaseUrl') ? { configurationBaseUrl: query.get('configurationBaseUrl') } : {};
        window.lock = new Auth0Lock('demo-spa', query.get('domain'), options);
        window.lock.show();`);
    }
    if (url.pathname === '/') {
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An app with Lock</title><script src="/lock.js"></script></head><body><script src="/app.js"></script></body></html>');
    }
    res.writeHead(404).end();
  });
}

/** HTTPS on a free port, every request passed on to the server as it came. */
function tlsProxy(target: string): Server {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const { hostname, port } = new URL(target);
  return createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const upstream = httpRequest({ hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => res.writeHead(502).end(String(error)));
    req.pipe(upstream);
  });
}

const listen = async (target: Server) => {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return (target.address() as AddressInfo).port;
};

/** On Lock's sign-in screen: "Don't remember your password?" → the email → "Send email" → Lock's success message. */
async function forgotPassword() {
  await page.getByText("Don't remember your password?").click();
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
  await page.getByText('Please enter your email address. We will send you an email to reset your password.').waitFor();
  await page.getByRole('textbox', { name: 'Email' }).fill(ADA);
  await page.getByRole('button', { name: 'Send email' }).click();
  const success = page.locator('.auth0-global-message-success');
  await success.waitFor();
  assert.equal((await success.textContent())?.trim(), SENT);
  assert.equal(await page.locator('.auth0-global-message-error').count(), 0, 'no error message');
}

async function openLock(query: Record<string, string>) {
  await page.goto(`${appOrigin}/?${new URLSearchParams(query)}`);
  await page.getByRole('textbox', { name: 'Email' }).waitFor();
}

walk('Lock 14 against the server', [
  ['the server (behind TLS) and an app on http://localhost with Lock from the npm package; demo-spa allows its origin', async () => {
    lockBundle = await bundleLock();
    app = appServer();
    appOrigin = `http://localhost:${await listen(app)}`;
    const tenant = JSON.parse(readFileSync(join(ROOT, 'mock-server/tenants/demo.json'), 'utf8')) as { clients: { clientId: string; allowedOrigins: string[]; webOrigins: string[]; callbacks: string[] }[] };
    const demoSpa = tenant.clients.find((client) => client.clientId === 'demo-spa')!;
    // Its origin for CORS, and for Lock's SSO check (web_message to the page, as Auth0's setup guide for Lock asks).
    demoSpa.allowedOrigins.push(appOrigin);
    demoSpa.webOrigins.push(appOrigin);
    demoSpa.callbacks.push(`${appOrigin}/`);
    writeFileSync(join(dir, 'tenant.json'), JSON.stringify(tenant));
    server = await startServer(['--config', join(dir, 'tenant.json')]);
    tls = tlsProxy(server.url);
    tlsHost = `127.0.0.1:${await listen(tls)}`;
    browser = await launchBrowser();
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    await context.route((url) => !['localhost', '127.0.0.1'].includes(url.hostname), (route) => {
      elsewhere.push({ url: route.request().url(), type: route.request().resourceType() });
      return route.abort();
    });
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.host === tlsHost || url.origin === server.url) serverRequests.push(`${request.method()} ${url.origin}${url.pathname}${url.search}`);
    });
    // What the server's web_message frame posts to the app page: its origin and the answer's error.
    await context.exposeFunction('ssoAnswer', (origin: string, error: string) => ssoAnswers.push(`${origin} ${error}`));
    await context.addInitScript(`addEventListener('message', (event) => {
      if (event.data && event.data.type === 'authorization_response') ssoAnswer(event.origin, event.data.response.error || 'code');
    });`);
    page = await context.newPage();
    problems = pageProblems(page);
  }],

  ["given only domain and clientID, Lock loads /client/demo-spa.js and shows the sign-in form with the link, and no sign-up tab", async () => {
    await openLock({ domain: tlsHost });
    const settings = serverRequests.filter((line) => line.includes('/client/'));
    assert.equal(settings.length, 1, serverRequests.join('\n'));
    assert.match(settings[0]!, new RegExp(`^GET https://${tlsHost.replace(/\./g, '\\.')}/client/demo-spa\\.js\\?t\\d{13}$`));
    await page.getByText("Don't remember your password?").waitFor();
    assert.equal(await page.getByText('Sign Up', { exact: true }).count(), 0, 'the server has no sign-up, so Lock offers none');
    assert.equal(await page.locator('.auth0-lock-badge').count(), 0, 'no "Protected with Auth0" badge');
  }],

  ['"Don\'t remember your password?" → ada@example.com → "Send email" → Lock\'s success message', async () => {
    await forgotPassword();
    assert.ok(serverRequests.includes(`POST https://${tlsHost}/dbconnections/change_password`), serverRequests.join('\n'));
  }],

  ['the mail is in the outbox and its link resets the password', async () => {
    const [mail, ...more] = await server.mail(1);
    assert.equal(more.length, 0);
    assert.equal(mail!.to, ADA);
    const match = new RegExp(`${server.url}/lo/reset\\?ticket=([\\w-]+)#`).exec(mail!.text);
    assert.ok(match, `a reset link in ${mail!.text}`);
    const pageResponse = await fetch(match[0]);
    assert.equal(pageResponse.status, 200);
    assert.match(pageResponse.headers.get('content-type') ?? '', /^text\/html/);
    const post = (path: string, body: unknown) => fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ticket = await post('/lo/reset/ticket', { ticket: match[1] });
    assert.equal(ticket.status, 200);
    assert.equal(((await ticket.json()) as { email: string }).email, ADA);
    assert.equal((await post('/lo/reset', { ticket: match[1], newPassword: NEW_PASSWORD })).status, 200);
    const login = await post('/oauth/token', {
      grant_type: 'http://auth0.com/oauth/grant-type/password-realm', client_id: 'demo-spa', username: ADA, password: NEW_PASSWORD, realm: 'Username-Password-Authentication',
    });
    assert.equal(login.status, 200, 'Ada signs in with the new password');
  }],

  ["plain http (npm start as it is): domain as the server's URL plus configurationBaseUrl, and the same screen sends a second mail", async () => {
    const before = serverRequests.length;
    await openLock({ domain: server.url, configurationBaseUrl: server.url });
    assert.match(serverRequests.slice(before).find((line) => line.includes('/client/')) ?? '', new RegExp(`^GET ${server.url}/client/demo-spa\\.js\\?t\\d{13}$`));
    await forgotPassword();
    const mails = await server.mail(3); // the reset's, the "your password was changed" one, and this one
    assert.equal(mails.length, 3);
    assert.equal(mails[2]!.to, ADA);
    assert.match(mails[2]!.text, /\/lo\/reset\?ticket=/);
  }],

  ["nothing from elsewhere but what Lock itself fetches whatever the server; Lock's SSO check was answered in its frame; no page error", async () => {
    // With only domain and clientID, Lock still asks cdn.auth0.com for its English pack (it falls back to the
    // one it bundles) and its default logo, and Gravatar for the avatar of the email typed.
    const unexpected = elsewhere.filter(({ url, type }) => !(
      (type === 'script' && url === 'https://cdn.auth0.com/js/lock/14.3.0/en.js')
      || (type === 'image' && /^https?:\/\/(cdn\.auth0\.com\/styleguide|secure\.gravatar\.com\/avatar)\//.test(url))
      || (type === 'script' && /^https:\/\/secure\.gravatar\.com\/[0-9a-f]{32}\.json\?callback=__jp\d+$/.test(url))));
    assert.deepEqual(unexpected, []);
    // Lock's SSO check (auth0-js checkSession: a hidden frame to /authorize?response_type=token id_token&prompt=none
    // &response_mode=web_message, the app page as redirect_uri) gets its answer posted by the frame at once, instead
    // of waiting out its 5 s: unsupported_response_type (the server issues codes only), which Lock takes as no SSO.
    const checks = serverRequests.filter((line) => line.includes('/authorize?'));
    assert.equal(checks.length, 2, serverRequests.join('\n'));
    for (const check of checks) assert.equal(new URL(check.split(' ')[1]!).searchParams.get('response_mode'), 'web_message');
    assert.deepEqual(ssoAnswers, [`https://${tlsHost} unsupported_response_type`, `${server.url} unsupported_response_type`]);
    assert.deepEqual(problems, []);
  }],
], async () => {
  await browser?.close();
  tls?.close();
  app?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
  console.log(`e2e-lock: the walk took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
