/** Universal Login on the wire: /authorize, the hosted page's sign-in, codes, refresh tokens, revoke, logout. */
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { ADA, BASE, testServer, type TestServer } from './helpers.js';

const APP = 'http://localhost:5173';
const CALLBACK = `${APP}/callback`;

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** A browser's cookie jar for one origin: what Set-Cookie stored, sent back on every request. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly setCookies: string[] = [];
  constructor(private readonly server: TestServer) {}
  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await this.server.request(path.startsWith(BASE) ? path.slice(BASE.length) : path, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
  authorize(params: Record<string, string>) {
    return this.request(`/authorize?${new URLSearchParams(params)}`);
  }
  signIn(state: string, password = ADA.password, headers: Record<string, string> = { origin: BASE, 'sec-fetch-site': 'same-origin' }) {
    return this.request('/u/login', {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ state, username: ADA.email, password }),
    });
  }
}

const location = (response: Response) => new URL(response.headers.get('location')!, BASE);

/** An attribute of the page's <html>, as the browser's parser reads it (entities decoded). */
const htmlAttribute = (page: string, name: string) =>
  new RegExp(`<html [^>]*${name}="([^"]*)"`).exec(page)?.[1]
    ?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What the web_message page's script posts when it runs in a frame (or a popup, `opener`): [message, targetOrigin] pairs. */
async function webMessages(server: TestServer, page: string, { opener = false } = {}): Promise<[unknown, string][]> {
  const src = /<script src="([^"]+)"/.exec(page)![1]!;
  const script = await (await server.request(src)).text();
  const posted: [unknown, string][] = [];
  const target = { postMessage: (message: unknown, targetOrigin: string) => posted.push([structuredClone(message), targetOrigin]) };
  const dataset = { origin: htmlAttribute(page, 'data-origin'), response: htmlAttribute(page, 'data-response') };
  runInNewContext(script, { document: { documentElement: { dataset } }, window: { opener: opener ? target : null, parent: opener ? {} : target } });
  return posted;
}

