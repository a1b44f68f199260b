/** Reads a database the servers under test (or the bench's) use, beside them. */
import Database from 'better-sqlite3';
import pg from 'pg';

/** Answers `SELECT count(*) AS n …` queries on `db` (a SQLite file or a PostgreSQL URL). */
export async function rowCounter(db: string) {
  if (!/^postgres(ql)?:/.test(db)) {
    const file = new Database(db, { readonly: true });
    return { count: async (sql: string) => (file.prepare(sql).get() as { n: number }).n, close: async () => file.close() };
  }
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  return { count: async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n), close: () => client.end() };
}

/** Counts the mail still queued in `db` (a SQLite file or a PostgreSQL URL). */
export async function mailQueue(db: string) {
  const counter = await rowCounter(db);
  return { pending: () => counter.count("SELECT count(*) AS n FROM mail WHERE status = 'pending'"), close: counter.close };
}
