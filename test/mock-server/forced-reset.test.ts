/** Forced reset (POST /api/v2/users/{id}/require-password-reset): sessions and refresh tokens end, sign-in waits for a new password. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, test } from 'node:test';
import { ADA, BASE, normalized, STORE_KINDS, testServer, ticketFromMail, type StoreKind, type TestServer } from './helpers.js';

const AUDIENCE = `${BASE}/api/v2/`;
const CALLBACK = 'http://localhost:5173/callback';
const NEW_PASSWORD = 'Analytical-Engine-1843';
const from = (address: string) => ({ 'x-test-client-ip': address });

async function m2mToken(server: TestServer, scope = 'read:users update:users'): Promise<string> {
  const response = await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', audience: AUDIENCE, scope });
  return ((await response.json()) as { access_token: string }).access_token;
}

const requireReset = (server: TestServer, id: string, token: string) =>
  server.request(`/api/v2/users/${encodeURIComponent(id)}/require-password-reset`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

const userIdOf = async (server: TestServer, email: string) => (await server.store.listUsers({ emailKey: email }, 0, 1)).users[0]!.id;

/** Universal Login in one cookie jar: /authorize → hosted sign-in → resume → code → tokens with a refresh token. */
async function hostedLogin(server: TestServer, password = ADA.password) {
  const cookies = new Map<string, string>();
  const go = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await server.request(path.replace(BASE, ''), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [name, value] = line.split(';')[0]!.split('=') as [string, string];
      cookies.set(name, value);
    }
    return response;
  };
  const verifier = randomBytes(32).toString('base64url');
  const started = await go(`/authorize?${new URLSearchParams({
    client_id: 'demo-spa', redirect_uri: CALLBACK, response_type: 'code', scope: 'openid profile email offline_access', state: 's',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  })}`);
  const state = new URL(started.headers.get('location')!, BASE).searchParams.get('state')!;
  const signedIn = await go('/u/login', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: BASE, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ state, username: ADA.email, password }),
  });
  if (signedIn.status !== 200) return { signedIn };
  const resumed = await go(((await signedIn.json()) as { location: string }).location);
  const code = new URL(resumed.headers.get('location')!).searchParams.get('code')!;
  const exchanged = await server.request('/oauth/token', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'demo-spa', code, code_verifier: verifier, redirect_uri: CALLBACK }),
  });
  return { signedIn, tokens: (await exchanged.json()) as { access_token: string; refresh_token: string } };
}

const refresh = (server: TestServer, token: string) => server.json('/oauth/token', { grant_type: 'refresh_token', client_id: 'demo-spa', refresh_token: token });

describe('forced reset', () => {
  let server: TestServer;
  afterEach(() => server.close());

  for (const kind of STORE_KINDS) {
    test(`ends sessions and refresh tokens, refuses sign-in until the mailed reset, which lifts it (${kind})`, async () => {
      server = await testServer({ store: kind as StoreKind });
      const passwordGrantToken = await server.accessToken(ADA.email, ADA.password);
      const hosted = await hostedLogin(server);
      assert.ok(hosted.tokens?.refresh_token);
      const earlierLink = await server.ticketFor();
      const mailsBefore = (await server.outbox()).length;

      const response = await requireReset(server, await userIdOf(server, ADA.email), await m2mToken(server));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(((await response.json()) as { email: string }).email, ADA.email);

      assert.equal((await server.userinfo(passwordGrantToken)).status, 401, 'the password-grant session ended');
      assert.equal((await server.userinfo(hosted.tokens.access_token)).status, 401, 'the login session ended');
      assert.equal((await refresh(server, hosted.tokens.refresh_token)).status, 403, 'the refresh token is revoked');

      // The right password gets the brute-force block's answer, byte for byte; a wrong one the usual answer.
      const refused = await server.login(ADA.email, ADA.password, {}, from('10.9.0.1'));
      for (let i = 0; i < 10; i++) await server.login('nobody@example.com', 'guess', {}, from('10.9.0.2'));
      assert.deepEqual(await normalized(refused), await normalized(await server.login('nobody@example.com', 'guess', {}, from('10.9.0.2'))));
      assert.equal((await server.login(ADA.email, 'wrong-guess', {}, from('10.9.0.1'))).status, 403);
      const hostedRefused = await hostedLogin(server);
      assert.equal(hostedRefused.signedIn.status, 429, 'the hosted login page refuses too');
      assert.equal(hostedRefused.tokens, undefined);

      const mails = await server.outbox();
      assert.equal(mails.length, mailsBefore + 1, 'one reset mail');
      assert.equal(mails.at(-1)!.to, ADA.email);
      assert.equal((await server.reset(earlierLink, NEW_PASSWORD)).status, 400, 'earlier links are dead');
      assert.equal((await server.reset(ticketFromMail(mails.at(-1)!.text), NEW_PASSWORD)).status, 200);

      assert.equal((await server.login(ADA.email, ADA.password)).status, 403, 'the old password is gone');
      assert.equal((await server.login(ADA.email, NEW_PASSWORD)).status, 200, 'the reset lifted the block');
      assert.equal((await hostedLogin(server, NEW_PASSWORD)).signedIn.status, 200);
    });
  }

  test('a Management password change lifts it too; the block is per user', async () => {
    server = await testServer();
    const token = await m2mToken(server);
    const id = await userIdOf(server, ADA.email);
    assert.equal((await requireReset(server, id, token)).status, 200);
    assert.equal((await server.login(ADA.email, ADA.password)).status, 429);
    const patched = await server.request(`/api/v2/users/${encodeURIComponent(id)}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ password: NEW_PASSWORD }),
    });
    assert.equal(patched.status, 200);
    assert.equal((await server.login(ADA.email, NEW_PASSWORD)).status, 200);
  });

  test('refusals in the Management envelope: unknown user, social user, missing scope, no token', async () => {
    server = await testServer();
    const token = await m2mToken(server);
    const expect = async (response: Response, status: number, errorCode: string) => {
      const body = (await response.json()) as { statusCode: number; errorCode: string; message: string };
      assert.equal(response.status, status, JSON.stringify(body));
      assert.deepEqual([body.statusCode, body.errorCode], [status, errorCode]);
      assert.ok(body.message);
    };
    await expect(await requireReset(server, 'auth0|nobody', token), 404, 'inexistent_user');
    await expect(await requireReset(server, await userIdOf(server, 'grace@example.com'), token), 400, 'operation_not_supported');
    await expect(await requireReset(server, await userIdOf(server, ADA.email), await m2mToken(server, 'read:users')), 403, 'insufficient_scope');
    const anonymous = await server.request('/api/v2/users/x/require-password-reset', { method: 'POST' });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await anonymous.json(), { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication', attributes: { error: 'Missing authentication' } });
    assert.equal((await server.login(ADA.email, ADA.password)).status, 200, 'nothing changed');
    assert.equal((await server.outbox()).length, 0, 'no mail');
  });
});
