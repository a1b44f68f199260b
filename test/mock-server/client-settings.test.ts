// Lock's application settings script, GET /client/<client_id>.js: the bytes on the wire, and what
// Lock 14's own parser (auth0-lock/lib/core/client) makes of them.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, test } from 'node:test';
import { BASE, DB_CONNECTION, testServer, type TestServer, type TestServerOptions } from './helpers.js';

const LOCK_REQUEST = '/client/demo-spa.js?t1700000000000'; // Lock's cache buster: `?t` and the time, no `=`

/** The one object the script hands to `Auth0.setClient`, found by running it as a browser would. */
function setClientArgument(script: string): unknown {
  const calls: unknown[][] = [];
  runInNewContext(script, { Auth0: { setClient: (...args: unknown[]) => calls.push(args) } });
  assert.equal(calls.length, 1, 'one Auth0.setClient call');
  assert.equal(calls[0]!.length, 1, 'with one argument');
  return structuredClone(calls[0]![0]); // into this realm, so deepEqual compares prototypes it knows
}

interface LockClient {
  id: string;
  tenant: { name: string; subscription: string };
  connections: Record<'database' | 'social' | 'enterprise' | 'passwordless' | 'unknown', Record<string, unknown>[]>;
}

/** What Lock 14 keeps of the settings: its own `initClient`, as `Auth0.setClient`'s callback runs it. */
function asLockReadsIt(settings: unknown): { client: LockClient; showsAuth0Badge: boolean } {
  const require = createRequire(import.meta.url);
  const warn = console.warn;
  console.warn = () => {}; // auth0-js notes once that it loaded superagent's browser build
  try {
    // Lock's own copy of immutable, as it resolves it.
    const { Map } = createRequire(require.resolve('auth0-lock'))('immutable') as { Map(): unknown };
    const lockClient = require('auth0-lock/lib/core/client/index.js') as {
      initClient(m: unknown, settings: unknown): { toJS(): { client: LockClient } };
      hasFreeSubscription(m: unknown): boolean;
    };
    const m = lockClient.initClient(Map(), settings);
    return { client: m.toJS().client, showsAuth0Badge: lockClient.hasFreeSubscription(m) };
  } finally {
    console.warn = warn;
  }
}