describe('Universal Login', () => {
  let server: TestServer;
  let browser: Browser;
  beforeEach(async () => {
    server = await testServer();
    browser = new Browser(server);
  });
  afterEach(() => server.close());

  const authorizeParams = (challenge: string, extra: Record<string, string> = {}) => ({
    client_id: 'demo-spa', redirect_uri: CALLBACK, response_type: 'code', scope: 'openid profile email offline_access',
    state: 'app-state', nonce: 'app-nonce', code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  });

  /** /authorize → hosted page → sign-in → resume: the code at the app. */
  async function logIn(challenge: string | undefined, extra: Record<string, string> = {}) {
    const params: Record<string, string> = authorizeParams(challenge ?? '', extra);
    if (challenge === undefined) {
      delete params.code_challenge;
      delete params.code_challenge_method;
    }
    const started = await browser.authorize(params);
    assert.equal(started.status, 302);
    const page = location(started);
    assert.equal(page.pathname, '/u/login');
    const state = page.searchParams.get('state')!;
    const signedIn = await browser.signIn(state);
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    const resumed = await browser.request((await signedIn.json() as { location: string }).location);
    assert.equal(resumed.status, 302);
    const back = location(resumed);
    assert.equal(back.origin + back.pathname, CALLBACK);
    assert.equal(back.searchParams.get('state'), 'app-state');
    return back.searchParams.get('code')!;
  }

  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    server.request('/oauth/token', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'demo-spa', code, code_verifier: verifier, redirect_uri: CALLBACK, ...extra }),
    });
  const refresh = (token: string) => server.json('/oauth/token', { grant_type: 'refresh_token', client_id: 'demo-spa', refresh_token: token });
  type Tokens = { access_token: string; id_token: string; refresh_token?: string; scope: string };

  test('the code flow with PKCE: hosted page, code, tokens whose ID token carries the nonce, auth_time and sid', async () => {
    const { verifier, challenge } = pkce();
    const code = await logIn(challenge);
    const response = await exchange(code, verifier);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const tokens = await response.json() as Tokens;
    assert.equal(tokens.scope, 'openid profile email offline_access');
    assert.equal(typeof tokens.refresh_token, 'string');
    const jwks = createLocalJWKSet(await (await server.request('/.well-known/jwks.json')).json() as JSONWebKeySet);
    const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: `${BASE}/`, audience: 'demo-spa', currentDate: server.now() });
    assert.equal(payload.nonce, 'app-nonce');
    assert.equal(payload.email, ADA.email);
    assert.equal(payload.auth_time, Math.floor(server.now().getTime() / 1000));
    assert.equal(typeof payload.sid, 'string');
    assert.equal((await server.userinfo(tokens.access_token)).status, 200);
  });

  test('cookies: HttpOnly, SameSite=Lax, Path=/, and not Secure on plain http', async () => {
    await logIn(pkce().challenge);
    const session = browser.setCookies.find((line) => line.startsWith('login_box_session='))!;
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Lax/);
    assert.match(session, /Path=\//);
    assert.doesNotMatch(session, /Secure/);
  });

  test('a second /authorize with a live session answers at once; prompt=login asks again; prompt=none without a session is login_required', async () => {
    await logIn(pkce().challenge);
    const again = await browser.authorize(authorizeParams(pkce().challenge));
    assert.equal(location(again).origin + location(again).pathname, CALLBACK);
    assert.ok(location(again).searchParams.get('code'));
    const forced = await browser.authorize(authorizeParams(pkce().challenge, { prompt: 'login' }));
    assert.equal(location(forced).pathname, '/u/login');

    const stranger = new Browser(server);
    const silent = await stranger.authorize(authorizeParams(pkce().challenge, { prompt: 'none' }));
    assert.deepEqual(Object.fromEntries(location(silent).searchParams), { error: 'login_required', error_description: 'Login required', state: 'app-state' });
  });

  test('max_age: an older sign-in is asked again', async () => {
    await logIn(pkce().challenge);
    server.advance(120_000);
    const stale = await browser.authorize(authorizeParams(pkce().challenge, { max_age: '60' }));
    assert.equal(location(stale).pathname, '/u/login');
    const fresh = await browser.authorize(authorizeParams(pkce().challenge, { max_age: '600' }));
    assert.ok(location(fresh).searchParams.get('code'));
  });

  test('refused without a redirect: unknown client, unregistered or missing redirect_uri, a machine client', async () => {
    const { challenge } = pkce();
    const refusals: Record<string, string>[] = [
      { client_id: 'nope' }, { redirect_uri: 'https://evil.example/callback' }, { redirect_uri: `${CALLBACK}/more` }, { redirect_uri: '' }, { client_id: 'demo-m2m' },
    ];
    for (const change of refusals) {
      const response = await browser.authorize(authorizeParams(challenge, change));
      assert.equal(response.status, 400, JSON.stringify(change));
      assert.equal(response.headers.get('location'), null);
      assert.match(response.headers.get('content-type')!, /text\/html/);
      assert.match(response.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
    }
  });

  test('errors that go back to the app, with its state', async () => {
    const { challenge } = pkce();
    const cases: [Record<string, string>, string][] = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ code_challenge: '' }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge_method: '' }, 'invalid_request'],
      [{ code_challenge: 'short' }, 'invalid_request'],
      [{ audience: 'https://other.example/' }, 'access_denied'],
      [{ prompt: 'consent' }, 'invalid_request'],
      [{ max_age: 'soon' }, 'invalid_request'],
      [{ response_mode: 'fragment' }, 'invalid_request'],
    ];
    for (const [change, error] of cases) {
      const params = authorizeParams(challenge, change);
      if (change.code_challenge === '') delete (params as Partial<typeof params>).code_challenge;
      if (change.code_challenge_method === '') delete (params as Partial<typeof params>).code_challenge_method;
      const response = await browser.authorize(params);
      assert.equal(response.status, 302, JSON.stringify(change));
      const back = location(response);
      assert.equal(back.origin + back.pathname, CALLBACK);
      assert.equal(back.searchParams.get('error'), error, JSON.stringify(change));
      assert.equal(back.searchParams.get('state'), 'app-state');
    }
  });

  test('a code works once; its second use fails and revokes the refresh token the first use issued', async () => {
    const { verifier, challenge } = pkce();
    const code = await logIn(challenge);
    const tokens = await (await exchange(code, verifier)).json() as Tokens;
    const replay = await exchange(code, verifier);
    assert.equal(replay.status, 403);
    assert.equal((await replay.json() as { error: string }).error, 'invalid_grant');
    assert.equal((await refresh(tokens.refresh_token!)).status, 403, 'the refresh token died with the replay');
  });

  test('a code is bound to its verifier, client and redirect URI, and expires in 60 s', async () => {
    for (const [change, message] of [
      [{ code_verifier: pkce().verifier }, 'Failed to verify code verifier'],
      [{ redirect_uri: APP }, 'redirect_uri does not match the one the code was issued for'],
      [{ code_verifier: 'too-short' }, 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~'],
    ] as const) {
      browser = new Browser(server);
      const { verifier, challenge } = pkce();
      const response = await exchange(await logIn(challenge), verifier, change);
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), { error: 'invalid_grant', error_description: message });
    }
    browser = new Browser(server);
    const { verifier, challenge } = pkce();
    const code = await logIn(challenge);
    server.advance(60_000);
    assert.deepEqual(await (await exchange(code, verifier)).json(), { error: 'invalid_grant', error_description: 'Authorization code has expired' });
  });

  test('PKCE downgrade (RFC 9700 §4.8.2): a code_verifier for a code asked without a code_challenge is invalid_grant', async () => {
    server.close();
    server = await testServer({
      tenant: (tenant) => { tenant.clients!.push({ clientId: 'web', name: 'Web', type: 'regular_web', clientSecret: 'web-secret', callbacks: [CALLBACK] }); },
    });
    browser = new Browser(server);
    const code = await logIn(undefined, { client_id: 'web' });
    const response = await exchange(code, pkce().verifier, { client_id: 'web', client_secret: 'web-secret' });
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), { error: 'invalid_grant', error_description: 'code_verifier was sent, but the authorization request had no code_challenge' });
  });

  test('refresh rotation: each use returns a new token; reusing a retired one revokes the family', async () => {
    const { verifier, challenge } = pkce();
    const first = await (await exchange(await logIn(challenge), verifier)).json() as Tokens;
    const second = await (await refresh(first.refresh_token!)).json() as Tokens;
    assert.ok(second.refresh_token && second.refresh_token !== first.refresh_token);
    assert.ok(second.id_token);
    const third = await (await refresh(second.refresh_token!)).json() as Tokens;
    const reuse = await refresh(first.refresh_token!);
    assert.equal(reuse.status, 403);
    assert.deepEqual(await reuse.json(), { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    assert.equal((await refresh(third.refresh_token!)).status, 403, 'the whole family is revoked');
  });

  test('a refresh token dies after its idle lifetime', async () => {
    const { verifier, challenge } = pkce();
    const tokens = await (await exchange(await logIn(challenge), verifier)).json() as Tokens;
    server.advance(1_296_000_000);
    assert.equal((await refresh(tokens.refresh_token!)).status, 403);
  });

  test('POST /oauth/revoke revokes the family and answers 200 for unknown tokens too', async () => {
    const { verifier, challenge } = pkce();
    const tokens = await (await exchange(await logIn(challenge), verifier)).json() as Tokens;
    const revoke = (token: string) => server.request('/oauth/revoke', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'demo-spa', token }),
    });
    assert.equal((await revoke('unknown-token')).status, 200);
    assert.equal((await revoke(tokens.refresh_token!)).status, 200);
    assert.equal((await refresh(tokens.refresh_token!)).status, 403);
  });

  test('the hosted page\'s sign-in refuses a foreign Origin, a cross-site fetch, and a transaction of another browser', async () => {
    const started = await browser.authorize(authorizeParams(pkce().challenge));
    const state = location(started).searchParams.get('state')!;
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, { origin: BASE, 'sec-fetch-site': 'cross-site' }, {}];
    for (const headers of foreign) {
      const refused = await browser.signIn(state, ADA.password, headers);
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.equal((await refused.json() as { error: string }).error, 'access_denied');
    }
    const other = await new Browser(server).signIn(state);
    assert.equal(other.status, 400);
    assert.equal((await other.json() as { error: string }).error, 'invalid_request');
    const page = await new Browser(server).request(`/u/login?state=${state}`);
    assert.equal(page.status, 400, 'another browser cannot open the page either');
  });

  test('the hosted page: <login-box> in hosted mode under a strict CSP, in the language ui_locales asks for', async () => {
    const started = await browser.authorize(authorizeParams(pkce().challenge, { ui_locales: 'fr', login_hint: 'ada@example.com' }));
    const page = await browser.request(location(started).pathname + location(started).search);
    assert.equal(page.status, 200);
    const body = await page.text();
    assert.match(body, /<html lang="fr"/);
    assert.match(body, /<login-box transaction="[0-9a-f]{32}" client-id="demo-spa" connection="Username-Password-Authentication" reset-method="both" login-hint="ada@example.com">/);
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  });

  test('a wrong password on the hosted page is the OAuth envelope\'s invalid_grant', async () => {
    const started = await browser.authorize(authorizeParams(pkce().challenge));
    const refused = await browser.signIn(location(started).searchParams.get('state')!, 'wrong');
    assert.equal(refused.status, 403);
    assert.deepEqual(await refused.json(), { error: 'invalid_grant', error_description: 'Wrong email or password.' });
  });

  test('form_post: an auto-submitted form to the redirect URI, allowed by its own CSP', async () => {
    await logIn(pkce().challenge);
    const response = await browser.authorize(authorizeParams(pkce().challenge, { response_mode: 'form_post' }));
    assert.equal(response.status, 200);
    const body = await response.text();
    assert.match(body, new RegExp(`<form method="post" action="${CALLBACK}">`));
    assert.match(body, /<input type="hidden" name="code" value="[A-Za-z0-9_-]{43}">/);
    assert.match(body, /<input type="hidden" name="state" value="app-state">/);
    assert.match(response.headers.get('content-security-policy')!, new RegExp(`form-action ${APP}`));
  });

  test('web_message with a session: a page, framable by the app\'s web origin alone, whose own script posts { type: authorization_response, response: { code, state } } to the app\'s origin', async () => {
    const { verifier, challenge } = pkce();
    await logIn(pkce().challenge);
    const response = await browser.authorize(authorizeParams(challenge, { response_mode: 'web_message', prompt: 'none' }));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/html/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const csp = response.headers.get('content-security-policy')!.split(';').map((directive) => directive.trim());
    assert.ok(csp.includes(`frame-ancestors ${APP}`), csp.join('; '));
    assert.ok(csp.includes("script-src 'self'"), csp.join('; '));
    assert.equal(response.headers.get('x-frame-options'), null, 'no X-Frame-Options to contradict frame-ancestors');
    const page = await response.text();
    assert.deepEqual(page.match(/<script[^>]*>/g), ['<script src="/authorize/web-message.js" defer>'], 'no inline script');

    const posted = await webMessages(server, page);
    assert.equal(posted.length, 1);
    const [message, targetOrigin] = posted[0]!;
    assert.equal(targetOrigin, APP, 'posted to the app\'s origin, never *');
    const { type, response: answer } = message as { type: string; response: { code: string; state: string } };
    assert.equal(type, 'authorization_response');
    assert.deepEqual(Object.keys(answer).sort(), ['code', 'state']);
    assert.equal(answer.state, 'app-state');
    const tokens = await exchange(answer.code, verifier);
    assert.equal(tokens.status, 200, 'the code is a code of the redirect_uri, with the PKCE of this request');

    const popup = await webMessages(server, (await (await browser.authorize(authorizeParams(challenge, { response_mode: 'web_message' }))).text()), { opener: true });
    assert.equal(popup.length, 1, 'in a popup, the message goes to window.opener');
    assert.equal(popup[0]![1], APP);
  });

  test('web_message, prompt=none without a session: login_required is posted to the app with its state', async () => {
    const response = await browser.authorize(authorizeParams(pkce().challenge, { response_mode: 'web_message', prompt: 'none' }));
    assert.equal(response.status, 200);
    assert.deepEqual(await webMessages(server, await response.text()), [
      [{ type: 'authorization_response', response: { error: 'login_required', error_description: 'Login required', state: 'app-state' } }, APP],
    ]);
  });

  test('web_message is refused with an error page, no message, for a redirect_uri (a callback) whose origin is not an Allowed Web Origin', async () => {
    await logIn(pkce().challenge);
    const response = await browser.authorize(authorizeParams(pkce().challenge, { response_mode: 'web_message', redirect_uri: `${BASE}/demo/` }));
    assert.equal(response.status, 400);
    const page = await response.text();
    assert.match(page, /not on the Allowed Web Origins/);
    assert.doesNotMatch(page, /data-response|<script/);
    assert.match(response.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    const formPost = await browser.authorize(authorizeParams(pkce().challenge, { response_mode: 'form_post' }));
    assert.equal(formPost.headers.get('x-frame-options'), 'DENY', 'every other page keeps DENY');
  });

  test('logout: /v2/logout ends the session and returns only to an Allowed Logout URL; /oidc/logout likewise with state', async () => {
    const { verifier, challenge } = pkce();
    const tokens = await (await exchange(await logIn(challenge), verifier)).json() as Tokens;
    const refused = await browser.request(`/v2/logout?client_id=demo-spa&returnTo=${encodeURIComponent('https://evil.example/')}`);
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('location'), null);
    assert.equal((await server.userinfo(tokens.access_token)).status, 401, 'the session ended anyway');
    assert.equal((await refresh(tokens.refresh_token!)).status, 403, 'and its refresh tokens');

    await logIn(pkce().challenge);
    const out = await browser.request(`/v2/logout?client_id=demo-spa&returnTo=${encodeURIComponent(APP)}`);
    assert.equal(out.headers.get('location'), APP + '/');
    const silent = await browser.authorize(authorizeParams(pkce().challenge, { prompt: 'none' }));
    assert.equal(location(silent).searchParams.get('error'), 'login_required');

    await logIn(pkce().challenge);
    const oidc = await browser.request(`/oidc/logout?post_logout_redirect_uri=${encodeURIComponent(CALLBACK)}&state=bye`);
    assert.equal(oidc.headers.get('location'), `${CALLBACK}?state=bye`);
  });

  for (const path of ['reset link', 'Management PATCH', 'dashboard'] as const) {
    test(`a password change by ${path} ends login sessions and revokes refresh tokens`, async () => {
      const { verifier, challenge } = pkce();
      const tokens = await (await exchange(await logIn(challenge), verifier)).json() as Tokens;
      const password = 'Babbage-Engine-1834';
      if (path === 'reset link') {
        assert.equal((await server.reset(await server.ticketFor(), password)).status, 200);
      } else {
        const bearer = path === 'dashboard'
          ? (await (await server.json('/dashboard/session', { email: 'admin@example.com', password: 'Admin-Demo-2026' })).json() as { access_token: string }).access_token
          : (await (await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret' })).json() as { access_token: string }).access_token;
        const { users } = await server.store.listUsers({ emailKey: ADA.email }, 0, 1);
        const patched = await server.request(`/api/v2/users/${encodeURIComponent(users[0]!.id)}`, {
          method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          body: JSON.stringify({ password, connection: 'Username-Password-Authentication' }),
        });
        assert.equal(patched.status, 200);
      }
      assert.equal((await refresh(tokens.refresh_token!)).status, 403);
      assert.equal((await server.userinfo(tokens.access_token)).status, 401);
      const silent = await browser.authorize(authorizeParams(pkce().challenge, { prompt: 'none' }));
      assert.equal(location(silent).searchParams.get('error'), 'login_required');
    });
  }

  test('discovery lists every endpoint of the flow', async () => {
    const config = await (await server.request('/.well-known/openid-configuration')).json() as Record<string, unknown>;
    assert.equal(config.authorization_endpoint, `${BASE}/authorize`);
    assert.equal(config.revocation_endpoint, `${BASE}/oauth/revoke`);
    assert.equal(config.end_session_endpoint, `${BASE}/oidc/logout`);
    assert.deepEqual(config.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(config.response_types_supported, ['code']);
    assert.deepEqual(config.response_modes_supported, ['query', 'form_post', 'web_message']);
  });
});
