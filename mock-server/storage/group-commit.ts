/**
 * Group commit for the SQLite store. better-sqlite3 commits synchronously, and with
 * synchronous=FULL each commit is an fsync on the event loop: one per write made every request wait
 * for several in a row and stalled all the others meanwhile. Here every write made in one turn of the
 * event loop joins one IMMEDIATE transaction, committed at the end of the turn (setImmediate); the
 * connection runs with synchronous=NORMAL, so that commit writes the WAL without syncing it, and this
 * module syncs the WAL itself (fdatasync on libuv's thread pool) before the batch's writes answer.
 * The event loop goes on serving requests during the flush; batches that commit meanwhile share the next one.
 *
 * - A write's promise settles once its batch is committed and the WAL is on disk (or failed to get
 *   there), so an answer that follows it is backed by a durable change, as with FULL.
 * - `eager` methods (rate-limit counters) answer as soon as they ran; a crash before the turn's
 *   commit may lose those counts, never anything else.
 * - `unsynced` methods (the mail sender's bookkeeping) answer once their batch is committed and every
 *   earlier batch is on disk, without waiting for their own frames: a crash of this process loses none
 *   of them, a power cut may (at worst a mail goes out again). A batch of only such writes and eager
 *   ones does not sync: the next batch's fdatasync takes its frames along. Waiting for the earlier
 *   batches keeps a mail from going out before the ticket it links to is on disk.
 * - Reads run on the same connection, so they see the open batch: within this process, changes are
 *   seen in the order they ran. Other processes see a batch once it commits (its WAL frames may still
 *   be on their way to disk; whatever they commit after it syncs it with their own).
 * - A write that fails rolls back alone: single statements are atomic, and every write method that
 *   changes several rows is a better-sqlite3 transaction, which becomes a savepoint inside the batch.
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Store } from '../domain/ports.js';

interface Batch {
  committed: Promise<void>;
  settle: (error?: unknown) => void;
  /** A write that answers only once on disk joined it. */
  durable: boolean;
}

export interface GroupCommitOptions {
  /** Methods that change nothing: they run at once, outside any batch. */
  reads: ReadonlySet<keyof Store>;
  /** Writes whose loss in a crash is harmless: they answer without waiting for the commit. */
  eager: ReadonlySet<keyof Store>;
  /** Writes whose loss in a power cut is harmless: they answer once committed, before the sync. */
  unsynced: ReadonlySet<keyof Store>;
}

export function withGroupCommit(db: Database.Database, store: Store, options: GroupCommitOptions): Store {
  const wal = db.memory ? undefined : walSyncer(`${db.name}-wal`);
  if (wal) db.pragma('synchronous = NORMAL');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  let open: Batch | undefined;

  const finish = () => {
    const batch = open;
    if (!batch) return;
    open = undefined;
    try {
      // SQLite rolls a transaction back by itself on some errors (disk full, I/O): then nothing of the batch is kept.
      if (!db.inTransaction) throw new Error('the batch was rolled back by SQLite before its commit');
      commit.run();
      if (!wal) batch.settle();
      else if (batch.durable) wal.sync(batch.settle);
      else wal.afterEarlier(batch.settle);
    } catch (error) {
      if (db.inTransaction) rollback.run();
      batch.settle(error);
    }
  };

  const join = (): Batch => {
    if (open && !db.inTransaction) finish(); // SQLite rolled the batch back: fail its writes, start afresh
    if (open) return open;
    begin.run();
    let settle!: Batch['settle'];
    const committed = new Promise<void>((resolve, reject) => { settle = (error) => (error === undefined ? resolve() : reject(error)); });
    committed.catch(() => {}); // a batch of eager writes only has nobody waiting on it
    open = { committed, settle, durable: false };
    setImmediate(finish);
    return open;
  };

  const batched = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(store) as [keyof Store, (...args: unknown[]) => Promise<unknown>][]) {
    if (name === 'close') continue;
    if (options.reads.has(name)) { batched[name] = method; continue; }
    const eager = options.eager.has(name);
    const durable = !eager && !options.unsynced.has(name);
    batched[name] = async (...args: unknown[]) => {
      const batch = join(); // throws, so rejects, once the database is closed
      batch.durable ||= durable;
      const result = method(...args); // the SQLite methods run to completion before returning
      return eager ? result : result.then((value) => batch.committed.then(() => value));
    };
  }
  batched.close = () => {
    finish();
    wal?.close();
    return store.close();
  };
  return batched as unknown as Store;
}

/**
 * Syncs the WAL file at `path` for whoever asks, one fdatasync at a time: those who ask while one
 * runs share the next. fdatasync flushes the file's data whichever descriptor wrote it.
 */
function walSyncer(path: string) {
  let fd: number | undefined;
  let flushing = false;
  let closed = false;
  let waiting: ((error?: unknown) => void)[] = [];
  /** Waiting for the flush under way only (afterEarlier). */
  let riders: ((error?: unknown) => void)[] = [];

  const flush = () => {
    flushing = true;
    const group = waiting;
    waiting = [];
    try {
      fd ??= openSync(path, 'r'); // the commit before this created it
    } catch (error) {
      flushing = false;
      for (const settle of group) settle(error);
      return;
    }
    fdatasync(fd, (error) => {
      for (const settle of [...group, ...riders.splice(0)]) settle(error ?? undefined);
      if (waiting.length > 0) return flush();
      flushing = false;
      if (closed) closeSync(fd!);
    });
  };

  return {
    sync(settle: (error?: unknown) => void) {
      waiting.push(settle);
      if (!flushing) flush();
    },
    /** Settles once every commit made before this call is on disk, without syncing for its own sake. */
    afterEarlier(settle: (error?: unknown) => void) {
      if (waiting.length > 0) waiting.push(settle); // an earlier commit waits for the next flush: so does this
      else if (flushing) riders.push(settle); // the flush under way covers every earlier commit
      else settle();
    },
    /** Syncs at once what the last commits wrote. */
    close() {
      if (fd === undefined || closed) return;
      closed = true;
      fdatasyncSync(fd);
      for (const settle of [...waiting.splice(0), ...riders.splice(0)]) settle();
      if (!flushing) closeSync(fd);
    },
  };
}
