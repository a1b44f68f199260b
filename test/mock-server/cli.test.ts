/** The real CLI, as a user runs it: a child process on a free port with its own database (an SQLite file, or PostgreSQL). */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { run, start, stop } from './cli-process.js';
import { ADA, demoTenant, passwordRealmGrant, resetRequest, ticketFromMail } from './helpers.js';
import { postgresDatabase } from './postgres-harness.js';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const login = (url: string, password: string) => post(`${url}/oauth/token`, passwordRealmGrant(ADA.email, password));

describe('npm start (mock-server/main.ts)', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'login-box-cli-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  /** A new database of `kind` for --db: a file path (in a folder that does not exist yet), or a postgres:// URL. */
  const newDatabase = async (kind: 'sqlite' | 'postgres', name: string) => (kind === 'sqlite' ? join(dir, 'nested', `${name}.sqlite`) : postgresDatabase());

  for (const kind of ['sqlite', 'postgres'] as const) {
    test(`${kind}: port 0 + a new database: a whole reset over HTTP, then a restart keeps the new password`, async () => {
      const db = await newDatabase(kind, 'reset');
      let server = await start(['--port', '0', '--db', db]);
      try {
        const requested = await post(`${server.url}/dbconnections/change_password`, resetRequest(ADA.email));
        assert.equal(requested.status, 200);
        assert.equal(requested.headers.get('x-ratelimit-remaining'), '9', 'counted per client address by the real host');
        let mails: { to: string; text: string }[] = [];
        for (let i = 0; i < 50 && mails.length === 0; i++) {
          mails = await (await fetch(`${server.url}/dev/outbox`)).json() as { to: string; text: string }[];
          if (mails.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.equal(mails.length, 1);
        assert.ok(mails[0]!.text.includes(`${server.url}/lo/reset?ticket=`), 'the link points at this server');
        const ticket = ticketFromMail(mails[0]!.text);
        assert.equal((await fetch(`${server.url}/lo/reset?ticket=${ticket}`)).status, 200);
        assert.equal((await post(`${server.url}/lo/reset`, { ticket, newPassword: 'Babbage-Engine-1834' })).status, 200);
      } finally {
        await stop(server);
      }

      server = await start(['--port', '0', '--db', db]);
      try {
        assert.equal((await login(server.url, 'Babbage-Engine-1834')).status, 200, 'new password survives the restart');
        assert.equal((await login(server.url, ADA.password)).status, 403, 'old password still refused');
        const page = await fetch(`${server.url}/dev/outbox.html`);
        assert.match(await page.text(), /Reset your Demo App password/, 'the outbox survives too');
      } finally {
        await stop(server);
      }
    });

    test(`${kind}: kill -9 right after a 2xx loses nothing: after a restart the new password works and the link stays spent`, async () => {
      const db = await newDatabase(kind, 'crash');
      for (let round = 1; round <= 3; round++) {
        let server = await start(['--port', '0', '--db', db]);
        const before = (await (await fetch(`${server.url}/dev/outbox`)).json() as unknown[]).length;
        await post(`${server.url}/dbconnections/change_password`, resetRequest(ADA.email));
        let mails: { text: string }[] = [];
        for (let i = 0; i < 50 && mails.length <= before; i++) {
          mails = await (await fetch(`${server.url}/dev/outbox`)).json() as { text: string }[];
          if (mails.length <= before) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const ticket = ticketFromMail(mails.at(-1)!.text);
        const password = `Crash-Round-${round}-Password`;
        assert.equal((await post(`${server.url}/lo/reset`, { ticket, newPassword: password })).status, 200);
        server.child.kill('SIGKILL');
        await server.exited;

        server = await start(['--port', '0', '--db', db]);
        try {
          assert.equal((await login(server.url, password)).status, 200, `round ${round}: the acknowledged change survived`);
          assert.equal((await post(`${server.url}/lo/reset`, { ticket, newPassword: 'Another-Password-9' })).status, 400, 'the link stays spent');
        } finally {
          await stop(server);
        }
      }
    });
  }

  test('--no-dev turns the dev outbox off', async () => {
    const server = await start(['--port', '0', '--db', join(dir, 'nodev.sqlite'), '--no-dev']);
    try {
      assert.equal((await fetch(`${server.url}/dev/outbox`)).status, 404);
      assert.equal((await fetch(`${server.url}/.well-known/openid-configuration`)).status, 200);
    } finally {
      await stop(server);
    }
  });

  test('an invalid tenant file stops the server with the bad field named', async () => {
    const tenant = demoTenant() as { clients: { clientId?: string }[] };
    delete tenant.clients[0]!.clientId;
    const file = join(dir, 'bad-tenant.json');
    writeFileSync(file, JSON.stringify(tenant));
    const { exited, stderr } = run(['--port', '0', '--db', join(dir, 'bad.sqlite'), '--config', file]);
    assert.equal(await exited, 1);
    assert.match(stderr(), /invalid tenant config:\n {2}clients\.0\.clientId: /);
  });

  test('bad options get a usage message and exit 1', async () => {
    for (const args of [['--port', 'abc'], ['--port', '70000'], ['--frobnicate'], ['--public-url', 'ftp://login.example.test'], ['--public-url', 'https://x.test/?a=1']]) {
      const { exited, stderr } = run(args);
      assert.equal(await exited, 1, args.join(' '));
      assert.match(stderr(), /usage: npm start/);
    }
  });

  test('--db takes a file path or a postgres:// URL (DATABASE_URL by default); any other URL is refused, creating nothing', async () => {
    for (const [args, env, message] of [
      [['--db', 'mysql://root:secret@db.example.test/login'], {}, /--db must be an SQLite file path or a postgres:\/\/ \(postgresql:\/\/\) URL, got "mysql:\/\/root:\*\*\*@db\.example\.test\/login"/],
      [['--db', 'file:///tmp/login.sqlite'], {}, /--db must be an SQLite file path/],
      [[], { DATABASE_URL: 'redis://cache.example.test' }, /DATABASE_URL must be an SQLite file path/],
    ] as const) {
      const { exited, stderr } = run(['--port', '0', ...args], env);
      assert.equal(await exited, 1, args.join(' '));
      assert.match(stderr(), message);
      assert.doesNotMatch(stderr(), /secret/, 'the password is not printed');
    }
    assert.ok(!existsSync(fileURLToPath(new URL('../../mysql:', import.meta.url))), 'no folder named after the scheme');

    const server = await start(['--port', '0'], { DATABASE_URL: await postgresDatabase() });
    try {
      assert.equal((await login(server.url, ADA.password)).status, 200, 'seeded into the DATABASE_URL database');
    } finally {
      await stop(server);
    }
    const { exited, stderr } = run(['--port', '0', '--db', 'postgresql://nobody:secret@127.0.0.1:1/none']);
    assert.equal(await exited, 1);
    assert.match(stderr(), /^login-box: cannot open the PostgreSQL database postgresql:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/m);
    assert.doesNotMatch(stderr(), /secret|usage:/);
  });
});
