/**
 * Hash-DoS: the hasher's queue is bounded (beyond it 503 with Retry-After, in each API family's
 * envelope, and the server recovers), and a password longer than the policy maximum never reaches it.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { boundedHasher } from '../../mock-server/domain/bounded-hasher.js';
import type { PasswordHasher } from '../../mock-server/domain/ports.js';
import { ARGON2_OWASP_MINIMUM, argon2Hasher } from '../../mock-server/node/argon2-hasher.js';
import { PREFIX } from '../../mock-server/paths.js';
import { ADA, ADMIN, BASE, normalized, testServer, type TestServer } from './helpers.js';

const NEW_PASSWORD = 'Babbage-Engine-1834';
/** 1025 bytes: one past the policy maximum. */
const OVER_LONG = 'a'.repeat(1025);
/** 40 × U+FDFA is 120 bytes as sent, over 1024 once NFKC spells each out: the limit counts the normalised form. */
const LONG_AFTER_NFKC = '\uFDFA'.repeat(40);

/** The real hasher behind a gate the test opens and closes, counting the calls that reach it. */
function gatedHasher() {
  const inner = argon2Hasher(ARGON2_OWASP_MINIMUM);
  let gate: Promise<void> | undefined;
  let open = () => {};
  const state = { calls: 0 };
  const hasher: PasswordHasher = {
    async hash(password) { state.calls += 1; await gate; return inner.hash(password); },
    async verify(phc, password) { state.calls += 1; await gate; return inner.verify(phc, password); },
  };
  return {
    hasher, state,
    close() { gate = new Promise((resolve) => { open = resolve; }); },
    open() { open(); gate = undefined; },
  };
}

const until = async (condition: () => boolean, ms = 5000) => {
  for (const started = Date.now(); !condition(); await new Promise((resolve) => setTimeout(resolve, 2))) {
    if (Date.now() - started > ms) throw new Error('timed out waiting');
  }
};

