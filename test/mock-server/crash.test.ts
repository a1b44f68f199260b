/**
 * kill -9 under load, over and over on one SQLite file: the CLI serves a mixed concurrent load (full resets over
 * real SMTP, password sign-ins, change_password for known and unknown emails) and dies by SIGKILL at a random
 * moment. Then, with no server running, `PRAGMA integrity_check` on the file; after a restart every acknowledged
 * change is there (the last acknowledged password signs in, its link stays spent, every acknowledged request
 * queued its mail) and every mail still queued at the kill goes out.
 *
 * CRASH_ITERATIONS rounds (5 by default; .ci/run sets more), seeded by CRASH_SEED, so a failure can be replayed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { mulberry32 } from '../prng.js';
import { start, stop, type Running } from './cli-process.js';
import { ADA, demoTenant, passwordRealmGrant, resetRequest, ticketFromMail } from './helpers.js';
import { plainText, startSmtp } from './smtp-server.js';

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 5);
const SEED = Number(process.env.CRASH_SEED ?? 20261128);
/** Load runs 100–1100 ms before the kill. */
const LOAD_MS = { min: 100, spread: 1000 };
const DB_CONNECTION = 'Username-Password-Authentication';

/** Users whose password the load changes, one reset after another each (so "the last acknowledged" is defined). */
const RESET_USERS = [ADA.email, 'crash-reset-1@example.com', 'crash-reset-2@example.com'];
/** Users who only get reset mail (a new link revokes the previous one, so not the reset users). */
const MAIL_USERS = ['crash-mail-1@example.com', 'crash-mail-2@example.com'];

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ResetUser {
  email: string;
  /** The password of the last acknowledged change (or the seed's). */
  password: string;
  /** The one before it: refused once the change is in. */
  previous?: string;
  /** A reset submitted and not answered when the server died: it may or may not have happened. */
  inFlight?: string;
  /** The link of the last acknowledged reset. */
  spentTicket?: string;
}

