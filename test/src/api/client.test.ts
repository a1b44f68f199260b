/// <reference types="node" />
// Contract tests: the real client against the real app (no network), for every method's success
// and error paths. This is where client ↔ server agreement is proven.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { baseUrlOf, createAuthClient, type AuthClient } from '../../../src/api/client.js';
import { retryAfterSeconds } from '../../../src/api/client-schemas.js';
import { VERSION } from '../../../src/version.js';
import { codeFromMail } from '../../fixtures.js';
import { ADA, BASE, DB_CONNECTION, testServer, type TestServer } from '../../mock-server/helpers.js';

const clientFor = (server: TestServer, clientId = 'demo-spa', seen?: Request[]): AuthClient =>
  createAuthClient({
    domain: BASE,
    clientId,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      seen?.push(request.clone());
      return server.app.fetch(request);
    },
  });

/** A client whose fetch answers with `response` (for what the app cannot produce). */
const clientAnswering = (response: () => Response | Promise<Response>) =>
  createAuthClient({ domain: BASE, clientId: 'demo-spa', fetch: async () => response() });

describe('api client against the reference app', () => {
  let server: TestServer;
  let client: AuthClient;
  const seen: Request[] = [];
  before(async () => {
    server = await testServer({ store: 'memory' });
    client = clientFor(server, 'demo-spa', seen);
  });
  after(() => server.close());

  describe('login', () => {
    test('returns tokens for the right password', async () => {
      const result = await client.login({ username: ADA.email, password: ADA.password, realm: DB_CONNECTION });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.data.token_type, 'Bearer');
      assert.ok(result.data.access_token.length > 20);
      assert.ok(result.data.id_token, 'openid is in the default scope, so an id_token comes back');
      const userinfo = await server.userinfo(result.data.access_token);
      assert.equal(userinfo.status, 200, 'the access token is one the server accepts');
    });

    test('a wrong password is invalid_grant with status 403', async () => {
      const result = await client.login({ username: ADA.email, password: 'not-her-password', realm: DB_CONNECTION });
      assert.deepEqual(result, { ok: false, error: { code: 'invalid_grant', status: 403, description: 'Wrong email or password.' } });
    });

    test('an unknown user is the same invalid_grant', async () => {
      const result = await client.login({ username: 'nobody@example.com', password: 'whatever-1', realm: DB_CONNECTION });
      assert.equal(!result.ok && result.error.code, 'invalid_grant');
    });

    test('after 10 failures a blocked sign-in is too_many_attempts (a 429 no waiting lifts), not too_many_requests', async () => {
      const blockedUser = 'blocked.user@example.com';
      for (let i = 0; i < 10; i++) await client.login({ username: blockedUser, password: 'guess', realm: DB_CONNECTION });
      const result = await client.login({ username: blockedUser, password: 'guess', realm: DB_CONNECTION });
      assert.deepEqual(result, { ok: false, error: {
        code: 'too_many_attempts', status: 429,
        description: 'Your account has been blocked after multiple consecutive login attempts. Reset your password to unblock it.',
      } });
    });

    test('an unknown realm is invalid_request', async () => {
      const result = await client.login({ username: ADA.email, password: ADA.password, realm: 'No-Such-Connection' });
      assert.equal(!result.ok && result.error.code, 'invalid_request');
      assert.equal(!result.ok && result.error.status, 400);
    });

    test('a client id the tenant does not know is refused (unknown code, status 401)', async () => {
      const result = await clientFor(server, 'no-such-client').login({ username: ADA.email, password: ADA.password, realm: DB_CONNECTION });
      assert.deepEqual(!result.ok && [result.error.code, result.error.status], ['unknown', 401]);
    });

    test('without a client id the request is refused before it is sent', async () => {
      const before = seen.length;
      const result = await createAuthClient({ domain: BASE, fetch: () => assert.fail('sent') })
        .login({ username: ADA.email, password: ADA.password, realm: DB_CONNECTION });
      assert.equal(!result.ok && result.error.code, 'invalid_request');
      assert.equal(seen.length, before);
    });
  });

  describe('requestPasswordReset', () => {
    test('succeeds and queues a reset mail for a known user', async () => {
      const before = (await server.outbox()).length;
      const result = await client.requestPasswordReset({ email: ` ${ADA.email} `, connection: DB_CONNECTION });
      assert.deepEqual(result, { ok: true, data: undefined });
      const mails = await server.outbox();
      assert.equal(mails.length, before + 1);
      assert.equal(mails.at(-1)!.to, ADA.email, 'the address was trimmed by the contract before sending');
    });

    test('answers the same for an unknown user (no enumeration)', async () => {
      const result = await client.requestPasswordReset({ email: 'nobody@example.com', connection: DB_CONNECTION });
      assert.deepEqual(result, { ok: true, data: undefined });
    });

    test('without a client id the request leaves client_id out', async () => {
      const sent: Request[] = [];
      const result = await createAuthClient({
        domain: BASE, clientId: '',
        fetch: async (input, init) => { const request = new Request(input, init); sent.push(request.clone()); return server.app.fetch(request); },
      }).requestPasswordReset({ email: ADA.email, connection: DB_CONNECTION });
      assert.deepEqual(result, { ok: true, data: undefined });
      assert.deepEqual(await sent[0]!.json(), { email: ADA.email, connection: DB_CONNECTION });
    });

    test('an unknown connection is unknown_connection', async () => {
      const result = await client.requestPasswordReset({ email: ADA.email, connection: 'No-Such-Connection' });
      assert.equal(!result.ok && result.error.code, 'unknown_connection');
      assert.equal(!result.ok && result.error.status, 400);
    });

    test('a social connection is invalid_request', async () => {
      const result = await client.requestPasswordReset({ email: 'grace@example.com', connection: 'google-oauth2' });
      assert.equal(!result.ok && result.error.code, 'invalid_request');
    });

    test('a malformed email is invalid_request and never sent', async () => {
      const before = seen.length;
      const result = await client.requestPasswordReset({ email: 'not an email', connection: DB_CONNECTION });
      assert.deepEqual(result, { ok: false, error: { code: 'invalid_request', description: 'email is not a valid email address' } });
      assert.equal(seen.length, before);
    });
  });

  describe('ticketInfo and resetPassword', () => {
    test('describe the ticket, then set the password with it', async () => {
      const ticket = await server.ticketFor(ADA.email);
      const info = await client.ticketInfo(ticket);
      assert.ok(info.ok, JSON.stringify(info));
      assert.equal(info.data.email, ADA.email);
      assert.equal(info.data.connection, DB_CONNECTION);
      assert.equal(info.data.policy.level, 'good');

      const reset = await client.resetPassword({ ticket, newPassword: 'Babbage-Engine-1843' });
      assert.ok(reset.ok && reset.data.result_url, JSON.stringify(reset));
      const next = new URL(reset.data.result_url);
      assert.equal(`${next.origin}${next.pathname}`, `${BASE}/demo/`, "the tenant's result URL");
      assert.equal(next.searchParams.get('success'), 'true');
      const login = await client.login({ username: ADA.email, password: 'Babbage-Engine-1843', realm: DB_CONNECTION });
      assert.ok(login.ok, 'the new password signs in');
    });

    test('an unknown ticket is invalid_ticket for both calls', async () => {
      const info = await client.ticketInfo('no-such-ticket');
      assert.deepEqual(!info.ok && [info.error.code, info.error.status], ['invalid_ticket', 400]);
      const reset = await client.resetPassword({ ticket: 'no-such-ticket', newPassword: 'Babbage-Engine-1843' });
      assert.deepEqual(!reset.ok && [reset.error.code, reset.error.status], ['invalid_ticket', 400]);
    });

    test('a weak password is invalid_password with the failed rules', async () => {
      const ticket = await server.ticketFor(ADA.email);
      const result = await client.resetPassword({ ticket, newPassword: 'short' });
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'invalid_password');
      assert.ok(result.error.rules?.some((rule) => rule.code === 'lengthAtLeast' && !rule.verified), JSON.stringify(result.error.rules));
    });

    test('a spent ticket is invalid_ticket', async () => {
      const ticket = await server.ticketFor(ADA.email);
      assert.ok((await client.resetPassword({ ticket, newPassword: 'Lovelace-Notes-1843' })).ok);
      const again = await client.resetPassword({ ticket, newPassword: 'Lovelace-Notes-1844' });
      assert.equal(!again.ok && again.error.code, 'invalid_ticket');
    });
  });

  describe('exchangeResetCode', () => {
    /** Requests a reset for `email` and returns the code in the mail (the demo tenant mails a link and a code). */
    const mailedCode = async (email = ADA.email) => {
      const before = (await server.outbox()).length;
      await server.requestReset(email);
      const mails = await server.outbox();
      assert.equal(mails.length, before + 1);
      return codeFromMail(mails.at(-1)!.text);
    };

    test('the mailed code gives a ticket that reads and sets the password as a link\'s does', async () => {
      const exchanged = await client.exchangeResetCode({ email: ADA.email, connection: DB_CONNECTION, code: await mailedCode() });
      assert.ok(exchanged.ok, JSON.stringify(exchanged));
      const info = await client.ticketInfo(exchanged.data.ticket);
      assert.equal(info.ok && info.data.email, ADA.email);
      assert.ok((await client.resetPassword({ ticket: exchanged.data.ticket, newPassword: 'Analytical-Engine-1837' })).ok);
      assert.ok((await client.login({ username: ADA.email, password: 'Analytical-Engine-1837', realm: DB_CONNECTION })).ok);
    });

    test('a wrong code, a spent one and any code for an unknown email are the same invalid_code 400', async () => {
      const code = await mailedCode();
      const wrong = code.replace(/^./, (digit) => String((Number(digit) + 1) % 10));
      const answers = [];
      answers.push(await client.exchangeResetCode({ email: ADA.email, connection: DB_CONNECTION, code: wrong }));
      assert.ok((await client.exchangeResetCode({ email: ADA.email, connection: DB_CONNECTION, code })).ok);
      answers.push(await client.exchangeResetCode({ email: ADA.email, connection: DB_CONNECTION, code }));
      answers.push(await client.exchangeResetCode({ email: 'nobody@example.com', connection: DB_CONNECTION, code }));
      assert.deepEqual(answers.map((answer) => !answer.ok && [answer.error.code, answer.error.status]), Array(3).fill(['invalid_code', 400]));
    });

    test('a code that is not 8 digits is refused by the contract and never sent', async () => {
      const before = seen.length;
      const result = await client.exchangeResetCode({ email: ADA.email, connection: DB_CONNECTION, code: '1234' });
      assert.deepEqual(result, { ok: false, error: { code: 'invalid_request', description: 'code must be 8 digits' } });
      assert.equal(seen.length, before);
    });

    test('a 429 is too_many_requests with its Retry-After', async () => {
      const limited = await clientAnswering(() => new Response(JSON.stringify({ name: 'TooManyRequestsError', code: 'too_many_requests', description: 'Too many requests', statusCode: 429 }), {
        status: 429, headers: { 'content-type': 'application/json', 'retry-after': '30' },
      })).exchangeResetCode({ email: ADA.email, connection: DB_CONNECTION, code: '12345678' });
      assert.deepEqual(!limited.ok && [limited.error.code, limited.error.retryAfter], ['too_many_requests', 30]);
    });
  });

  describe('what goes on the wire', () => {
    test('JSON bodies with the Auth0-Client telemetry header', () => {
      assert.ok(seen.length > 0);
      for (const request of seen) {
        assert.equal(request.headers.get('content-type'), 'application/json');
        const telemetry = request.headers.get('auth0-client')!;
        assert.match(telemetry, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
        assert.deepEqual(JSON.parse(Buffer.from(telemetry, 'base64url').toString()), { name: 'login-box', version: VERSION });
      }
    });

    test('the login body is the password-realm grant', async () => {
      const request = seen.find((r) => r.url === `${BASE}/oauth/token`)!;
      assert.deepEqual(await request.json(), {
        grant_type: 'http://auth0.com/oauth/grant-type/password-realm', client_id: 'demo-spa',
        username: ADA.email, password: ADA.password, realm: DB_CONNECTION, scope: 'openid profile email',
      });
    });
  });
});

