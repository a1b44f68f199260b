/**
 * A strict, OpenID-certified relying party, `openid-client` 6 (on oauth4webapi), unchanged, against
 * the real server over HTTP on loopback, from discovery on: code + PKCE through the hosted page
 * (its sign-in POST driven as a browser sends it, cookies carried by hand), ID token validation
 * (signature from the JWKS, iss, aud, exp/iat, nonce, auth_time with max_age), userinfo, refresh
 * with rotation, revocation, RP-Initiated Logout, and a confidential web app with
 * client_secret_basic and client_secret_post. The server's clock is the wall clock: the library
 * checks exp and iat against it.
 */
import { serve } from '@hono/node-server';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import type { App } from '../../mock-server/app.js';
import { ADA, SPA_CLIENT_ID } from '../fixtures.js';
import { testServer } from './helpers.js';

const APP = 'http://localhost:5173';
const CALLBACK = `${APP}/callback`;
const WEB_APP = { clientId: 'demo-web', secret: 'demo-web-secret-2026', callback: 'http://localhost:3000/callback' };
const SCOPE = 'openid profile email offline_access';

/** What an app asks /authorize for, and what it then checks the answer and the tokens against. */
interface AuthorizationRequest {
  params: Record<string, string> & { redirect_uri: string };
  checks: { pkceCodeVerifier?: string; expectedState: string; expectedNonce: string };
}

/** One request and its answer, as they crossed the wire between the library and the server. */
interface Exchange { method: string; url: URL; headers: Headers; body: string; status: number }

