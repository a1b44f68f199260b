import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTVerifyOptions } from 'jose';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rotateSigningKey } from '../../mock-server/domain/tokens.js';
import { ADA, BASE, DB_CONNECTION, testServer, type TestServer } from './helpers.js';

const REALM = 'http://auth0.com/oauth/grant-type/password-realm';
type Tokens = { access_token: string; id_token?: string; scope?: string; expires_in: number; token_type: string };
type OAuthError = { error: string; error_description: string };

describe('POST /oauth/token and the token endpoints', () => {
  let server: TestServer;
  before(async () => { server = await testServer(); });
  after(() => server.close());

  const jwks = async () => createLocalJWKSet(await (await server.request('/.well-known/jwks.json')).json() as JSONWebKeySet);
  /** Verifies against the published JWKS at the server's clock, not the wall clock the test does not control. */
  const verify = async (token: string, options: JWTVerifyOptions) => jwtVerify(token, await jwks(), { currentDate: server.now(), ...options });

  test('password-realm grant (JSON, as auth0-js sends it): RS256 tokens that verify against the published JWKS', async () => {
    const response = await server.login(ADA.email, ADA.password);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const tokens = await response.json() as Tokens;
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 86_400);
    assert.equal(tokens.scope, 'openid profile email');
    assert.equal(decodeProtectedHeader(tokens.access_token).alg, 'RS256');

    const { payload: access } = await verify(tokens.access_token, { issuer: `${BASE}/`, audience: `${BASE}/userinfo` });
    assert.match(access.sub!, /^auth0\|[0-9a-f]{24}$/);
    assert.equal(typeof access.sid, 'string');
    assert.equal(access.azp, 'demo-spa');
    assert.match(access.jti!, /^[0-9a-f]{32}$/);
    // node-auth0 checks these on the ID token: iss, aud = client id, exp and iat.
    const { payload: id } = await verify(tokens.id_token!, { issuer: `${BASE}/`, audience: 'demo-spa' });
    assert.equal(id.email, ADA.email);
    assert.equal(id.sub, access.sub);
    assert.ok(id.exp! > id.iat!);

    const userinfo = await server.userinfo(tokens.access_token);
    assert.equal(userinfo.status, 200);
    assert.deepEqual(await userinfo.json(), { sub: access.sub, email: ADA.email, email_verified: true, name: 'Ada Lovelace' });
  });

  test('two tokens issued in the same second are different tokens, each with its own jti', async () => {
    const [first, second] = await Promise.all([1, 2].map(async () => (await (await server.login(ADA.email, ADA.password)).json() as Tokens).access_token));
    assert.notEqual(first, second);
    const [a, b] = await Promise.all([first!, second!].map(async (token) => (await verify(token, { issuer: `${BASE}/` })).payload));
    assert.equal(a!.iat, b!.iat, 'the same second (the test clock stands still)');
    assert.notEqual(a!.jti, b!.jti);
  });

  test('form-encoded body (as node-auth0 sends it) and the plain password grant on the default directory', async () => {
    const form = await server.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'demo-spa', username: ADA.email, password: ADA.password, realm: DB_CONNECTION, grant_type: REALM }).toString(),
    });
    assert.equal(form.status, 200);
    const tokens = await form.json() as Tokens;
    assert.equal(tokens.id_token === undefined, false);
    const plain = await server.json('/oauth/token', { grant_type: 'password', client_id: 'demo-spa', username: ADA.email, password: ADA.password, scope: 'profile' });
    assert.equal(plain.status, 200);
    assert.equal((await plain.json() as Tokens).id_token, undefined, 'no openid scope, no ID token');
  });

  test('a person\'s token never carries another audience or a non-OpenID scope', async () => {
    const refused = await server.login(ADA.email, ADA.password, { audience: `${BASE}/api/v2/` });
    assert.equal(refused.status, 403);
    assert.deepEqual(await refused.json(), { error: 'access_denied', error_description: `Service not found: ${BASE}/api/v2/` });
    const tokens = await (await server.login(ADA.email, ADA.password, { scope: 'openid update:users email create:user_tickets' })).json() as Tokens;
    assert.equal(tokens.scope, 'openid email');
    const { payload } = await verify(tokens.access_token, { issuer: `${BASE}/` });
    assert.deepEqual([payload.aud, payload.scope], [`${BASE}/userinfo`, 'openid email']);
  });

  test('wrong password, unknown user and a social user all get 403 invalid_grant "Wrong email or password."', async () => {
    for (const [username, password] of [[ADA.email, 'nope'], ['nobody@example.com', ADA.password], ['grace@example.com', 'anything']]) {
      const response = await server.login(username!, password!);
      assert.equal(response.status, 403);
      assert.deepEqual(await response.json(), { error: 'invalid_grant', error_description: 'Wrong email or password.' });
    }
  });

  test('client and request errors in the OAuth envelope', async () => {
    const cases: [Record<string, unknown>, number, OAuthError][] = [
      [{ client_id: 'nope' }, 401, { error: 'access_denied', error_description: 'Unauthorized' }],
      [{ client_id: 'demo-m2m' }, 403, { error: 'unauthorized_client', error_description: `Grant type '${REALM}' not allowed for the client.` }],
      [{ realm: 'google-oauth2' }, 400, { error: 'invalid_request', error_description: 'Unknown realm google-oauth2.' }],
      [{ realm: 'Nope' }, 400, { error: 'invalid_request', error_description: 'Unknown realm Nope.' }],
      [{ realm: undefined }, 400, { error: 'invalid_request', error_description: 'realm is required for the password-realm grant' }],
      [{ username: undefined }, 400, { error: 'invalid_request', error_description: 'username is required' }],
      [{ password: 12 }, 400, { error: 'invalid_request', error_description: 'password must be a string' }],
      [{ grant_type: 'urn:ietf:params:oauth:grant-type:device_code' }, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: urn:ietf:params:oauth:grant-type:device_code' }],
      [{ grant_type: undefined }, 400, { error: 'invalid_request', error_description: 'grant_type is required' }],
    ];
    for (const [change, status, body] of cases) {
      const response = await server.login(ADA.email, ADA.password, change);
      assert.equal(response.status, status, JSON.stringify(change));
      assert.deepEqual(await response.json(), body);
    }
  });

  test('client_credentials for demo-m2m: a Management API token with the granted scopes', async () => {
    const response = await server.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', audience: `${BASE}/api/v2/` }).toString(),
    });
    assert.equal(response.status, 200);
    const tokens = await response.json() as Tokens;
    assert.equal(tokens.scope, 'read:users update:users create:user_tickets read:logs');
    const { payload } = await verify(tokens.access_token, { issuer: `${BASE}/`, audience: `${BASE}/api/v2/` });
    assert.equal(payload.sub, 'demo-m2m@clients');
    assert.equal(payload.gty, 'client-credentials');
    assert.equal(payload.scope, 'read:users update:users create:user_tickets read:logs');

    const narrowed = await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', scope: 'read:users delete:users' });
    assert.equal((await narrowed.json() as Tokens).scope, 'read:users', 'only granted scopes, audience defaults to the Management API');
  });

  test('client_credentials refusals', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ client_secret: 'wrong-secret' }, 401, 'Unauthorized'],
      [{ client_id: 'demo-spa', client_secret: 'x' }, 401, 'Unauthorized'],
      [{ audience: 'https://other.example/api/' }, 403, 'Client is not authorized to access "https://other.example/api/". You need to create a "client-grant" associated to this API.'],
    ];
    for (const [change, status, description] of cases) {
      const response = await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', ...change });
      assert.equal(response.status, status);
      assert.equal((await response.json() as OAuthError).error_description, description);
    }
    const missing = await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m' });
    assert.deepEqual(await missing.json(), { error: 'invalid_request', error_description: 'client_secret is required' });
  });

  test('/userinfo: 401 with WWW-Authenticate for no token, a forged token, a Management token and an expired one', async () => {
    const tokens = await (await server.login(ADA.email, ADA.password)).json() as Tokens;
    const [header, payload] = tokens.access_token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(342)}`;
    const m2m = await (await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret' })).json() as Tokens;
    for (const authorization of [undefined, 'Bearer', `Bearer ${forged}`, `Bearer ${m2m.access_token}`, 'Basic abc']) {
      const response = await server.request('/userinfo', { headers: authorization ? { authorization } : {} });
      assert.equal(response.status, 401, authorization);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    }
    server.advance(86_400_000 + 1000);
    assert.equal((await server.userinfo(tokens.access_token)).status, 401, 'expired');
  });

  test('key rotation: new tokens get the new key; the old key stays published until its tokens have expired', async () => {
    const rotating = await testServer();
    try {
      const kidOf = (token: string) => decodeProtectedHeader(token).kid;
      const before = await rotating.accessToken(ADA.email, ADA.password);
      const kid = await rotateSigningKey(rotating.store, rotating.now().getTime());
      rotating.advance(31_000); // instances look for a new key every 30 s
      const after = await rotating.accessToken(ADA.email, ADA.password);
      assert.equal(kidOf(after), kid);
      assert.notEqual(kidOf(before), kid);
      const published = async () => ((await (await rotating.request('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
      assert.deepEqual(await published(), [kid, kidOf(before)]);
      assert.equal((await rotating.userinfo(before)).status, 200, 'a token signed with the retired key still works');
      rotating.advance(86_400_000);
      assert.deepEqual(await published(), [kid], 'retired once every token it signed has expired');
    } finally {
      rotating.close();
    }
  });

  test('discovery documents', async () => {
    const config = await (await server.request('/.well-known/openid-configuration')).json() as Record<string, unknown>;
    assert.equal(config.issuer, `${BASE}/`);
    assert.equal(config.jwks_uri, `${BASE}/.well-known/jwks.json`);
    assert.equal(config.token_endpoint, `${BASE}/oauth/token`);
    const { keys } = await (await server.request('/.well-known/jwks.json')).json() as { keys: Record<string, string>[] };
    assert.equal(keys.length, 1);
    assert.deepEqual(Object.keys(keys[0]!).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use'], 'public parts only');
  });
});