describe('api client: what the app cannot produce', () => {
  test('a failed fetch is network', async () => {
    const result = await clientAnswering(() => { throw new TypeError('Failed to fetch'); })
      .login({ username: ADA.email, password: ADA.password, realm: DB_CONNECTION });
    assert.deepEqual(result, { ok: false, error: { code: 'network' } });
  });

  test('an aborted request is aborted, not network', async () => {
    const controller = new AbortController();
    let sent!: () => void;
    const inFlight = new Promise<void>((resolve) => { sent = resolve; });
    const client = createAuthClient({
      domain: BASE, clientId: 'demo-spa',
      fetch: (_input, init) => new Promise((_resolve, reject) => {
        init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        sent();
      }),
    });
    const pending = client.requestPasswordReset({ email: ADA.email, connection: DB_CONNECTION }, { signal: controller.signal });
    await inFlight;
    controller.abort();
    assert.deepEqual(await pending, { ok: false, error: { code: 'aborted' } });
  });

  test('429 is too_many_requests with the seconds from Retry-After', async () => {
    const result = await clientAnswering(() => Response.json(
      { error: 'too_many_requests', error_description: 'Rate limit exceeded.' },
      { status: 429, headers: { 'Retry-After': '30' } },
    )).requestPasswordReset({ email: ADA.email, connection: DB_CONNECTION });
    assert.deepEqual(result, { ok: false, error: { code: 'too_many_requests', status: 429, retryAfter: 30, description: 'Rate limit exceeded.' } });
  });

  test('429 without a body or Retry-After is still too_many_requests', async () => {
    const result = await clientAnswering(() => new Response('slow down', { status: 429 }))
      .login({ username: ADA.email, password: ADA.password, realm: DB_CONNECTION });
    assert.deepEqual(result, { ok: false, error: { code: 'too_many_requests', status: 429 } });
  });

  test('a 5xx with an HTML body is unknown', async () => {
    const result = await clientAnswering(() => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }))
      .login({ username: ADA.email, password: ADA.password, realm: DB_CONNECTION });
    assert.deepEqual(result, { ok: false, error: { code: 'unknown', status: 502 } });
  });

  test('a 200 that breaks the contract is unknown, not a crash', async () => {
    const result = await clientAnswering(() => Response.json({ access_token: 42 }))
      .login({ username: ADA.email, password: ADA.password, realm: DB_CONNECTION });
    assert.equal(!result.ok && result.error.code, 'unknown');
  });
});

describe('api client helpers', () => {
  test('domain: a bare host means https, a URL is kept, trailing slashes go', () => {
    assert.equal(baseUrlOf('tenant.example.com'), 'https://tenant.example.com');
    assert.equal(baseUrlOf('http://127.0.0.1:8787/'), 'http://127.0.0.1:8787');
    assert.equal(baseUrlOf('HTTPS://Tenant.example.com/auth/'), 'HTTPS://Tenant.example.com/auth');
  });

  test('Retry-After: seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    assert.equal(retryAfterSeconds('120', now), 120);
    assert.equal(retryAfterSeconds('Sat, 28 Nov 2026 12:00:30 GMT', now), 30);
    assert.equal(retryAfterSeconds('Sat, 28 Nov 2026 11:00:00 GMT', now), 0);
    assert.equal(retryAfterSeconds('soon', now), undefined);
    assert.equal(retryAfterSeconds(null, now), undefined);
  });

  test('VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
  });
});
