/**
 * Several server instances on one database, as an operator scales out: two CLI processes started
 * together, requests spread over both. What one instance knows, the other must know too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run, start, stop, type Running } from './cli-process.js';
import { ADA, demoTenant, passwordRealmGrant, resetRequest, ticketFromMail } from './helpers.js';
import { mailQueue } from './mail-queue.js';
import { postgresDatabase } from './postgres-harness.js';
import { plainText, startSmtp } from './smtp-server.js';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The databases both instances share, one kind each. */
const DATABASES: { kind: string; open(dir: string): Promise<string> }[] = [
  { kind: 'sqlite', open: async (dir) => join(dir, 'shared.sqlite') },
  { kind: 'postgres', open: () => postgresDatabase() },
];

for (const database of DATABASES) {
  describe(`two instances on one ${database.kind} database`, () => {
    let dir: string;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let servers: Running[];
    let args: string[];
    let db: string;
    const [a, b] = [() => servers[0]!.url, () => servers[1]!.url];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'login-box-instances-'));
      smtp = await startSmtp();
      // Every request comes from 127.0.0.1: generous limits for the reset requests and the reset page, so the
      // test can send hundreds; the dashboard sign-in keeps the demo's 10 a minute for the shared-limit test.
      const tenant = demoTenant() as { rateLimits?: Record<string, { points: number; windowSeconds: number }> };
      const generous = { points: 10_000, windowSeconds: 3600 };
      tenant.rateLimits = { resetMailsPerUser: generous, changePasswordPerAddress: generous, changePasswordPerEmail: generous, resetPage: generous };
      // Short claims, so mail held by an instance that died is picked up within the test.
      (tenant as { mailDelivery?: unknown }).mailDelivery = { pollSeconds: 0.5, leaseSeconds: 2 };
      const config = join(dir, 'tenant.json');
      writeFileSync(config, JSON.stringify(tenant));
      db = await database.open(dir);
      // Both at the same moment on an empty database: one schema, one set of users, one signing key.
      // One public URL for both, as behind a load balancer: one issuer, one audience, one link host.
      args = ['--port', '0', '--db', db, '--config', config, '--public-url', 'https://login.example.test'];
      servers = await Promise.all([0, 1].map(() => start(args, { SMTP_URL: smtp.url })));
    });
    after(async () => {
      await Promise.all(servers?.map(stop) ?? []);
      await smtp?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('started together: the same JWKS, one Ada, and a token from one works at the other', async () => {
      const [jwksA, jwksB] = await Promise.all([a(), b()].map(async (url) => (await fetch(`${url}/.well-known/jwks.json`)).json()));
      assert.deepEqual(jwksA, jwksB);
      assert.equal((jwksA as { keys: unknown[] }).keys.length, 1);
      const tokens = await (await post(`${a()}/oauth/token`, passwordRealmGrant(ADA.email, ADA.password))).json() as { access_token: string };
      const userinfo = await fetch(`${b()}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(userinfo.status, 200);
      assert.equal((await userinfo.json() as { email: string }).email, ADA.email);
    });

    test('npm run rotate-keys while both run: a restarted instance signs with the new key, and the other accepts it at once', async () => {
      const rotation = run(['--rotate-keys', '--db', db]);
      assert.equal(await rotation.exited, 0, rotation.stderr());
      await stop(servers[0]!);
      servers[0] = await start(args, { SMTP_URL: smtp.url });
      const { keys } = await (await fetch(`${a()}/.well-known/jwks.json`)).json() as { keys: { kid: string }[] };
      assert.equal(keys.length, 2, 'the new key and the retired one');
      const tokens = await (await post(`${a()}/oauth/token`, passwordRealmGrant(ADA.email, ADA.password))).json() as { access_token: string };
      const [header] = tokens.access_token.split('.');
      assert.equal((JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string }).kid, keys[0]!.kid);
      const userinfo = await fetch(`${b()}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(userinfo.status, 200, 'the other instance loads the new key when it meets it');
    });

    test('a rate limit is counted across both: 12 dashboard sign-ins against a limit of 10 → exactly 2 refused', async () => {
      const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        post(`${i % 2 ? b() : a()}/dashboard/session`, { email: 'admin@example.com', password: 'not-the-password' }).then((response) => response.status)));
      assert.deepEqual([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length], [10, 2], statuses.join(' '));
    });

    test('each queued mail goes out exactly once over real SMTP while both senders run', async () => {
      const before = smtp.received.length;
      await Promise.all(Array.from({ length: 100 }, (_, i) => post(`${i % 2 ? b() : a()}/dbconnections/change_password`, resetRequest(ADA.email))));
      for (let i = 0; i < 200 && smtp.received.length < before + 100; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 500)); // a late duplicate would arrive now
      const mails = smtp.received.slice(before);
      assert.equal(mails.length, 100);
      const tickets = new Set(mails.map((mail) => ticketFromMail(plainText(mail.raw))));
      assert.equal(tickets.size, 100, 'a hundred different links, none sent twice');
    });

    test('32 concurrent submissions of one reset link over both instances: exactly one wins, no 5xx (20 rounds)', async () => {
      for (let round = 0; round < 20; round++) {
        const before = smtp.received.length;
        assert.equal((await post(`${a()}/dbconnections/change_password`, resetRequest(ADA.email))).status, 200);
        // The last round's winner also gets a "password changed" mail, maybe after this one: pick the one with a link.
        const resetMail = () => smtp.received.slice(before).find((mail) => plainText(mail.raw).includes('/lo/reset?ticket='));
        for (let i = 0; i < 100 && !resetMail(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
        const ticket = ticketFromMail(plainText(resetMail()!.raw));
        const statuses = await Promise.all(Array.from({ length: 32 }, (_, i) =>
          post(`${i % 2 ? b() : a()}/lo/reset`, { ticket, newPassword: `Round-${round}-Winner-${i}-Pw` }).then((response) => response.status)));
        assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${statuses.join(' ')}`);
        assert.ok(statuses.every((s) => s === 200 || s === 400), `round ${round}: ${statuses.join(' ')}`);
      }
    });

    test('kill -9 an instance holding claimed mail: another delivers it, once, after the claim\'s lease', async () => {
      // Mail of the tests before goes out first: the third instance would claim it too, and its late delivery would blur the count.
      const queue = await mailQueue(db);
      try {
        for (let i = 0; i < 200 && await queue.pending() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(await queue.pending(), 0);
      } finally {
        await queue.close();
      }
      // A third instance whose mail server accepts the connection and never answers: it claims the mail and hangs.
      const silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const stuck = await start(args, { SMTP_URL: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}` });
      try {
        const before = smtp.received.length;
        assert.equal((await post(`${stuck.url}/dbconnections/change_password`, resetRequest(ADA.email))).status, 200);
        await new Promise((resolve) => setTimeout(resolve, 200)); // its sender claimed the mail right after the commit
        stuck.child.kill('SIGKILL');
        await stuck.exited;
        for (let i = 0; i < 200 && smtp.received.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 50));
        await new Promise((resolve) => setTimeout(resolve, 1000)); // a second delivery would arrive now
        assert.equal(smtp.received.length, before + 1);
        assert.deepEqual(smtp.received.at(-1)!.to, [ADA.email]);
      } finally {
        silent.close();
      }
    });

  });
}