async function m2mToken(server: TestServer): Promise<string> {
  const response = await server.json('/oauth/token', {
    grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', audience: `${BASE}/api/v2/`,
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const patchPassword = async (server: TestServer, token: string, password: string) => {
  const { users: [ada] } = await server.store.listUsers({ emailKey: ADA.email }, 0, 1);
  return server.request(`/api/v2/users/${encodeURIComponent(ada!.id)}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ password }),
  });
};

const signInAdmin = (server: TestServer, password: string, email = ADMIN.email) =>
  server.json(`${PREFIX.dashboard}/session`, { email, password });

describe('a bounded hash queue', () => {
  const LIMIT = 2;
  let server: TestServer;
  let gated: ReturnType<typeof gatedHasher>;
  afterEach(() => { gated.open(); return server.close(); });

  /** A server whose hasher admits LIMIT calls at once; `fill` leaves it full (sign-ins waiting at the closed gate). */
  async function busyServer() {
    gated = gatedHasher();
    server = await testServer({ deps: { hasher: boundedHasher(gated.hasher, LIMIT) } });
    return {
      async fill() {
        gated.close();
        const before = gated.state.calls;
        const waiting = Array.from({ length: LIMIT }, () => server.login(ADA.email, ADA.password));
        await until(() => gated.state.calls === before + LIMIT);
        return waiting;
      },
    };
  }

  const assertBusy = (response: Response) => {
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '1');
    assert.equal(response.headers.get('cache-control'), 'no-store');
  };

  test('a flood of sign-ins beyond the limit: 503 + Retry-After in the OAuth envelope, never a 500; the server recovers', async () => {
    const { fill } = await busyServer();
    const waiting = await fill();
    const flood = await Promise.all(Array.from({ length: 20 }, () => server.login(ADA.email, ADA.password)));
    for (const response of flood) {
      assertBusy(response);
      assert.deepEqual(await response.json(), { error: 'temporarily_unavailable', error_description: 'The server is busy. Try again in a moment.' });
    }
    gated.open();
    assert.deepEqual((await Promise.all(waiting)).map((response) => response.status), [200, 200], 'the admitted sign-ins complete');
    assert.equal((await server.login(ADA.email, ADA.password)).status, 200, 'recovered');
    assert.ok(!server.logs.some((log) => log.event === 'unhandled_error'), 'nothing reached the 500 handler');
  });

  test('the reset page (legacy envelope): 503 + Retry-After, and the link still works once the queue drains', async () => {
    const { fill } = await busyServer();
    const ticket = await server.ticketFor();
    const waiting = await fill();
    const busy = await server.reset(ticket, NEW_PASSWORD);
    assertBusy(busy);
    assert.deepEqual(await busy.json(), { name: 'ServiceUnavailableError', code: 'server_busy', description: 'The server is busy. Try again in a moment.', statusCode: 503 });
    gated.open();
    await Promise.all(waiting);
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
    assert.equal((await server.login(ADA.email, NEW_PASSWORD)).status, 200);
  });

  test('the Management API and the dashboard sign-in (Management envelope): 503 + Retry-After, then recovered', async () => {
    const { fill } = await busyServer();
    const token = await m2mToken(server);
    const waiting = await fill();
    for (const busy of [await patchPassword(server, token, NEW_PASSWORD), await signInAdmin(server, ADMIN.password)]) {
      assertBusy(busy);
      assert.deepEqual(await busy.json(), { statusCode: 503, error: 'Service Unavailable', message: 'The server is busy. Try again in a moment.', errorCode: 'server_busy' });
    }
    gated.open();
    await Promise.all(waiting);
    assert.equal((await patchPassword(server, token, NEW_PASSWORD)).status, 200);
    assert.equal((await signInAdmin(server, ADMIN.password)).status, 200, 'a refused first hash of the admin password is not remembered');
  });

  test('with the real Argon2 hasher: a parallel flood gets only 200s and 503s, and sign-in works afterwards', async () => {
    gated = gatedHasher();
    server = await testServer({ deps: { hasher: argon2Hasher(ARGON2_OWASP_MINIMUM, { queueLimit: 4 }) } });
    const flood = await Promise.all(Array.from({ length: 40 }, () => server.login(ADA.email, ADA.password)));
    const statuses = flood.map((response) => response.status);
    assert.deepEqual([...new Set(statuses)].sort(), [200, 503], `statuses: ${statuses.join(' ')}`);
    assert.ok(flood.filter((response) => response.status === 503).every((response) => response.headers.get('retry-after') === '1'));
    assert.equal((await server.login(ADA.email, ADA.password)).status, 200);
  });
});

describe('passwords longer than the policy maximum never reach the hasher', () => {
  let server: TestServer;
  let calls = 0;
  afterEach(() => server.close());

  async function countingServer() {
    const inner = argon2Hasher(ARGON2_OWASP_MINIMUM);
    const hasher: PasswordHasher = {
      hash: (password) => { calls += 1; return inner.hash(password); },
      verify: (phc, password) => { calls += 1; return inner.verify(phc, password); },
    };
    server = await testServer({ deps: { hasher } });
    // The unknown-user path's dummy hash is made on first use: made here, so it is not counted below.
    await server.login('nobody@example.com', 'Wrong-Password-1');
    calls = 0;
  }

  test('sign-in: the usual wrong-credentials answer, unhashed, for existing and unknown users alike', async () => {
    await countingServer();
    for (const password of [OVER_LONG, LONG_AFTER_NFKC]) {
      const known = await normalized(await server.login(ADA.email, password));
      const unknown = await normalized(await server.login('nobody@example.com', password));
      assert.equal(known.status, 403);
      assert.deepEqual(JSON.parse(known.body), { error: 'invalid_grant', error_description: 'Wrong email or password.' });
      assert.deepEqual(unknown, known, 'the same answer whether or not the account exists');
    }
    assert.equal(calls, 0, 'no hash or verification');
    const wrong = await normalized(await server.login(ADA.email, 'Wrong-Password-1'));
    assert.equal(wrong.body, (await normalized(await server.login(ADA.email, OVER_LONG))).body, 'as a wrong password is answered');
    assert.equal((await server.login(ADA.email, ADA.password)).status, 200);
  });

  test('the dashboard sign-in: wrong credentials, unhashed, admin or not', async () => {
    await countingServer();
    const admin = await normalized(await signInAdmin(server, OVER_LONG));
    const stranger = await normalized(await signInAdmin(server, OVER_LONG, 'stranger@example.com'));
    assert.equal(admin.status, 401);
    assert.deepEqual(stranger, admin);
    assert.equal(calls, 0);
  });

  test('a reset and a Management PATCH: refused by the policy before any hash (history included)', async () => {
    await countingServer();
    const ticket = await server.ticketFor();
    const token = await m2mToken(server);
    calls = 0;
    for (const password of [OVER_LONG, LONG_AFTER_NFKC]) {
      const reset = await server.reset(ticket, password);
      assert.equal(reset.status, 400);
      assert.equal(((await reset.json()) as { name: string }).name, 'PasswordStrengthError');
      assert.equal((await patchPassword(server, token, password)).status, 400);
    }
    assert.equal(calls, 0);
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200, 'the link is still good');
  });
});
