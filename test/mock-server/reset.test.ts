import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import { ADA, BASE, DB_CONNECTION, testServer, type TestServer, type TestServerOptions } from './helpers.js';

const NEW_PASSWORD = 'Babbage-Engine-1834';
const INVALID = { name: 'BadRequestError', code: 'invalid_ticket', description: 'This link is invalid or has expired. Request a new one.', statusCode: 400 };

async function readInvalid(response: Response) {
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), INVALID);
}

// The whole flow on both SQL stores: the default SQLite, and PostgreSQL (a database of the test process's own server per test).
for (const store of ['sqlite', 'postgres'] as const) describe(`the hosted reset page and its API (${store} store)`, () => {
  let server: TestServer;
  const fresh = async (options?: TestServerOptions) => {
    await server?.close();
    server = await testServer({ store, ...options });
  };
  beforeEach(() => fresh());
  after(() => server.close());

  test('GET /lo/reset serves the page with no-referrer, no-store, a strict CSP, and loads only same-origin script', async () => {
    const ticket = await server.ticketFor();
    const response = await server.request(`/lo/reset?ticket=${ticket}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=UTF-8');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    const csp = response.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
      assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const page = await response.text();
    assert.match(page, /<reset-password-form [^>]*><\/reset-password-form>/);
    assert.match(page, /<script type="module" src="\/assets\/login-box.js"><\/script>/);
    assert.doesNotMatch(page, new RegExp(ticket), 'the page does not echo the ticket');
    assert.doesNotMatch(page, /<script>|style=|<style/, 'no inline script or style');
  });

  test('the ticket info names the user and the connection policy; reading it (and the page) spends nothing', async () => {
    const ticket = await server.ticketFor();
    for (let i = 0; i < 5; i++) {
      assert.equal((await server.request(`/lo/reset?ticket=${ticket}`, { headers: { 'user-agent': 'MailScanner/1.0' } })).status, 200);
      const info = await server.json('/lo/reset/ticket', { ticket });
      assert.equal(info.status, 200);
      assert.deepEqual(await info.json(), {
        email: ADA.email, connection: DB_CONNECTION,
        policy: { level: 'good', dictionary: true, noPersonalInfo: false, history: 0 },
      });
    }
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
  });

  test('a reset sets the password, ends every session, and the link then fails', async () => {
    const sessions = await Promise.all([1, 2, 3].map(async () => await server.accessToken(ADA.email, ADA.password)));
    for (const token of sessions) assert.equal((await server.userinfo(token)).status, 200);

    const ticket = await server.ticketFor();
    const response = await server.reset(ticket, NEW_PASSWORD);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('set-cookie'), null, 'no auto-login');

    for (const token of sessions) {
      const userinfo = await server.userinfo(token);
      assert.equal(userinfo.status, 401, 'sessions end with the password');
      assert.deepEqual(await userinfo.json(), { error: 'access_denied', error_description: 'Unauthorized' });
    }
    assert.equal((await server.login(ADA.email, ADA.password)).status, 403, 'the old password fails');
    assert.equal((await server.login(ADA.email, NEW_PASSWORD)).status, 200, 'the new one works');
    await readInvalid(await server.reset(ticket, 'Another-Password-42'));
    await readInvalid(await server.json('/lo/reset/ticket', { ticket }));
    assert.equal((await server.login(ADA.email, NEW_PASSWORD)).status, 200, 'a spent link changes nothing');
  });

  test('only the newest link works; failed tries with old links do not burn it', async () => {
    const first = await server.ticketFor();
    const second = await server.ticketFor();
    const third = await server.ticketFor();
    await readInvalid(await server.reset(first, NEW_PASSWORD));
    await readInvalid(await server.reset(second, NEW_PASSWORD));
    await readInvalid(await server.json('/lo/reset/ticket', { ticket: first }));
    assert.equal((await server.reset(third, NEW_PASSWORD)).status, 200);
  });

  test('a link expires after the template\'s URL lifetime (1 h in the demo tenant), for the page API and the submit', async () => {
    const ticket = await server.ticketFor();
    server.advance(3600_000 - 1000);
    assert.equal((await server.json('/lo/reset/ticket', { ticket })).status, 200, 'valid one second before');
    server.advance(2000);
    await readInvalid(await server.json('/lo/reset/ticket', { ticket }));
    await readInvalid(await server.reset(ticket, NEW_PASSWORD));
    assert.equal((await server.login(ADA.email, ADA.password)).status, 200, 'password unchanged');
  });

  test('the URL lifetime is configurable', async () => {
    await fresh({ tenant: (tenant) => { tenant.emailTemplates.resetEmail.urlLifetimeInSeconds = 120; } });
    const ticket = await server.ticketFor();
    server.advance(121_000);
    await readInvalid(await server.reset(ticket, NEW_PASSWORD));
  });

  test('unknown, malformed and guessed tickets get the one invalid_ticket error, which reveals nothing', async () => {
    await server.ticketFor();
    for (const ticket of ['x', 'A'.repeat(43), '../../etc/passwd', '%00', 'ada@example.com']) {
      const response = await server.reset(ticket, NEW_PASSWORD);
      const text = await response.clone().text();
      await readInvalid(response);
      assert.doesNotMatch(text, /ada|auth0\|/);
    }
  });

  test('concurrent submissions of one ticket: exactly one wins, and the stored password is the winner\'s', async () => {
    const ticket = await server.ticketFor();
    const passwords = Array.from({ length: 8 }, (_, i) => `Concurrent-Winner-${i}!`);
    const responses = await Promise.all(passwords.map((password) => server.reset(ticket, password)));
    const winners = passwords.filter((_, i) => responses[i]!.status === 200);
    assert.equal(winners.length, 1, `statuses: ${responses.map((r) => r.status)}`);
    for (const response of responses.filter((r) => r.status !== 200)) await readInvalid(response);
    for (const password of passwords) {
      assert.equal((await server.login(ADA.email, password)).status, password === winners[0] ? 200 : 403);
    }
  });

  test('a weak password is refused with the failed rules, in the /dbconnections envelope, and the link survives', async () => {
    const ticket = await server.ticketFor();
    const response = await server.reset(ticket, 'hello');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      name: 'PasswordStrengthError',
      code: 'invalid_password',
      message: 'Password is too weak',
      description: {
        rules: [
          { message: 'At least %d characters in length', format: [8], code: 'lengthAtLeast', verified: false },
          {
            message: 'Contain at least %d of the following %d types of characters:', code: 'containsAtLeast', format: [3, 4],
            items: [
              { message: 'lower case letters (a-z)', code: 'lowerCase', verified: true },
              { message: 'upper case letters (A-Z)', code: 'upperCase', verified: false },
              { message: 'numbers (i.e. 0-9)', code: 'numbers', verified: false },
              { message: 'special characters (e.g. !@#$%^&*)', code: 'specialCharacters', verified: false },
            ],
            verified: false,
          },
          { message: 'Not a common password', code: 'notCommon', verified: false }, // "hello" is on the list too
        ],
        verified: false,
      },
      policy: '* At least 8 characters in length\n* Contain at least 3 of the following 4 types of characters:\n * lower case letters (a-z)\n * upper case letters (A-Z)\n * numbers (i.e. 0-9)\n * special characters (e.g. !@#$%^&*)\n* Not a common password',
      statusCode: 400,
    });
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200, 'policy failures do not spend the link');
  });

  test('common passwords are refused case-insensitively as PasswordDictionaryError', async () => {
    const ticket = await server.ticketFor();
    for (const password of ['Password123', 'pASSWORD123', 'Welcome1']) {
      const response = await server.reset(ticket, password);
      assert.equal(response.status, 400);
      const body = await response.json() as { name: string; description: { rules: { code: string; verified: boolean }[] } };
      assert.equal(body.name, 'PasswordDictionaryError', password);
      assert.deepEqual(body.description.rules.find((rule) => rule.code === 'notCommon'), { message: 'Not a common password', code: 'notCommon', verified: false });
    }
  });

  test('personal information and history rules, when the connection turns them on', async () => {
    await fresh({
      tenant: (tenant) => {
        tenant.connections[0] = { name: DB_CONNECTION, strategy: 'auth0', passwordPolicy: { level: 'fair', noPersonalInfo: true, history: 2 } };
      },
    });
    let ticket = await server.ticketFor();
    const personal = await server.reset(ticket, 'Lovelace2026x');
    assert.equal(personal.status, 400);
    assert.equal((await personal.json() as { name: string }).name, 'PasswordNoUserInfoError');
    const nameOf = async (password: string) => {
      const response = await server.reset(ticket, password);
      return response.status === 200 ? 'ok' : (await response.json() as { name: string }).name;
    };
    assert.equal(await nameOf('Second-Password-2'), 'ok');
    ticket = await server.ticketFor();
    assert.equal(await nameOf('Second-Password-2'), 'PasswordHistoryError', 'the current password counts as used');
    assert.equal(await nameOf('Third-Password-3'), 'ok');
    ticket = await server.ticketFor();
    assert.equal(await nameOf('Second-Password-2'), 'PasswordHistoryError', 'one of the last 2');
    assert.equal(await nameOf('Fourth-Password-4'), 'ok');
    ticket = await server.ticketFor();
    assert.equal(await nameOf('Second-Password-2'), 'ok', 'three changes ago: out of a history of 2');
  });

  test('passwords are never truncated, and are normalised (NFKC) before hashing', async () => {
    const long = `Aa1!${'x'.repeat(96)}`; // 100 characters: well past bcrypt's 72-byte truncation
    assert.equal((await server.reset(await server.ticketFor(), long)).status, 200);
    assert.equal((await server.login(ADA.email, long.slice(0, 72))).status, 403);
    assert.equal((await server.login(ADA.email, long)).status, 200);

    const composed = 'Caf\u00e9-Latte-2026';
    assert.equal((await server.reset(await server.ticketFor(), composed)).status, 200);
    assert.equal((await server.login(ADA.email, 'Cafe\u0301-Latte-2026')).status, 200, 'decomposed é signs in');

    const tooLong = await server.reset(await server.ticketFor(), `Aa1!${'é'.repeat(600)}`);
    assert.equal(tooLong.status, 400);
    const body = await tooLong.json() as { name: string; description: { rules: { code: string; verified: boolean }[] } };
    assert.ok(body.description.rules.some((rule) => rule.code === 'maxLength' && !rule.verified));
  });

  test('classic mode answers the result URL with success and message; new mode the default login route', async () => {
    let response = await server.reset(await server.ticketFor(), NEW_PASSWORD);
    assert.deepEqual(await response.json(), { result_url: `${BASE}/demo/?success=true&message=Your+password+has+been+reset+successfully.` });

    await fresh({ tenant: (tenant) => { delete tenant.emailTemplates.resetEmail.resultUrl; } });
    response = await server.reset(await server.ticketFor(), NEW_PASSWORD);
    assert.deepEqual(await response.json(), {}, 'classic without a result URL: the page shows its own confirmation');

    await fresh({ tenant: (tenant) => { tenant.universalLogin = 'new'; tenant.defaultLoginRoute = 'http://localhost:5173/login'; } });
    response = await server.reset(await server.ticketFor(), NEW_PASSWORD);
    assert.deepEqual(await response.json(), { result_url: 'http://localhost:5173/login' }, 'new mode ignores the template redirect');
  });

  test('CSRF: JSON only, and only from our own or an allowed origin', async () => {
    const ticket = await server.ticketFor();
    const form = await server.request('/lo/reset', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
      body: new URLSearchParams({ ticket, newPassword: 'Evil-Password-666' }).toString(),
    });
    assert.equal(form.status, 415);
    assert.equal((await form.json() as { code: string }).code, 'invalid_request');
    const plain = await server.request('/lo/reset', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ ticket, newPassword: 'Evil-Password-666' }) });
    assert.equal(plain.status, 415);
    const crossSite = await server.reset(ticket, 'Evil-Password-666', { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.status, 400);
    assert.match((await crossSite.json() as { description: string }).description, /Origin https:\/\/evil.test is not allowed/);
    const allowed = await server.reset(ticket, NEW_PASSWORD, { origin: 'http://localhost:5173', 'sec-fetch-site': 'cross-site' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  });

  test('CSRF: Fetch Metadata beside Origin: a cross-site or same-site request without an Origin is refused', async () => {
    const ticket = await server.ticketFor();
    for (const path of ['/lo/reset/ticket', '/lo/reset']) {
      for (const site of ['cross-site', 'same-site', 'none']) {
        const response = await server.json(path, { ticket, newPassword: 'Evil-Password-666' }, { 'sec-fetch-site': site });
        assert.equal(response.status, 400, `${path} ${site}`);
        assert.match((await response.json() as { description: string }).description, new RegExp(`^A ${site} request must name its Origin\\.$`));
      }
    }
    assert.equal((await server.json('/lo/reset/ticket', { ticket }, { origin: BASE, 'sec-fetch-site': 'same-origin' })).status, 200);
    assert.equal((await server.json('/lo/reset/ticket', { ticket }, { 'sec-fetch-site': 'same-origin' })).status, 200, 'our own page');
    assert.equal((await server.json('/lo/reset/ticket', { ticket }, { origin: 'http://localhost:5173', 'sec-fetch-site': 'cross-site' })).status, 200, 'an allowed origin');
    assert.equal((await server.json('/lo/reset/ticket', { ticket })).status, 200, 'neither header: not a browser');
    assert.equal((await server.reset(ticket, NEW_PASSWORD, { 'sec-fetch-site': 'same-origin' })).status, 200, 'the ticket was still unspent');
  });

  test('bad bodies get 4xx in the /dbconnections envelope, never a 500', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^ticket is required$/],
      [{ ticket: 1, newPassword: 'x' }, /^ticket must be a string$/],
      [{ ticket: 'abc' }, /^newPassword is required$/],
      [{ ticket: 'abc', newPassword: ['a'] }, /^newPassword must be a string$/],
      [{ ticket: 'x'.repeat(300), newPassword: 'a' }, /ticket must be at most 256 characters/],
    ];
    for (const [body, message] of cases) {
      const response = await server.json('/lo/reset', body);
      assert.equal(response.status, 400);
      const error = await response.json() as { name: string; code: string; description: string; statusCode: number };
      assert.deepEqual([error.name, error.code, error.statusCode], ['BadRequestError', 'invalid_request', 400]);
      assert.match(error.description, message);
    }
  });

  test('secrets never reach the log: tickets, passwords, hashes and tokens', async () => {
    const ticket = await server.ticketFor();
    await server.request(`/lo/reset?ticket=${ticket}`);
    await server.reset(ticket, 'hello');
    await server.reset(ticket, NEW_PASSWORD);
    const token = await server.accessToken(ADA.email, NEW_PASSWORD);
    await server.login(ADA.email, 'wrong-password');
    const log = JSON.stringify(server.logs);
    for (const secret of [ticket, encodeURIComponent(ticket), NEW_PASSWORD, ADA.password, 'wrong-password', token, token.split('.')[2]!]) {
      assert.ok(!log.includes(secret), `log contains a secret: ${secret.slice(0, 8)}…`);
    }
    assert.ok(server.logs.some((record) => record.event === 'scp'), 'the change itself is logged (Auth0 event scp)');
  });
});

describe('reset through the memory store', () => {
  let server: TestServer;
  afterEach(() => server.close());

  test('the same flow holds: one use, newest only, sessions end', async () => {
    server = await testServer({ store: 'memory' });
    const token = await server.accessToken(ADA.email, ADA.password);
    const old = await server.ticketFor();
    const ticket = await server.ticketFor();
    await readInvalid(await server.reset(old, NEW_PASSWORD));
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
    await readInvalid(await server.reset(ticket, NEW_PASSWORD));
    assert.equal((await server.userinfo(token)).status, 401);
    assert.equal((await server.login(ADA.email, NEW_PASSWORD)).status, 200);
  });
});