describe('GET /client/<client_id>.js', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  async function start(options: TestServerOptions = {}) {
    server = await testServer(options);
    return server;
  }

  test('is a script calling Auth0.setClient with the application, its tenant and every connection by strategy', async () => {
    const { request } = await start({ tenant: (tenant) => void Object.assign(tenant.clients[0]!, { callbacks: ['http://localhost:5173/callback', '/demo/'] }) });
    const response = await request(LOCK_REQUEST);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/javascript; charset=utf-8');
    const script = await response.text();
    assert.match(script, /^Auth0\.setClient\(\{"id":"demo-spa",/);
    assert.ok(script.endsWith('});'), 'one statement, no trailing newline');
    assert.deepEqual(setClientArgument(script), {
      id: 'demo-spa',
      tenant: 'demo',
      subscription: 'enterprise',
      authorize: `${BASE}/authorize`,
      callback: 'http://localhost:5173/callback',
      hasAllowedOrigins: true,
      strategies: [
        { name: 'auth0', connections: [{ name: DB_CONNECTION, passwordPolicy: 'good', showSignup: false, showForgot: true, requires_username: false }] },
        { name: 'google-oauth2', connections: [{ name: 'google-oauth2' }] },
        { name: 'samlp', connections: [{ name: 'acme-saml' }] },
      ],
    });
  });

  test("Lock's parser finds a database connection with forgot-password and no sign-up, a social and an enterprise one, and no Auth0 badge", async () => {
    const script = await (await (await start()).request(LOCK_REQUEST)).text();
    const { client, showsAuth0Badge } = asLockReadsIt(setClientArgument(script));
    assert.equal(client.id, 'demo-spa', 'Lock accepts the call only when the id is its clientID');
    assert.deepEqual(client.tenant, { name: 'demo', subscription: 'enterprise' });
    assert.equal(showsAuth0Badge, false);
    const [database, ...otherDatabases] = client.connections.database;
    assert.equal(otherDatabases.length, 0);
    assert.deepEqual(
      { name: database!.name, allowForgot: database!.allowForgot, allowSignup: database!.allowSignup, requireUsername: database!.requireUsername },
      { name: DB_CONNECTION, allowForgot: true, allowSignup: false, requireUsername: false },
    );
    assert.deepEqual((database!.passwordPolicy as { length: unknown }).length, { minLength: 8 }, "Lock's `good` level");
    assert.deepEqual(client.connections.social.map((c) => c.name), ['google-oauth2']);
    assert.deepEqual(client.connections.enterprise.map((c) => c.name), ['acme-saml']);
    assert.deepEqual(client.connections.unknown, [], 'every strategy is one Lock knows');
  });

  test("a connection's policy level and minimum length reach Lock; each database connection is listed", async () => {
    const { request } = await start({
      tenant: (tenant) => {
        tenant.connections.push({ name: 'Staff', strategy: 'auth0', passwordPolicy: { level: 'excellent', minLength: 14 } });
      },
    });
    const settings = setClientArgument(await (await request(LOCK_REQUEST)).text()) as { strategies: { name: string; connections: unknown[] }[] };
    assert.deepEqual(settings.strategies.find((s) => s.name === 'auth0')!.connections, [
      { name: DB_CONNECTION, passwordPolicy: 'good', showSignup: false, showForgot: true, requires_username: false },
      { name: 'Staff', passwordPolicy: 'excellent', password_complexity_options: { min_length: 14 }, showSignup: false, showForgot: true, requires_username: false },
    ]);
    const staff = asLockReadsIt(settings).client.connections.database.find((c) => c.name === 'Staff')!;
    assert.deepEqual((staff.passwordPolicy as { length: unknown }).length, { minLength: 14 });
  });

  test('the callback is the first Allowed Callback URL, a path made absolute; none, no callback; web origins count as origins', async () => {
    const { request } = await start({
      tenant: (tenant) => {
        tenant.clients.push(
          { clientId: 'bare-spa', name: 'Bare', type: 'spa' },
          { clientId: 'web-only', name: 'Web origins only', type: 'spa', webOrigins: ['https://app.example'], callbacks: ['/demo/'] },
          { clientId: 'server-app', name: 'Server-side app', type: 'regular_web', clientSecret: 'server-app-secret', callbacks: ['https://app.example/cb'] },
        );
      },
    });
    const pick = async (clientId: string) => {
      const { id, callback, hasAllowedOrigins } = setClientArgument(await (await request(`/client/${clientId}.js`)).text()) as Record<string, unknown>;
      return { id, callback, hasAllowedOrigins };
    };
    assert.deepEqual(await pick('bare-spa'), { id: 'bare-spa', callback: undefined, hasAllowedOrigins: false });
    assert.deepEqual(await pick('web-only'), { id: 'web-only', callback: `${BASE}/demo/`, hasAllowedOrigins: true });
    assert.deepEqual(await pick('server-app'), { id: 'server-app', callback: 'https://app.example/cb', hasAllowedOrigins: false }, 'Lock runs in server-side web apps too');
  });

  test('any page may load and read it: public, revalidated with an ETag, CORS *, CORP cross-origin, nosniff', async () => {
    const { request } = await start();
    const response = await request(LOCK_REQUEST, { headers: { origin: 'https://anywhere.example' } });
    assert.equal(response.headers.get('cache-control'), 'public, no-cache');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-allow-credentials'), null, 'no cookies involved');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const etag = response.headers.get('etag');
    assert.match(etag ?? '', /^"[^"]+"$/, 'a strong ETag');

    const again = await request('/client/demo-spa.js?t1700000000001', { headers: { 'if-none-match': etag! } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), 'public, no-cache');
    assert.equal(again.headers.get('access-control-allow-origin'), '*');
  });

  test('HEAD answers like GET without the body', async () => {
    const { request } = await start();
    const response = await request('/client/demo-spa.js', { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/javascript; charset=utf-8');
    assert.equal(await response.text(), '');
  });

  for (const [path, description] of [
    ['/client/nobody.js', 'No application with client_id "nobody".'],
    ['/client/demo-m2m.js', '"demo-m2m" is a machine-to-machine application: Lock signs people in to applications of type "spa" or "regular_web".'],
    ['/client/demo-spa', "Lock's application settings are at /client/<client_id>.js, not /client/demo-spa."],
    ['/client/.js', 'No application with client_id "".'],
    ['/client/%E0%A4%A.js', 'No application with client_id "%E0%A4%A".'],
  ] as const) {
    test(`${path} is a 404 that says why`, async () => {
      const response = await (await start()).request(path);
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.equal(response.headers.get('access-control-allow-origin'), '*', 'a page on another origin can read why');
      assert.deepEqual(await response.json(), { error: 'not_found', error_description: description });
    });
  }

  test('other methods and deeper paths are the usual 404', async () => {
    const { request } = await start();
    for (const [method, path] of [['POST', '/client/demo-spa.js'], ['GET', '/client/demo-spa/x.js'], ['GET', '/client/']] as const) {
      const response = await request(path, { method });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(((await response.json()) as { error: string }).error, 'not_found');
    }
  });
});
