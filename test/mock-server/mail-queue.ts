/** Reads the mail queue of a database the servers under test (or the bench's) use, beside them. */
import Database from 'better-sqlite3';
import pg from 'pg';

/** Counts the mail still queued in `db` (a SQLite file or a PostgreSQL URL). */
export async function mailQueue(db: string) {
  const sql = "SELECT count(*) AS n FROM mail WHERE status = 'pending'";
  if (!/^postgres(ql)?:/.test(db)) {
    const file = new Database(db, { readonly: true });
    return { pending: async () => (file.prepare(sql).get() as { n: number }).n, close: async () => file.close() };
  }
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  return { pending: async () => Number((await client.query<{ n: string }>(sql)).rows[0]!.n), close: () => client.end() };
}
