/** The tenant's own code: the Post Change Password hook and custom database scripts, loaded as the Node host loads them. */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connectionIdOf, parseTenantConfig, TenantConfigError, type TenantConfigInput } from '../../mock-server/config.js';
import { verifyPassword } from '../../mock-server/examples/json-file-database.js';
import { calls } from '../../mock-server/examples/record-password-changes.js';
import type { Deps, PostChangePasswordHook } from '../../mock-server/domain/ports.js';
import { loadExtensions } from '../../mock-server/node/extensions.js';
import { ADA, BASE, codeFromMail, DB_CONNECTION, demoTenant, testServer, ticketFromMail, type TestServer } from './helpers.js';

const EXAMPLES = fileURLToPath(new URL('../../mock-server/examples/', import.meta.url));
const NEW_PASSWORD = 'Babbage-Engine-1834';

let dir: string;
before(() => { dir = mkdtempSync(join(tmpdir(), 'login-box-extensions-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the tenant file, loads its modules as main.ts does, and starts a test server with them. */
async function serverWith(change: (tenant: TenantConfigInput) => void, overrides: Partial<Deps> = {}): Promise<TestServer> {
  const tenant = demoTenant();
  change(tenant);
  const file = join(dir, 'tenant.json');
  writeFileSync(file, JSON.stringify(tenant));
  const extensions = await loadExtensions(parseTenantConfig(tenant), file);
  return testServer({ tenant: change, deps: { ...extensions, ...overrides } });
}

const until = async (condition: () => boolean, ms = 2000) => {
  for (const started = Date.now(); !condition(); await new Promise((resolve) => setTimeout(resolve, 5))) {
    if (Date.now() - started > ms) throw new Error('timed out waiting');
  }
};

async function m2mPatch(server: TestServer, email: string, body: unknown) {
  const token = ((await (await server.json('/oauth/token', {
    grant_type: 'client_credentials', client_id: 'demo-m2m', client_secret: 'demo-m2m-secret', audience: `${BASE}/api/v2/`,
  })).json()) as { access_token: string }).access_token;
  const id = (await server.store.listUsers({ emailKey: email }, 0, 1)).users[0]!.id;
  return server.request(`/api/v2/users/${encodeURIComponent(id)}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}

describe('post-change-password hook', () => {
  let server: TestServer;
  const withHook = (timeoutMs = 5000) => (tenant: TenantConfigInput) => {
    tenant.hooks = { postChangePassword: { module: join(EXAMPLES, 'record-password-changes.ts'), timeoutMs } };
  };
  beforeEach(() => { calls.length = 0; });
  afterEach(() => server?.close());

  test('the example hook is called after a reset and after a Management PATCH, with the user and the connection', async () => {
    server = await serverWith(withHook());
    assert.equal((await server.reset(await server.ticketFor(), NEW_PASSWORD)).status, 200);
    await until(() => calls.length === 1);
    const adaId = (await server.store.findUserByEmail(DB_CONNECTION, ADA.email))!.id;
    assert.deepEqual(calls[0], {
      user: { id: adaId, email: ADA.email, last_password_reset: '2026-11-28T12:00:00.000Z' },
      context: { connection: { id: connectionIdOf({ name: DB_CONNECTION }), name: DB_CONNECTION, tenant: 'demo' } },
    });

    assert.equal((await m2mPatch(server, ADA.email, { password: 'short' })).status, 400);
    assert.equal((await m2mPatch(server, ADA.email, { password: 'Lovelace-Analytical-1843' })).status, 200);
    await until(() => calls.length === 2);
    assert.equal(calls[1]!.user.id, adaId);
    assert.ok(server.logs.some((log) => log.event === 'hook_succeeded'));
  });

  test('a throwing hook is logged and changes nothing about the answer or the change', async () => {
    const hook: PostChangePasswordHook = () => { throw new Error('downstream said no'); };
    server = await serverWith(withHook(), { postChangePassword: hook });
    assert.equal((await server.reset(await server.ticketFor(), NEW_PASSWORD)).status, 200);
    await until(() => server.logs.some((log) => log.event === 'hook_failed'));
    const failure = server.logs.find((log) => log.event === 'hook_failed')!;
    assert.equal(failure.fields.error, 'Error: downstream said no');
    await server.accessToken(ADA.email, NEW_PASSWORD);
  });

  test('a hanging hook does not hold the response; it times out into the log', async () => {
    const hook: PostChangePasswordHook = () => new Promise(() => {});
    server = await serverWith(withHook(50), { postChangePassword: hook });
    const started = Date.now();
    assert.equal((await m2mPatch(server, ADA.email, { password: NEW_PASSWORD })).status, 200);
    assert.ok(Date.now() - started < 2000);
    await until(() => server.logs.some((log) => log.event === 'hook_failed'));
    assert.match(String(server.logs.find((log) => log.event === 'hook_failed')!.fields.error), /DeadlineExceeded: no answer within 50 ms/);
  });

  test('a module that cannot be loaded, or lacks the export, stops start-up naming the field', async () => {
    const file = join(dir, 'tenant.json');
    const config = (hooks: TenantConfigInput['hooks']) => parseTenantConfig({ ...demoTenant(), hooks });
    await assert.rejects(loadExtensions(config({ postChangePassword: { module: './missing.ts' } }), file),
      (error: Error) => error instanceof TenantConfigError && /hooks\.postChangePassword\.module: cannot load \.\/missing\.ts/.test(error.message));
    await assert.rejects(loadExtensions(config({ postChangePassword: { module: join(EXAMPLES, 'json-file-database.ts') } }), file),
      /must export a function as its default export/);
  });
});

describe('custom database connection (example JSON-file scripts)', () => {
  let server: TestServer;
  let usersFile: string;
  const LIN = 'lin@example.com';
  const LEGACY = 'legacy-db';
  const legacyTenant = (tenant: TenantConfigInput) => {
    tenant.connections.push({
      name: LEGACY, strategy: 'auth0', passwordPolicy: { level: 'good' },
      customScripts: { module: join(EXAMPLES, 'json-file-database.ts'), configuration: { file: usersFile } },
    });
  };
  const storedHash = (email: string) =>
    (JSON.parse(readFileSync(usersFile, 'utf8')) as { users: { email: string; password: string }[] }).users.find((u) => u.email === email)?.password;
  const requestReset = (email: string) =>
    server.json('/dbconnections/change_password', { client_id: 'demo-spa', email, connection: LEGACY });

  beforeEach(async () => {
    usersFile = join(dir, 'users.json');
    copyFileSync(join(EXAMPLES, 'json-file-database.users.json'), usersFile);
    server = await serverWith(legacyTenant);
  });
  afterEach(() => server.close());

  test('the whole reset goes through the scripts: getUser before mailing, changePassword on reset, then sign-in works', async () => {
    const before = storedHash(LIN)!;
    const unknown = await requestReset('nobody@example.com');
    const known = await requestReset(LIN);
    assert.equal(unknown.status, 200);
    assert.equal(await unknown.text(), await known.text(), 'the same answer whether or not getUser knows the address');
    const mails = await server.outbox();
    assert.deepEqual(mails.map((mail) => mail.to), [LIN], 'mail only for the user getUser found');

    const ticket = ticketFromMail(mails[0]!.text);
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
    const after = storedHash(LIN)!;
    assert.notEqual(after, before);
    assert.equal(await verifyPassword(after, NEW_PASSWORD), true, 'the external store holds the new password');
    const local = (await server.store.findUserByEmail(LEGACY, LIN))!;
    assert.equal(local.id, 'auth0|1001', "the local profile carries the script's user_id");
    assert.equal((await server.login(LIN, NEW_PASSWORD, { realm: LEGACY })).status, 200);
  });

  test('reset by code asks getUser too: the mailed code works for the script\'s user, and not once the user is gone from it', async () => {
    await requestReset(LIN);
    const code = codeFromMail((await server.outbox())[0]!.text);
    const submit = () => server.json('/lo/reset/code', { client_id: 'demo-spa', connection: LEGACY, email: LIN, code });
    writeFileSync(usersFile, JSON.stringify({ users: [] }));
    assert.equal(((await (await submit()).json()) as { code: string }).code, 'invalid_code', 'getUser no longer knows the address');
    copyFileSync(join(EXAMPLES, 'json-file-database.users.json'), usersFile);
    const exchanged = await submit();
    assert.equal(exchanged.status, 200);
    const { ticket } = (await exchanged.json()) as { ticket: string };
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200);
    assert.equal(await verifyPassword(storedHash(LIN)!, NEW_PASSWORD), true, 'the external store holds the new password');
  });

  test('getUser is asked every time: a user gone from the external store gets no mail', async () => {
    await requestReset(LIN);
    writeFileSync(usersFile, JSON.stringify({ users: [] }));
    await requestReset(LIN);
    assert.equal((await server.outbox()).length, 1);
  });

  test('failing scripts: getUser errors read as "not found" (logged); a failed changePassword keeps the link usable', async () => {
    const ticket = (await requestReset(LIN), ticketFromMail((await server.outbox())[0]!.text));
    rmSync(usersFile);
    assert.equal((await requestReset(LIN)).status, 200);
    assert.equal((await server.outbox()).length, 1, 'no new mail while the store is down');
    assert.ok(server.logs.some((log) => log.event === 'custom_db_failed' && log.fields.script === 'getUser'));

    const failed = await server.reset(ticket, NEW_PASSWORD);
    assert.equal(failed.status, 503, 'the user store is unavailable: not the user\'s fault');
    assert.deepEqual(
      ((await failed.json()) as { name: string; code: string }),
      { name: 'ServiceUnavailableError', code: 'custom_database_failed', description: 'The user store of connection "legacy-db" did not change the password. Try again later.', statusCode: 503 },
    );
    copyFileSync(join(EXAMPLES, 'json-file-database.users.json'), usersFile);
    assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200, 'the link still works once the store is back');
  });

  /** Records each password the connection's changePassword script is asked to set; `fail` makes a call fail instead. */
  function recordExternalWrites(fail: (call: number) => 'false' | 'throw' | undefined = () => undefined) {
    const scripts = server.deps.customDatabases![LEGACY]!;
    const original = scripts.changePassword;
    const writes: string[] = [];
    scripts.changePassword = async (email, password) => {
      writes.push(password);
      const failure = fail(writes.length);
      if (failure === 'throw') throw new Error('user store down');
      return failure === 'false' ? false : original(email, password);
    };
    return writes;
  }

  test('32 racing submissions of one link: the ticket is spent first, so one external write, with the local winner\'s password', async () => {
    await requestReset(LIN);
    const ticket = ticketFromMail((await server.outbox())[0]!.text);
    const writes = recordExternalWrites();
    const passwords = Array.from({ length: 32 }, (_, i) => `Babbage-Engine-${1800 + i}`);
    const responses = await Promise.all(passwords.map((password) => server.reset(ticket, password)));
    const statuses = responses.map((response) => response.status);
    assert.deepEqual([statuses.filter((s) => s === 200).length, statuses.filter((s) => s === 400).length], [1, 31], 'one winner, the rest told the link is spent');
    const winner = passwords[statuses.indexOf(200)]!;
    assert.deepEqual(writes, [winner], 'exactly one external write, and it is the winner\'s password');
    assert.equal(await verifyPassword(storedHash(LIN)!, winner), true, 'the external store holds the winner\'s password');
    assert.equal((await server.login(LIN, winner, { realm: LEGACY })).status, 200, 'and so does the local store');
  });

  for (const failure of ['false', 'throw'] as const) {
    test(`changePassword ${failure === 'false' ? 'answering false' : 'throwing'}: 503, nothing changed, and the link still works afterwards`, async () => {
      await requestReset(LIN);
      const ticket = ticketFromMail((await server.outbox())[0]!.text);
      const before = storedHash(LIN);
      const writes = recordExternalWrites((call) => (call === 1 ? failure : undefined));
      assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 503);
      assert.equal(storedHash(LIN), before, 'the external store is unchanged');
      assert.equal((await server.login(LIN, NEW_PASSWORD, { realm: LEGACY })).status, 403, 'the local store is unchanged');
      assert.equal((await server.reset(ticket, NEW_PASSWORD)).status, 200, 'the claim was released: the link works');
      assert.equal(writes.length, 2);
      assert.equal(await verifyPassword(storedHash(LIN)!, NEW_PASSWORD), true);
      assert.equal((await server.reset(ticket, 'Babbage-Engine-1900')).status, 400, 'and is spent once used');
      assert.equal(writes.length, 2, 'a spent link never reaches the script');
    });
  }

  test('a Management PATCH goes through changePassword too, and mails nothing', async () => {
    await requestReset(LIN); // imports the profile
    const mails = (await server.outbox()).length;
    const response = await m2mPatch(server, LIN, { password: NEW_PASSWORD, connection: LEGACY });
    assert.equal(response.status, 200);
    assert.equal(await verifyPassword(storedHash(LIN)!, NEW_PASSWORD), true);
    assert.equal((await server.outbox()).length, mails);
  });
});