/** The demo tenant plus a confidential web app, served by @hono/node-server on 127.0.0.1, port 0. */
async function listen() {
  let app: App | undefined;
  const http = serve({ fetch: (request, env) => app?.fetch(request, env) ?? new Response('starting', { status: 503 }), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => http.once('listening', resolve).once('error', reject));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const server = await testServer({
    baseUrl: base,
    deps: { clock: { now: () => Date.now() } },
    tenant: (tenant) => {
      tenant.clients!.push({
        clientId: WEB_APP.clientId, name: 'Demo Web', type: 'regular_web', clientSecret: WEB_APP.secret,
        callbacks: [WEB_APP.callback], allowedLogoutUrls: [WEB_APP.callback], refreshTokens: { rotation: true },
      });
    },
  });
  app = server.app;
  return {
    base, issuer: new URL(`${base}/`),
    close: () => new Promise<void>((resolve) => {
      http.close(() => resolve());
      if ('closeAllConnections' in http) http.closeAllConnections();
      server.close();
    }),
  };
}

/**
 * A browser on the server's origin: it keeps the cookies the server sets and sends them back,
 * follows the server's own redirects, and stops where the server sends it to the application.
 */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(url: URL | string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(new URL(url, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [name, value] = line.split(';')[0]!.split('=') as [string, string];
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GETs `url` and the server's redirects after it; returns where the browser left the server, or the last answer. */
  async navigate(url: URL | string): Promise<URL | Response> {
    let next = new URL(url, this.base);
    for (let hops = 0; hops < 5; hops++) {
      if (next.origin !== this.base) return next;
      const response = await this.request(next);
      if (response.status !== 302) return response;
      next = new URL(response.headers.get('location')!, next);
    }
    throw new Error('too many redirects');
  }

  /** The hosted page as a browser runs it: the page, then its fetch POST from its own origin, then the location it answers. */
  async signIn(page: Response, password = ADA.password): Promise<URL | Response> {
    assert.equal(page.status, 200, 'the hosted login page');
    const state = /<login-box transaction="([0-9a-f]+)"/.exec(await page.text())?.[1];
    assert.ok(state, 'the page holds <login-box> bound to its transaction');
    const signedIn = await this.request('/u/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.base, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' },
      body: JSON.stringify({ state, username: ADA.email, password }),
    });
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    return this.navigate(((await signedIn.json()) as { location: string }).location);
  }
}

describe('openid-client 6 (an OpenID-certified relying party) against the server over HTTP', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  before(async () => { server = await listen(); });
  after(() => server.close());

  /** A Configuration from discovery, with every request and answer recorded. */
  async function discover(clientId: string, secret?: string, auth?: oidc.ClientAuth) {
    const wire: Exchange[] = [];
    const record: oidc.CustomFetch = async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      wire.push({ method: options.method, url: new URL(url), headers: new Headers(options.headers), body: String(options.body ?? ''), status: response.status });
      return response;
    };
    const config = await oidc.discovery(server.issuer, clientId, secret, auth, { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: record });
    // Without it the library trusts the TLS channel for the token endpoint's ID token; with it the signature is checked against the JWKS.
    oidc.enableNonRepudiationChecks(config);
    return { config, wire };
  }

  /** Authorization request parameters with fresh PKCE, state and nonce. */
  async function authorizationRequest(redirectUri = CALLBACK, extra: Record<string, string> = {}): Promise<AuthorizationRequest> {
    const verifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier: verifier, expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const params = {
      redirect_uri: redirectUri, scope: SCOPE, state: checks.expectedState, nonce: checks.expectedNonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    };
    return { params, checks };
  }

  /** The whole code flow for a new browser: authorize, hosted page, sign-in, code, tokens. */
  async function logIn(config: oidc.Configuration, request?: AuthorizationRequest, maxAge?: number) {
    const browser = new Browser(server.base);
    const { params, checks } = request ?? await authorizationRequest();
    const page = await browser.navigate(oidc.buildAuthorizationUrl(config, params));
    assert.ok(page instanceof Response, 'no live session: the hosted login page');
    const callback = await browser.signIn(page);
    assert.ok(callback instanceof URL, 'back at the application');
    assert.equal(callback.origin + callback.pathname, params.redirect_uri);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { ...checks, ...(maxAge !== undefined && { maxAge }) });
    return { browser, callback, checks, tokens };
  }

  const rejectsWith = (promise: Promise<unknown>, type: typeof oidc.ResponseBodyError | typeof oidc.AuthorizationResponseError, error: string, status?: number) =>
    assert.rejects(promise, (thrown: unknown) => {
      assert.ok(thrown instanceof type, `expected ${type.name}, got ${String(thrown)}`);
      assert.equal(thrown.error, error);
      if (status !== undefined) assert.equal((thrown as oidc.ResponseBodyError).status, status);
      return true;
    });

  test('discovery: the issuer is http://127.0.0.1:<port>/ and the document names every endpoint, S256 only', async () => {
    const { config, wire } = await discover(SPA_CLIENT_ID);
    const metadata = config.serverMetadata();
    assert.equal(metadata.issuer, `${server.base}/`);
    assert.equal(wire[0]!.url.href, `${server.base}/.well-known/openid-configuration`);
    assert.ok(metadata.supportsPKCE('S256'));
    assert.ok(!metadata.supportsPKCE('plain'));
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'revocation_endpoint', 'end_session_endpoint'] as const) {
      assert.ok(metadata[endpoint]?.startsWith(`${server.base}/`), endpoint);
    }
  });

  test('code + PKCE through the hosted page: a signed ID token with the nonce, auth_time within max_age and sid; userinfo is the user', async () => {
    const { config, wire } = await discover(SPA_CLIENT_ID);
    const { callback, checks, tokens } = await logIn(config, await authorizationRequest(CALLBACK, { max_age: '300' }), 300);
    assert.deepEqual([...callback.searchParams.keys()].sort(), ['code', 'state']);
    assert.equal(callback.searchParams.get('state'), checks.expectedState);

    const claims = tokens.claims()!;
    assert.equal(claims.iss, `${server.base}/`);
    assert.equal(claims.aud, SPA_CLIENT_ID);
    assert.equal(claims.nonce, checks.expectedNonce);
    assert.equal(claims.email, ADA.email);
    assert.equal(typeof claims.sid, 'string');
    assert.ok(Math.abs(Number(claims.auth_time) - Date.now() / 1000) < 30, 'auth_time is the sign-in just made');
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.scope, SCOPE);
    assert.ok(tokens.refresh_token);
    assert.ok(tokens.expiresIn()! > 0);

    const grant = wire.find((exchange) => exchange.url.pathname === '/oauth/token')!;
    const body = new URLSearchParams(grant.body);
    assert.deepEqual([...body.keys()].sort(), ['client_id', 'code', 'code_verifier', 'grant_type', 'redirect_uri'], 'a public client: no secret');
    assert.equal(body.get('code_verifier'), checks.pkceCodeVerifier);
    assert.ok(wire.some((exchange) => exchange.url.pathname === '/.well-known/jwks.json'), 'the signature was checked against the JWKS');

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(userinfo.sub, claims.sub);
    assert.equal(userinfo.email, ADA.email);
  });

  test('the code is single use: a second exchange is invalid_grant', async () => {
    const { config } = await discover(SPA_CLIENT_ID);
    const { callback, checks } = await logIn(config);
    await rejectsWith(oidc.authorizationCodeGrant(config, callback, checks), oidc.ResponseBodyError, 'invalid_grant', 403);
  });

  test('refresh rotation: a new refresh token and a valid ID token for the same user; the old one then fails', async () => {
    const { config } = await discover(SPA_CLIENT_ID);
    const { tokens } = await logIn(config);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token, 'rotated');
    assert.equal(refreshed.claims()!.sub, tokens.claims()!.sub);
    assert.equal(refreshed.claims()!.auth_time, tokens.claims()!.auth_time, 'the same authentication (OIDC Core 12.2)');
    assert.equal((await oidc.fetchUserInfo(config, refreshed.access_token, tokens.claims()!.sub)).email, ADA.email);

    await rejectsWith(oidc.refreshTokenGrant(config, tokens.refresh_token!), oidc.ResponseBodyError, 'invalid_grant', 403);
    await rejectsWith(oidc.refreshTokenGrant(config, refreshed.refresh_token), oidc.ResponseBodyError, 'invalid_grant', 403);
  });

  test('revocation (RFC 7009): the refresh token then fails; an unknown token is revoked without complaint', async () => {
    const { config, wire } = await discover(SPA_CLIENT_ID);
    const { tokens } = await logIn(config);
    await oidc.tokenRevocation(config, tokens.refresh_token!, { token_type_hint: 'refresh_token' });
    const revocation = wire.find((exchange) => exchange.url.pathname === '/oauth/revoke')!;
    assert.equal(revocation.status, 200);
    assert.equal(new URLSearchParams(revocation.body).get('token'), tokens.refresh_token);
    await rejectsWith(oidc.refreshTokenGrant(config, tokens.refresh_token!), oidc.ResponseBodyError, 'invalid_grant', 403);
    await oidc.tokenRevocation(config, 'not-a-token-this-server-issued');
  });

  test('end session: back to post_logout_redirect_uri with state; the session is gone, so prompt=none is login_required', async () => {
    const { config } = await discover(SPA_CLIENT_ID);
    const { browser, tokens } = await logIn(config);
    const again = await authorizationRequest();
    const sso = await browser.navigate(oidc.buildAuthorizationUrl(config, { ...again.params, prompt: 'none' }));
    assert.ok(sso instanceof URL && sso.searchParams.has('code'), 'before: the session answers without a page');

    const logout = oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: CALLBACK, id_token_hint: tokens.id_token!, state: 'bye' });
    const out = await browser.request(logout);
    assert.equal(out.status, 302);
    assert.equal(out.headers.get('location'), `${CALLBACK}?state=bye`);
    assert.equal(browser.cookies.has('login_box_session'), false, 'the session cookie is cleared');

    const silent = await authorizationRequest();
    const answer = await browser.navigate(oidc.buildAuthorizationUrl(config, { ...silent.params, prompt: 'none' }));
    assert.ok(answer instanceof URL);
    await rejectsWith(oidc.authorizationCodeGrant(config, answer, silent.checks), oidc.AuthorizationResponseError, 'login_required');
    await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub), oidc.WWWAuthenticateChallengeError);
    await rejectsWith(oidc.refreshTokenGrant(config, tokens.refresh_token!), oidc.ResponseBodyError, 'invalid_grant', 403);
  });

  test('a public client cannot skip PKCE, and plain is refused: invalid_request back at the app, with its state', async () => {
    const { config } = await discover(SPA_CLIENT_ID);
    const verifier = oidc.randomPKCECodeVerifier();
    const { params, checks } = await authorizationRequest();
    const { code_challenge: _challenge, code_challenge_method: _method, ...withoutPkce } = params;
    for (const request of [withoutPkce, { ...withoutPkce, code_challenge: verifier, code_challenge_method: 'plain' }]) {
      const answer = await new Browser(server.base).navigate(oidc.buildAuthorizationUrl(config, request));
      assert.ok(answer instanceof URL, 'an error goes back to the registered redirect URI');
      assert.equal(answer.origin + answer.pathname, CALLBACK);
      assert.equal(answer.searchParams.get('state'), checks.expectedState);
      await rejectsWith(oidc.authorizationCodeGrant(config, answer, checks), oidc.AuthorizationResponseError, 'invalid_request');
    }
  });

  test('response_mode=form_post: the auto-submitted form, posted to the callback, is a response the library accepts', async () => {
    const { config } = await discover(SPA_CLIENT_ID);
    const browser = new Browser(server.base);
    const { params, checks } = await authorizationRequest(CALLBACK, { response_mode: 'form_post' });
    const page = await browser.navigate(oidc.buildAuthorizationUrl(config, params));
    assert.ok(page instanceof Response);
    const answer = await browser.signIn(page);
    assert.ok(answer instanceof Response && answer.status === 200, 'a page, not a redirect');
    const html = await answer.text();
    const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
    assert.equal(action, CALLBACK);
    const fields = new URLSearchParams([...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map(([, name, value]) => [name!, value!] as [string, string]));
    assert.deepEqual([...fields.keys()].sort(), ['code', 'state']);
    const posted = new Request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
    const tokens = await oidc.authorizationCodeGrant(config, posted, checks);
    assert.equal(tokens.claims()!.nonce, checks.expectedNonce);
  });

  test('a confidential web app may leave PKCE out; a code_verifier for such a code is refused (no PKCE downgrade)', async () => {
    const { config, wire } = await discover(WEB_APP.clientId, WEB_APP.secret, oidc.ClientSecretBasic());
    /** No code_challenge in the request; the checks still hold a verifier, which a downgrading client would send. */
    const withoutChallenge = async (): Promise<AuthorizationRequest> => {
      const { params: { code_challenge: _challenge, code_challenge_method: _method, ...params }, checks } = await authorizationRequest(WEB_APP.callback);
      return { params, checks };
    };
    const { params, checks: { pkceCodeVerifier: _verifier, ...checks } } = await withoutChallenge();
    const { tokens } = await logIn(config, { params, checks });
    assert.equal(tokens.claims()!.aud, WEB_APP.clientId);
    const grant = wire.find((exchange) => exchange.url.pathname === '/oauth/token')!;
    assert.equal(new URLSearchParams(grant.body).has('code_verifier'), false, 'the grant carried no verifier');

    await assert.rejects(logIn(config, await withoutChallenge()),
      (error: unknown) => error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant' && /no code_challenge/.test(error.error_description!));
  });

  for (const [method, auth] of [['client_secret_basic', oidc.ClientSecretBasic], ['client_secret_post', oidc.ClientSecretPost]] as const) {
    test(`a confidential web app, ${method}: the code flow, refresh and revocation authenticate the client`, async () => {
      const { config, wire } = await discover(WEB_APP.clientId, WEB_APP.secret, auth());
      const { tokens } = await logIn(config, await authorizationRequest(WEB_APP.callback));
      assert.equal(tokens.claims()!.aud, WEB_APP.clientId);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      await oidc.tokenRevocation(config, refreshed.refresh_token!);
      await rejectsWith(oidc.refreshTokenGrant(config, refreshed.refresh_token!), oidc.ResponseBodyError, 'invalid_grant', 403);

      const authenticated = wire.filter((exchange) => exchange.method === 'POST');
      assert.equal(authenticated.length, 4);
      for (const { headers, body } of authenticated) {
        const fields = new URLSearchParams(body);
        if (method === 'client_secret_basic') {
          // oauth4webapi form-encodes both halves (so '-' travels as %2D): the server must decode them (RFC 6749 §2.3.1).
          const credentials = atob(/^Basic (.+)$/.exec(headers.get('authorization') ?? '')?.[1] ?? '').split(':').map(decodeURIComponent);
          assert.deepEqual(credentials, [WEB_APP.clientId, WEB_APP.secret]);
          assert.equal(fields.has('client_secret'), false);
        } else {
          assert.equal(headers.get('authorization'), null);
          assert.deepEqual([fields.get('client_id'), fields.get('client_secret')], [WEB_APP.clientId, WEB_APP.secret]);
        }
      }

      const { config: wrong } = await discover(WEB_APP.clientId, 'not-the-secret', auth());
      await assert.rejects(logIn(wrong, await authorizationRequest(WEB_APP.callback)), (error: unknown) => error instanceof oidc.ResponseBodyError && error.status === 401, 'a wrong secret gets no tokens');
    });
  }
});
