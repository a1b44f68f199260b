import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADA, DB_CONNECTION, normalized, testServer, type TestServer } from './helpers.js';

const SENT = "We've just sent you an email to reset your password.";

describe('POST /dbconnections/change_password', () => {
  let server: TestServer;
  before(async () => { server = await testServer(); });
  after(() => server.close());

  test('answers 200 with Auth0\'s exact text as text/html and mails a single-use link to the user', async () => {
    const response = await server.requestReset();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(await response.text(), SENT);
    const mail = (await server.outbox()).at(-1)!;
    assert.equal(mail.to, ADA.email);
    assert.equal(mail.subject, 'Reset your Demo App password');
    assert.match(mail.text, /^Hello ada@example\.com,/);
    assert.match(mail.text, /http:\/\/127\.0\.0\.1:8787\/lo\/reset\?ticket=[A-Za-z0-9_-]{43}#/);
    assert.match(mail.html, /<a href="http:\/\/127\.0\.0\.1:8787\/lo\/reset\?ticket=[A-Za-z0-9_-]{43}#">/);
  });

  test('answers byte for byte the same for an existing user, an unknown email, a social user and odd casing', async () => {
    const answers = await Promise.all(
      [ADA.email, 'nobody@example.com', 'grace@example.com', 'ADA@EXAMPLE.COM', 'no.such.user@unknown.test']
        .map(async (email) => normalized(await server.requestReset(email))),
    );
    for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0]);
  });

  test('mails only existing users of that database connection, always at the stored address', async () => {
    const before = (await server.outbox()).length;
    await server.requestReset('nobody@example.com');
    await server.requestReset('grace@example.com'); // a google-oauth2 user: not in the database connection
    assert.equal((await server.outbox()).length, before);
    await server.requestReset('  ADA@example.COM ');
    const mails = await server.outbox();
    assert.equal(mails.length, before + 1);
    assert.equal(mails.at(-1)!.to, ADA.email);
  });

  test('look-alike addresses (other scripts, Unicode case folding) never match the account', async () => {
    const before = (await server.outbox()).length;
    // Cyrillic "а" in the local part, a dotless-i style fold, full-width letters: valid addresses, other people.
    for (const email of ['\u0430da@example.com', 'ad\u0251@example.com', '\uff41da@example.com']) {
      assert.equal((await server.requestReset(email)).status, 200, email);
    }
    // A Cyrillic letter in the domain is not a valid (A-label) domain at all.
    assert.equal((await server.requestReset('ada@ex\u0430mple.com')).status, 400);
    assert.equal((await server.outbox()).length, before, 'no look-alike reached ada');
  });

  test('links are built from the configured base URL only, never from Host or forwarding headers', async () => {
    const response = await server.app.fetch(new Request('http://evil.test/dbconnections/change_password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'evil.test', 'x-forwarded-host': 'evil.test', forwarded: 'host=evil.test' },
      body: JSON.stringify({ client_id: 'demo-spa', email: ADA.email, connection: DB_CONNECTION }),
    }));
    assert.equal(response.status, 200);
    const mail = (await server.outbox()).at(-1)!;
    assert.match(mail.text, /http:\/\/127\.0\.0\.1:8787\/lo\/reset\?ticket=/);
    assert.doesNotMatch(mail.text + mail.html, /evil/);
  });

  test('the request changes nothing on the account: the old password still signs in', async () => {
    await server.requestReset();
    assert.equal((await server.login(ADA.email, ADA.password)).status, 200);
  });

  const badRequests: [string, unknown, RegExp][] = [
    ['email is missing', { client_id: 'demo-spa', connection: DB_CONNECTION }, /^email is required$/],
    ['email is not a string', { client_id: 'demo-spa', email: 42, connection: DB_CONNECTION }, /^email must be a string$/],
    ['email is empty', { client_id: 'demo-spa', email: '  ', connection: DB_CONNECTION }, /^email must not be empty$/],
    ['email has no @', { client_id: 'demo-spa', email: 'ada.example.com', connection: DB_CONNECTION }, /^email is not a valid email address$/],
    ['email smuggles a header', { client_id: 'demo-spa', email: 'ada@example.com\r\nBcc: x@evil.test', connection: DB_CONNECTION }, /control characters or line breaks/],
    ['email has a Unicode line separator', { client_id: 'demo-spa', email: 'ada@example.com\u2028Bcc: x@evil.test', connection: DB_CONNECTION }, /control characters or line breaks/],
    ['email is too long', { client_id: 'demo-spa', email: `${'a'.repeat(250)}@example.com`, connection: DB_CONNECTION }, /at most 254/],
    ['connection is missing', { client_id: 'demo-spa', email: ADA.email }, /^connection is required$/],
    ['connection is null', { client_id: 'demo-spa', email: ADA.email, connection: null }, /^connection must be a string$/],
    ['a password is sent (the removed v1 flow)', { client_id: 'demo-spa', email: ADA.email, connection: DB_CONNECTION, password: 'x' }, /^password is not allowed$/],
    ['client_id is a number', { client_id: 7, email: ADA.email, connection: DB_CONNECTION }, /^client_id must be a string$/],
  ];
  for (const [name, body, message] of badRequests) {
    test(`400 invalid_request when ${name}`, async () => {
      const response = await server.json('/dbconnections/change_password', body);
      assert.equal(response.status, 400);
      const error = await response.json() as { error: string; error_description: string };
      assert.equal(error.error, 'invalid_request');
      assert.match(error.error_description, message);
    });
  }

  test('400 for an unknown client, naming it', async () => {
    const response = await server.requestReset(ADA.email, { client_id: 'no-such-client' });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid_request', error_description: 'client not found: no-such-client' });
  });

  test('400 "connection not found" for an unknown connection', async () => {
    const response = await server.requestReset(ADA.email, { connection: 'Nope' });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'connection not found', error_description: 'connection not found: Nope' });
  });

  for (const [connection, kind] of [['google-oauth2', 'google-oauth2'], ['acme-saml', 'samlp']]) {
    test(`400 for the ${kind} connection ${connection}: only database connections reset passwords`, async () => {
      const before = (await server.outbox()).length;
      const response = await server.requestReset('grace@example.com', { connection });
      assert.equal(response.status, 400);
      const error = await response.json() as { error: string; error_description: string };
      assert.equal(error.error, 'invalid_request');
      assert.match(error.error_description, new RegExp(`"${connection}" is a ${kind} connection: only database connections`));
      assert.equal((await server.outbox()).length, before);
    });
  }

  test('malformed bodies get a 4xx in the same envelope, never a 500', async () => {
    const cases: [RequestInit, number, RegExp][] = [
      [{ headers: { 'content-type': 'application/json' }, body: '{"email":' }, 400, /not valid JSON/],
      [{ headers: { 'content-type': 'application/json' }, body: '' }, 400, /not valid JSON/],
      [{ headers: { 'content-type': 'application/json' }, body: '[1,2]' }, 400, /must be a JSON object/],
      [{ headers: { 'content-type': 'application/json' }, body: 'null' }, 400, /must be a JSON object/],
      [{ headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"email":"ada@example.com"},"connection":"Username-Password-Authentication"}' }, 400, /email is required/],
      [{ headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ email: ADA.email, connection: DB_CONNECTION }) }, 415, /Content-Type must be application\/json/],
      [{ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ada%40example.com' }, 415, /Content-Type must be application\/json/],
      [{ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a'.repeat(20_000) }) }, 413, /larger than 16384 bytes/],
    ];
    for (const [init, status, message] of cases) {
      const response = await server.request('/dbconnections/change_password', { method: 'POST', ...init });
      assert.equal(response.status, status, String(init.body).slice(0, 40));
      const error = await response.json() as { error: string; error_description: string };
      assert.equal(error.error, 'invalid_request');
      assert.match(error.error_description, message);
    }
  });

  test('only POST: GET and HEAD get 404 and mail nothing', async () => {
    const before = (await server.outbox()).length;
    for (const method of ['GET', 'HEAD', 'PUT']) {
      assert.equal((await server.request(`/dbconnections/change_password?email=${ADA.email}&connection=${DB_CONNECTION}`, { method })).status, 404);
    }
    assert.equal((await server.outbox()).length, before);
  });
});

