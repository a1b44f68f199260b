/** The breach rule against a local range API that speaks Have I Been Pwned's protocol: what leaves the server, where it refuses, timeouts. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { parseTenantConfig, type TenantConfigInput } from '../../mock-server/config.js';
import { ADA, ADMIN, BASE, demoTenant, testServer, type TestServer } from './helpers.js';
import { sha1Hex, startPwnedRange } from './pwned-range-server.js';

const BREACHED = 'Correct-Horse-Battery-9';
const SELDOM = 'Seldom-Leaked-Phrase-4';
const CLEAN = 'Analytical-Engine-1843';

type Range = Awaited<ReturnType<typeof startPwnedRange>>;
type Rule = { code: string; verified: boolean };

const userIdOf = async (server: TestServer, email: string) => (await server.store.listUsers({ emailKey: email }, 0, 1)).users[0]!.id;
async function bearer(server: TestServer, who: 'm2m' | 'dashboard') {
  const response = who === 'm2m'
    ? await server.json('/oauth/token', { grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', audience: `${BASE}/api/v2/` })
    : await server.json('/dashboard/session', ADMIN);
  return ((await response.json()) as { access_token: string }).access_token;
}
const patchPassword = async (server: TestServer, token: string, password: string) =>
  server.request(`/api/v2/users/${encodeURIComponent(await userIdOf(server, ADA.email))}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ password }),
  });

describe('breached passwords (Have I Been Pwned range API)', () => {
  let range: Range;
  let server: TestServer;
  before(async () => { range = await startPwnedRange({ [BREACHED]: 3_861_493, [SELDOM]: 2 }); });
  after(() => range.close());
  afterEach(async () => {
    range.requests.length = 0;
    range.answerAfter(0);
    await server.close();
  });
  const fresh = (settings: Partial<TenantConfigInput['breachedPasswords']> = {}) =>
    testServer({ tenant: (tenant) => { tenant.breachedPasswords = { enabled: true, endpoint: range.endpoint, ...settings }; } }).then((s) => { server = s; });

  test('off by default in the demo tenant', async () => {
    server = await testServer();
    assert.equal(parseTenantConfig(demoTenant()).breachedPasswords.enabled, false);
    assert.equal(server.deps.breachedPasswords, undefined);
    assert.equal((await server.reset(await server.ticketFor(), BREACHED)).status, 200);
  });

  test('only the first 5 hex characters of the SHA-1 leave the server, with Add-Padding: true', async () => {
    await fresh();
    assert.equal((await server.reset(await server.ticketFor(), CLEAN)).status, 200);
    assert.equal(range.requests.length, 1);
    const [request] = range.requests;
    const hash = sha1Hex(CLEAN);
    assert.deepEqual([request!.method, request!.url], ['GET', `/range/${hash.slice(0, 5)}`]);
    assert.equal(request!.headers['add-padding'], 'true');
    const wire = JSON.stringify(request).toUpperCase();
    assert.ok(!wire.includes(hash.slice(5, 12)), 'no more of the hash than the prefix');
    assert.ok(!wire.includes(CLEAN.toUpperCase()), 'not the password');
  });

  test('the reset page refuses a breached password as one more failed rule, and the link still works', async () => {
    await fresh();
    const ticket = await server.ticketFor();
    const info = (await (await server.json('/lo/reset/ticket', { ticket })).json()) as { policy: { breachedPasswords?: boolean } };
    assert.equal(info.policy.breachedPasswords, true, 'the page is told to list the rule');
    const refused = await server.reset(ticket, BREACHED);
    assert.equal(refused.status, 400);
    const body = (await refused.json()) as { name: string; code: string; message: string; description: { rules: Rule[]; verified: boolean } };
    assert.deepEqual([body.name, body.code, body.message], ['PasswordBreachedError', 'invalid_password', 'Password has appeared in a data breach']);
    assert.deepEqual(body.description.rules.at(-1), { code: 'notBreached', message: 'Not found in known data breaches', verified: false });
    assert.ok(body.description.rules.slice(0, -1).every((rule) => rule.verified), 'the other rules passed');
    assert.equal(body.description.verified, false);
    assert.equal((await server.login(ADA.email, BREACHED)).status, 403, 'not set');
    assert.equal((await server.reset(ticket, CLEAN)).status, 200, 'the link was not spent');
  });

  test('the Management API and the dashboard refuse it too', async () => {
    await fresh();
    for (const who of ['m2m', 'dashboard'] as const) {
      const refused = await patchPassword(server, await bearer(server, who), BREACHED);
      const body = (await refused.json()) as { statusCode: number; message: string };
      assert.equal(refused.status, 400, who);
      assert.deepEqual([body.statusCode, body.message], [400, 'PasswordBreachedError: Password has appeared in a data breach'], who);
    }
    assert.equal((await server.login(ADA.email, ADA.password)).status, 200, 'the password stayed');
    assert.equal((await patchPassword(server, await bearer(server, 'dashboard'), CLEAN)).status, 200);
  });

  test('the threshold: fewer breaches than it are accepted; a weak password is refused before anything is asked', async () => {
    await fresh({ threshold: 3 });
    assert.equal((await server.reset(await server.ticketFor(), SELDOM)).status, 200, 'found twice, under 3');
    range.requests.length = 0;
    const weak = await server.reset(await server.ticketFor(), 'short');
    assert.equal(((await weak.json()) as { name: string }).name, 'PasswordStrengthError');
    assert.equal(range.requests.length, 0, 'a password the local rules refuse is not looked up');
  });

  test('a refused history rule lists the breach rule as met', async () => {
    server = await testServer({ tenant: (tenant) => {
      tenant.breachedPasswords = { enabled: true, endpoint: range.endpoint };
      tenant.connections[0] = { name: 'Username-Password-Authentication', strategy: 'auth0', passwordPolicy: { level: 'good', history: 2 } };
    } });
    const refused = await server.reset(await server.ticketFor(), ADA.password);
    const body = (await refused.json()) as { name: string; description: { rules: Rule[] } };
    assert.equal(body.name, 'PasswordHistoryError');
    assert.deepEqual(body.description.rules.at(-1), { code: 'notBreached', message: 'Not found in known data breaches', verified: true });
  });

  test('a slow service fails open by default: the password is accepted unchecked, and the failure logged', async () => {
    await fresh({ timeoutMs: 100 });
    range.answerAfter(1_000);
    const started = performance.now();
    assert.equal((await server.reset(await server.ticketFor(), BREACHED)).status, 200);
    assert.ok(performance.now() - started < 900, 'the look-up was cut off at its timeout');
    const warning = server.logs.find((log) => log.event === 'breach_check_failed');
    assert.equal(warning?.fields.accepted, true);
    assert.ok(!JSON.stringify(server.logs).includes(BREACHED), 'no password in the log');
  });

  test('onFailure: refuse fails closed: 503 until the service answers, the link kept', async () => {
    await fresh({ timeoutMs: 100, onFailure: 'refuse' });
    range.answerAfter(1_000);
    const ticket = await server.ticketFor();
    const refused = await server.reset(ticket, CLEAN);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(((await refused.json()) as { description: string }).description, /could not be checked against known data breaches/);
    const patched = await patchPassword(server, await bearer(server, 'm2m'), CLEAN);
    assert.equal(patched.status, 503, 'the Management API too');
    range.answerAfter(0);
    assert.equal((await server.reset(ticket, CLEAN)).status, 200);
  });

  test('an answer that is not the range protocol counts as a failure', async () => {
    await fresh({ endpoint: range.endpoint.replace('/range/', '/elsewhere/'), onFailure: 'refuse' });
    assert.equal((await server.reset(await server.ticketFor(), CLEAN)).status, 503);
  });
});