let dir: string;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'login-box-crash-'));
  smtp = await startSmtp();
});
after(async () => {
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

test(`kill -9 at random moments under a mixed concurrent load (${ITERATIONS} iterations, seed ${SEED}): the file stays intact, nothing acknowledged is lost, queued mail goes out`, { timeout: 60_000 + ITERATIONS * 30_000 }, async () => {
  const random = mulberry32(SEED);
  const tenant = demoTenant() as Record<string, unknown> & { users: unknown[] };
  // Every request comes from 127.0.0.1: limits far above what the load sends; no brute-force block either, since a
  // sign-in racing its user's reset may fail with the old password.
  const generous = { points: 1_000_000, windowSeconds: 3600 };
  tenant.rateLimits = Object.fromEntries(['changePasswordPerEmail', 'changePasswordPerAddress', 'resetMailsPerUser', 'passwordLogin', 'resetPage', 'dashboardSession'].map((name) => [name, generous]));
  tenant.bruteForceProtection = { enabled: false };
  // Mail a dead server had claimed is due again a second later.
  tenant.mailDelivery = { pollSeconds: 0.2, leaseSeconds: 1 };
  // Every mail here is a reset mail, each counted against its request (password-changed-mail.test.ts covers the other).
  const templates = tenant.emailTemplates as { passwordChangedEmail: object };
  templates.passwordChangedEmail = { ...templates.passwordChangedEmail, enabled: false };
  const seedPassword = (email: string) => (email === ADA.email ? ADA.password : `Seed-${email.split('@')[0]}-Pw-2026`);
  for (const email of [...RESET_USERS, ...MAIL_USERS].filter((email) => email !== ADA.email)) {
    tenant.users.push({ email, password: seedPassword(email), name: email, connection: DB_CONNECTION });
  }
  const config = join(dir, 'tenant.json');
  writeFileSync(config, JSON.stringify(tenant));
  const db = join(dir, 'crash.sqlite');
  const args = ['--port', '0', '--db', db, '--config', config];
  const env = { SMTP_URL: smtp.url };

  const users: ResetUser[] = RESET_USERS.map((email) => ({ email, password: seedPassword(email) }));
  /** change_password for a known email: answered 2xx, and sent (answered or not). Each answered one queued a mail. */
  const mailRequests = { acknowledged: 0, sent: 0 };
  /** Resets submitted (answered or not). */
  let changes = 0;
  let killedAt = 0;
  const started = Date.now();

  /** Mail rows and the tickets of those still pending, read with no server running. */
  const inspect = () => {
    const file = new Database(db, { readonly: true, fileMustExist: true });
    try {
      assert.equal(file.pragma('integrity_check', { simple: true }), 'ok');
      // Real mail only: an unknown email's decoy mail (ports.ts ResetDecoy) is never sent, and is deleted by a sweep after it is marked.
      const total = (file.prepare('SELECT count(*) AS n FROM mail WHERE decoy = 0').get() as { n: number }).n;
      const pending = (file.prepare("SELECT text FROM mail WHERE status = 'pending' AND decoy = 0").all() as { text: string }[]).map((row) => ticketFromMail(row.text));
      return { total, pending };
    } finally {
      file.close();
    }
  };
  const received = () => new Set(smtp.received.map((mail) => ticketFromMail(plainText(mail.raw))));

  /** After a restart: every acknowledged change is in, and whatever was queued at the kill is delivered. */
  const check = async (server: Running, iteration: number, queued: string[]) => {
    const login = (email: string, password: string) => post(`${server.url}/oauth/token`, passwordRealmGrant(email, password)).then((response) => response.status);
    for (const user of users) {
      const current = await login(user.email, user.password);
      if (user.inFlight !== undefined && current !== 200) {
        // The unanswered reset happened: then its password is the one, and the acknowledged one is refused.
        assert.equal(current, 403, `iteration ${iteration}: ${user.email}`);
        assert.equal(await login(user.email, user.inFlight), 200, `iteration ${iteration}: ${user.email} signs in with neither its acknowledged nor its unanswered password`);
        [user.previous, user.password] = [user.password, user.inFlight];
        user.spentTicket = undefined;
      } else {
        assert.equal(current, 200, `iteration ${iteration}: ${user.email}'s last acknowledged password is lost`);
        if (user.inFlight !== undefined) assert.equal(await login(user.email, user.inFlight), 403, `iteration ${iteration}: ${user.email}: two passwords`);
      }
      if (user.previous !== undefined) assert.equal(await login(user.email, user.previous), 403, `iteration ${iteration}: ${user.email}'s replaced password still signs in`);
      if (user.spentTicket !== undefined) {
        assert.equal((await post(`${server.url}/lo/reset`, { ticket: user.spentTicket, newPassword: `Replay-${iteration}-Never-Works` })).status, 400, `iteration ${iteration}: ${user.email}'s acknowledged link is live again`);
      }
      user.inFlight = undefined;
    }
    // Mail queued before the kill (and not yet marked sent) goes out after the restart: once its claim's lease is over.
    // A backlog takes its time over SMTP: the wait fails once 15 s pass without one more arriving (at most 2 min in all).
    const giveUpAt = Date.now() + 120_000;
    let missing = queued;
    let lastArrival = Date.now();
    for (let left = missing.length; left > 0 && Date.now() < giveUpAt && Date.now() - lastArrival < 15_000; await sleep(50)) {
      missing = missing.filter((ticket) => !received().has(ticket));
      if (missing.length < left) lastArrival = Date.now();
      left = missing.length;
    }
    assert.deepEqual(missing, [], `iteration ${iteration}: mail queued at the kill was never delivered`);
  };

  /** The load: until the kill, each loop sends one request after another; anything but the expected answer fails. */
  const load = (server: Running, iteration: number) => {
    let killed = false;
    const failures: string[] = [];
    const loop = async (name: string, body: () => Promise<void>) => {
      try {
        while (!killed) await body();
      } catch (error) {
        if (!killed) failures.push(`${name}: ${(error as Error).stack ?? error}`);
      }
    };
    const expect = (what: string, status: number, allowed: number[]) => {
      if (!killed && !allowed.includes(status)) throw new Error(`${what} answered ${status}`);
    };
    const loops = [
      // A full reset per user, one after another: request, the link from the mail, a new password.
      ...users.map((user) => loop(`reset ${user.email}`, async () => {
        const seen = smtp.received.length;
        mailRequests.sent++;
        const requested = await post(`${server.url}/dbconnections/change_password`, resetRequest(user.email));
        expect('change_password', requested.status, [200]);
        if (requested.status === 200) mailRequests.acknowledged++;
        let mail: string | undefined;
        for (let i = 0; !killed && mail === undefined && i < 400; i++) {
          mail = smtp.received.slice(seen).filter((m) => m.to.includes(user.email)).at(-1)?.raw;
          if (mail === undefined) await sleep(10);
        }
        if (killed) return;
        assert.ok(mail, `no reset mail for ${user.email} within 4 s`);
        const ticket = ticketFromMail(plainText(mail));
        const password = `Crash-${iteration}-${++changes}-${Math.floor(random() * 1e9)}-Pw`;
        user.inFlight = password;
        const reset = await post(`${server.url}/lo/reset`, { ticket, newPassword: password });
        expect('POST /lo/reset', reset.status, [200]);
        if (reset.status === 200) [user.previous, user.password, user.inFlight, user.spentTicket] = [user.password, password, undefined, ticket];
      })),
      // Sign-ins with the current password; one racing its user's reset may meet the new one already.
      ...[0, 1].map((n) => loop(`sign-in ${n}`, async () => {
        const user = users[Math.floor(random() * users.length)]!;
        const [password, changing] = [user.password, user.inFlight !== undefined];
        const { status } = await post(`${server.url}/oauth/token`, passwordRealmGrant(user.email, password));
        expect(`sign-in of ${user.email}`, status, changing || user.inFlight !== undefined || user.password !== password ? [200, 403] : [200]);
      })),
      // change_password for known (mail-only) users and unknown emails: the same answer, mail only for the known.
      ...[0, 1].map((n) => loop(`change_password ${n}`, async () => {
        const known = random() < 0.5;
        const email = known ? MAIL_USERS[Math.floor(random() * MAIL_USERS.length)]! : `nobody-${Math.floor(random() * 1e6)}@example.com`;
        if (known) mailRequests.sent++;
        const { status } = await post(`${server.url}/dbconnections/change_password`, resetRequest(email));
        expect(`change_password for ${email}`, status, [200]);
        if (known && status === 200) mailRequests.acknowledged++;
      })),
    ];
    return {
      failures,
      async kill() {
        killed = true;
        server.child.kill('SIGKILL');
        await server.exited;
        await Promise.all(loops);
      },
    };
  };

  let server = await start(args, env);
  await check(server, 0, []);
  for (let iteration = 1; iteration <= ITERATIONS; iteration++) {
    const running = load(server, iteration);
    await sleep(LOAD_MS.min + random() * LOAD_MS.spread);
    // The kill lands while requests are in flight (the loops never pause), at a moment the seed picks.
    await running.kill();
    killedAt++;
    assert.deepEqual(running.failures, [], `iteration ${iteration}`);

    const { total, pending } = inspect();
    assert.ok(total >= mailRequests.acknowledged, `iteration ${iteration}: ${mailRequests.acknowledged} acknowledged reset requests for known users, ${total} mails in the store`);
    assert.ok(total <= mailRequests.sent, `iteration ${iteration}: ${total} mails for ${mailRequests.sent} requests`);

    server = await start(args, env);
    await check(server, iteration, pending);
  }
  await stop(server);
  const dropped = smtp.errors.filter((error) => (error as NodeJS.ErrnoException).code !== 'ECONNRESET');
  assert.deepEqual(dropped, [], 'the SMTP server saw only connections reset by a killed sender');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`crash: ${killedAt} iterations in ${seconds} s, ${changes} resets submitted, ${mailRequests.acknowledged} acknowledged reset mails, ${received().size} delivered`);
  assert.equal(killedAt, ITERATIONS);
});
