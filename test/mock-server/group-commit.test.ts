/**
 * The SQLite store's group commit (mock-server/storage/group-commit.ts), watched from a second
 * connection to the same file, as another process would see it.
 */
import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import Database from 'better-sqlite3';
import { emailKey } from '../../mock-server/domain/email.js';
import type { Store, User } from '../../mock-server/domain/ports.js';
import { openSqliteStore } from '../../mock-server/storage/sqlite.js';

const T0 = 1_000_000;
const user = (id: string): User => ({
  id, email: `${id}@example.com`, connection: 'db', passwordHash: 'h', name: null, emailVerified: false,
  createdAt: T0, updatedAt: T0, lastPasswordReset: null, passwordResetRequired: false,
});

describe('sqlite group commit', () => {
  let dir: string;
  let store: Store;
  let observer: Database.Database;
  const committedUsers = () => (observer.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  /** WAL frames written so far: every commit appends at least one. */
  const walFrames = () => (observer.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    store = openSqliteStore(join(dir, 'db.sqlite'), emailKey);
    observer = new Database(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    observer.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes made in one turn commit together, and each resolves only once its batch is on disk', async () => {
    const writes = Array.from({ length: 16 }, (_, i) => store.insertUser(user(`u${i}`)).then(() => committedUsers()));
    assert.equal(committedUsers(), 0, 'nothing is visible to another connection before the turn ends');
    assert.deepEqual(await Promise.all(writes), Array(16).fill(16), 'each write saw all 16 committed when it resolved');
  });

  test('one commit for a turn of writes, one per write when each waits for the last', async () => {
    // A reader holding a snapshot keeps the WAL from restarting, so its frame count only grows.
    const pin = new Database(join(dir, 'db.sqlite'));
    pin.exec('BEGIN');
    pin.prepare('SELECT count(*) FROM users').get();
    const before = walFrames();
    await Promise.all(Array.from({ length: 16 }, (_, i) => store.insertUser(user(`a${i}`))));
    const batched = walFrames() - before;
    for (let i = 0; i < 16; i++) await store.insertUser(user(`b${i}`));
    const oneByOne = walFrames() - before - batched;
    assert.ok(oneByOne >= 16, `16 awaited writes are 16 commits (${oneByOne} frames)`);
    assert.ok(batched >= 1 && batched <= 4, `16 writes in one turn are one commit (${batched} frames)`);
    pin.close();
  });

  test('a write that fails rolls back alone; the rest of its batch commits', async () => {
    await store.insertUser(user('taken'));
    const results = await Promise.allSettled([
      store.insertUser(user('x1')),
      store.insertUser({ ...user('other-id'), email: 'taken@example.com' }), // duplicate email: refused
      store.insertUser(user('x2')),
    ]);
    assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(observer.prepare('SELECT id FROM users ORDER BY id').all().map((row) => (row as { id: string }).id), ['taken', 'x1', 'x2']);
  });

  test('a rate-limit count answers at once, before its batch commits; reads in the process see the open batch', async () => {
    const hit = store.countHit('k', 60_000, T0);
    const insert = store.insertUser(user('u1'));
    assert.equal((await hit).count, 1);
    assert.equal(committedUsers(), 0, 'the count answered before its batch committed');
    assert.equal((await store.findUserById('u1'))?.id, 'u1', 'this process reads its own open batch');
    await insert;
    assert.equal(committedUsers(), 1);
  });

  test('the mail sender\'s bookkeeping answers once committed, and a batch of only that syncs nothing', async () => {
    await store.queueMail({ to: 'ada@example.com', subject: 's', text: 't', html: 'h' }, T0);
    const mailStatus = () => observer.prepare('SELECT status, next_attempt_at AS due FROM mail').get();
    const syncs = mock.method(fs, 'fdatasync');
    syncBuiltinESMExports(); // group-commit.ts imports fdatasync by name
    try {
      const [claimed] = await store.claimDueMail(T0, 1, 60_000);
      assert.deepEqual(mailStatus(), { status: 'pending', due: T0 + 60_000 }, 'the claim was committed when it answered');
      await store.markMailSent([claimed!.id], T0 + 1, true);
      assert.equal((mailStatus() as { status: string }).status, 'sent');
      assert.equal(syncs.mock.callCount(), 0, 'neither waited for an fdatasync of its own');
      await store.insertUser(user('u1'));
      assert.equal(syncs.mock.callCount(), 1, 'a durable write syncs, taking the earlier frames along');
    } finally {
      syncs.mock.restore();
      syncBuiltinESMExports();
    }
  });

  test('the sender\'s bookkeeping answers only once every earlier batch is on disk (no mail before its ticket is)', async () => {
    await store.queueMail({ to: 'ada@example.com', subject: 's', text: 't', html: 'h' }, T0);
    const held: (() => void)[] = [];
    const original = fs.fdatasync;
    const syncs = mock.method(fs, 'fdatasync', (fd: number, done: (error: Error | null) => void) => held.push(() => original(fd, done)));
    syncBuiltinESMExports();
    try {
      let inserted = false;
      const insert = store.insertUser(user('u1')).then(() => { inserted = true; });
      await new Promise((resolve) => setImmediate(resolve)); // its batch committed; its sync is held
      assert.equal(held.length, 1);
      let claimed = false;
      const claim = store.claimDueMail(T0, 1, 60_000).then(() => { claimed = true; });
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(committedUsers(), 1, 'the user is committed, not yet synced');
      assert.deepEqual([inserted, claimed], [false, false], 'the claim waits for the earlier batch\'s sync');
      held.shift()!();
      await Promise.all([insert, claim]);
      assert.equal(syncs.mock.callCount(), 1, 'the claim added no sync of its own');
    } finally {
      syncs.mock.restore();
      syncBuiltinESMExports();
    }
  });

  test('close commits what is pending', async () => {
    void store.insertUser(user('last'));
    store.close();
    assert.equal(committedUsers(), 1);
  });
});