describe('CORS on the Authentication API', () => {
  let server: TestServer;
  before(async () => { server = await testServer(); });
  after(() => server.close());

  const preflight = (origin: string) => server.request('/dbconnections/change_password', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,auth0-client' },
  });

  test('an allowed origin gets its own origin back, Content-Type and Auth0-Client allowed, and Vary: Origin', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8787']) {
      const response = await preflight(origin);
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), origin);
      assert.match(response.headers.get('access-control-allow-headers')!, /Content-Type/);
      assert.match(response.headers.get('access-control-allow-headers')!, /Auth0-Client/);
      assert.match(response.headers.get('access-control-allow-methods')!, /POST/);
      const post = await server.requestReset(ADA.email);
      assert.equal(post.headers.get('access-control-allow-origin'), null, 'no Origin header, no ACAO');
      const withOrigin = await server.json('/dbconnections/change_password', { email: 'x@example.com', connection: DB_CONNECTION }, { origin });
      assert.equal(withOrigin.headers.get('access-control-allow-origin'), origin);
      assert.match(withOrigin.headers.get('vary')!, /Origin/);
      assert.equal(withOrigin.headers.get('access-control-expose-headers'), 'Retry-After');
    }
  });

  test('an error answer carries the CORS headers too, so the page on the allowed origin can read why', async () => {
    const origin = 'http://localhost:5173';
    const refused = await server.json('/dbconnections/change_password', { connection: DB_CONNECTION }, { origin });
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('access-control-allow-origin'), origin);
    assert.equal(refused.headers.get('access-control-expose-headers'), 'Retry-After');
    assert.equal(refused.headers.get('vary'), 'Origin');
    assert.equal(((await refused.json()) as { error: string }).error, 'invalid_request');
  });

  test('any other origin gets no Access-Control-Allow-Origin', async () => {
    for (const origin of [
      'http://localhost:5173/', 'https://localhost:5173', 'http://localhost:5174', 'http://LOCALHOST:5173',
      'http://localhost:5173.evil.test', 'http://evil.test', 'null',
    ]) {
      assert.equal((await preflight(origin)).headers.get('access-control-allow-origin'), null, origin);
      const post = await server.json('/dbconnections/change_password', { email: 'x@example.com', connection: DB_CONNECTION }, { origin });
      assert.equal(post.headers.get('access-control-allow-origin'), null, origin);
    }
  });
});
