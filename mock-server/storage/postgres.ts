/**
 * The store for several server instances: one PostgreSQL database through node-postgres (`pg`) and
 * a pool of connections. It behaves as sqlite.ts does, method for method (the shared store suite
 * holds both to it); what differs is how it stays right with other processes writing at once:
 * - every multi-row change is one transaction on one pooled connection (BEGIN … COMMIT, ROLLBACK on
 *   error), retried whole when PostgreSQL aborts it for a deadlock;
 * - whatever must have one winner (a ticket's, a code's, a refresh token's use) is one conditional
 *   UPDATE, which PostgreSQL re-checks against the row's latest version once a concurrent writer
 *   commits, so the second writer finds it spent;
 * - rate-limit windows and brute-force counts are single upserts (INSERT … ON CONFLICT DO UPDATE
 *   … RETURNING), the windows on a pool of their own that does not wait for the WAL flush, and
 *   senders claim due mail with FOR UPDATE SKIP LOCKED;
 * - the schema is migrated under a transaction-scoped advisory lock, so instances starting together
 *   on an empty database apply each version exactly once.
 * Times are ms since the epoch in BIGINT columns, parsed back to numbers (exact below 2^53).
 */
import pg from 'pg';
import { LOG_RETENTION_MS } from '../domain/log-events.js';
import { type AuthorizationCode, type LoginTransaction, type OutgoingMail, type RefreshUse, type Store, type TicketRecord, type User } from '../domain/ports.js';
import { migrationsAbove } from './migrations.js';
import { toLogEvent, toMail, toRefresh, toSession, toTicket, toUser, type LogEventRow, type MailRow, type RefreshRow, type SessionRow, type TicketRow, type UserRow } from './rows.js';

/** Whether `url` names a PostgreSQL database (`postgres://` or `postgresql://`). */
export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** BIGINT (and count(*)) as a JS number instead of pg's default string; every other type as pg parses it. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The advisory lock every instance takes to migrate: any fixed number, the same in every version of the server. */
const MIGRATION_LOCK = 0x6c6f67696e2d62; // "login-b"

/** deadlock_detected and serialization_failure: PostgreSQL rolled the transaction back, and running it again is safe. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

type Queryable = Pick<pg.PoolClient, 'query'>;

async function inTransaction<T>(pool: pg.Pool, work: (client: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool, not handed to the next caller.
      await client.query('ROLLBACK').catch((rollbackError: Error) => { broken = rollbackError; });
      if (attempt < ATTEMPTS && RETRYABLE.has((error as { code?: string }).code ?? '')) continue;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

async function migrate(pool: pg.Pool) {
  await inTransaction(pool, async (client) => {
    // Held until COMMIT: a second instance waits here, then finds every version applied.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_version');
    for (const migration of migrationsAbove(rows[0]?.version ?? 0, 'postgres')) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [migration.version, Date.now()]);
    }
  });
}

const USER_COLUMNS = 'id, email, email_key, connection, password_hash, name, email_verified, created_at, updated_at, last_password_reset, password_reset_required, locale';
const REFRESH_COLUMNS = 'hash, family, user_id, client_id, session_id, scope, audience, created_at, expires_at, used_at, revoked_at';
// strpos, not LIKE: a search for "%" or "_" means those characters. lower() under the "C" collation folds ASCII
// only, as emailKey and SQLite's lower() do, whatever the database's locale; "C" also orders by bytes, as SQLite does.
const USER_FILTER = `($1::text IS NULL OR email_key = $1)
  AND ($2::text IS NULL OR strpos(email_key, $2) > 0 OR strpos(lower(coalesce(name, '') COLLATE "C"), $2) > 0)`;

/**
 * Opens the database at `url` (`postgres://user:password@host:port/database`), applying the schema
 * versions it lacks. The database must exist; its tables are created on first start.
 */
export async function openPostgresStore(url: string, emailKey: (email: string) => string): Promise<Store> {
  // allowExitOnIdle: idle pooled connections do not keep a process alive that has nothing else to do.
  const pool = new pg.Pool({ connectionString: url, types, allowExitOnIdle: true });
  // An idle connection that broke (the server restarted) is dropped by the pool, which opens a new one on demand;
  // without a listener the 'error' event would end the process.
  pool.on('error', () => {});
  // Rate-limit counts and the mail sender's bookkeeping commit without waiting for the WAL flush
  // (synchronous_commit=off, PostgreSQL's own knob for changes whose loss in a crash of PostgreSQL is harmless: a
  // count, or a mail that goes out again): they cost no disk round trip; everything else waits for it.
  const relaxed = new pg.Pool({ connectionString: url, types, allowExitOnIdle: true, max: 4, options: '-c synchronous_commit=off' });
  relaxed.on('error', () => {});
  try {
    await migrate(pool);
  } catch (error) {
    await Promise.all([pool.end(), relaxed.end()]);
    throw error;
  }

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = [], on: Queryable = pool) =>
    (await on.query<R>(text, values)).rows;
  const first = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = [], on: Queryable = pool) =>
    (await query<R>(text, values, on))[0];
  const changed = async (text: string, values: unknown[], on: Queryable = pool) => (await on.query(text, values)).rowCount ?? 0;
  const transaction = <T>(work: (client: Queryable) => Promise<T>) => inTransaction(pool, work);

  const userValues = (user: User) => [
    user.id, user.email, emailKey(user.email), user.connection, user.passwordHash, user.name, user.emailVerified,
    user.createdAt, user.updatedAt, user.lastPasswordReset, user.passwordResetRequired, user.locale ?? null,
  ];
  const insertUser = `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
  // Used (or claimed) tickets too: a claim released after a newer link was issued must not make the old link live again.
  const revokeTickets = (client: Queryable, userId: string, at: number) =>
    changed('UPDATE tickets SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, userId], client);
  // The conditional write is what makes a ticket single-use under concurrency: one winner.
  const consumeTicket = (client: Queryable, hash: string, userId: string, at: number) => changed(`UPDATE tickets SET used_at = $1
    WHERE hash = $2 AND user_id = $3 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1`, [at, hash, userId], client);
  const issueTicket = async (client: Queryable, ticket: TicketRecord, mail: OutgoingMail | null) => {
    await revokeTickets(client, ticket.userId, ticket.createdAt);
    await changed(`INSERT INTO tickets (hash, user_id, created_at, expires_at, used_at, revoked_at, client_id, result_url, mark_email_verified, include_email_in_redirect, code_hash, code_failures)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [
      ticket.hash, ticket.userId, ticket.createdAt, ticket.expiresAt, ticket.usedAt, ticket.revokedAt, ticket.clientId,
      ticket.resultUrl, ticket.markEmailVerified, ticket.includeEmailInRedirect, ticket.codeHash, ticket.codeFailures,
    ], client);
    if (mail) await queue(client, mail, ticket.createdAt);
  };
  const revokeFamily = (client: Queryable, family: string, at: number) =>
    changed('UPDATE refresh_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL', [at, family], client);
  const queue = (client: Queryable, mail: OutgoingMail, at: number) =>
    changed(`INSERT INTO mail (to_address, subject, text, html, created_at, status, next_attempt_at)
      VALUES ($1, $2, $3, $4, $5, 'pending', $5)`, [mail.to, mail.subject, mail.text, mail.html, at], client);
  const insertRefresh = (client: Queryable, token: RefreshRow) =>
    changed(`INSERT INTO refresh_tokens (${REFRESH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
      token.hash, token.family, token.user_id, token.client_id, token.session_id, token.scope, token.audience,
      token.created_at, token.expires_at, token.used_at, token.revoked_at,
    ], client);
  const getSetting = async (key: string) => (await first<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))?.value;
  let windowsOpened = 0;
  let eventsLogged = 0;
  let closed: Promise<void> | undefined;

  return {
    async countUsers() { return (await first<{ n: number }>('SELECT count(*) AS n FROM users'))!.n; },
    async insertUser(user) { await changed(insertUser, userValues(user)); },
    async insertUserIfAbsent(user) {
      return await changed(`${insertUser} ON CONFLICT (connection, email_key) DO NOTHING`, userValues(user)) === 1;
    },
    async findUserById(id) {
      const row = await first<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
      return row && toUser(row);
    },
    async findUserByEmail(connection, key) {
      const row = await first<UserRow>('SELECT * FROM users WHERE connection = $1 AND email_key = $2', [connection, key]);
      return row && toUser(row);
    },
    async listUsers(filter, offset, limit) {
      const match = [filter.emailKey ?? null, filter.text ?? null];
      const [rows, total] = await Promise.all([
        query<UserRow>(`SELECT * FROM users WHERE ${USER_FILTER} ORDER BY email_key COLLATE "C", id COLLATE "C" LIMIT $3 OFFSET $4`, [...match, limit, offset]),
        first<{ n: number }>(`SELECT count(*) AS n FROM users WHERE ${USER_FILTER}`, match),
      ]);
      return { users: rows.map(toUser), total: total!.n };
    },

    async issueTicket(ticket, mail) {
      await transaction((client) => issueTicket(client, ticket, mail));
    },
    async requirePasswordReset(ticket, mail) {
      return transaction(async (client) => {
        const { userId, createdAt: at } = ticket;
        if (await changed('UPDATE users SET password_reset_required = true, updated_at = $1 WHERE id = $2', [at, userId], client) !== 1) return false;
        await changed('UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL', [at, userId], client);
        await changed('UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, userId], client);
        await issueTicket(client, ticket, mail);
        return true;
      });
    },
    async recordResetRequest(event, write) {
      const ticket = 'ticket' in write ? write.ticket : undefined;
      const { mail } = write;
      const [at, decoyHash, owner] = 'ticket' in write ? [write.ticket.createdAt, null, write.ticket.userId] : [write.at, write.hash, write.slot];
      // One statement, the same for both kinds of request (the ticket's parts insert nothing for a decoy, the decoy's part
      // nothing for a ticket, and the mail is a decoy's or not), so an existing and an unknown email cost the same round
      // trips. Its parts see one snapshot: the revokes skip the new ticket or decoy. $2 is the ticket's user or the decoy's slot.
      await changed(`WITH revoked AS (
          UPDATE tickets SET revoked_at = $3 WHERE $1::text IS NOT NULL AND user_id = $2 AND revoked_at IS NULL RETURNING 1
        ), revoked_decoys AS (
          UPDATE reset_decoys SET revoked_at = $3 WHERE $25::text IS NOT NULL AND slot = $2 AND revoked_at IS NULL RETURNING 1
        ), ticket AS (
          INSERT INTO tickets (hash, user_id, created_at, expires_at, used_at, revoked_at, client_id, result_url, mark_email_verified, include_email_in_redirect, code_hash, code_failures)
          SELECT $1, $2, $3::bigint, $4::bigint, $5::bigint, $6::bigint, $7, $8, $9::boolean, $10::boolean, $23::text, $24::integer WHERE $1::text IS NOT NULL RETURNING 1
        ), mail AS (
          INSERT INTO mail (to_address, subject, text, html, created_at, status, next_attempt_at, decoy)
          VALUES ($11, $12, $13, $14, $3::bigint, 'pending', $3::bigint, $25::text IS NOT NULL) RETURNING 1
        ), decoy AS (
          INSERT INTO reset_decoys (hash, slot, created_at) SELECT $25, $2, $3::bigint WHERE $25::text IS NOT NULL RETURNING 1
        )
        INSERT INTO log_events (type, at, user_id, user_name, connection, client_id, ip, description)
        VALUES ($15, $16, $17, $18, $19, $20, $21, $22)`, [
        ticket?.hash ?? null, owner, at, ticket?.expiresAt ?? null, ticket?.usedAt ?? null,
        ticket?.revokedAt ?? null, ticket?.clientId ?? null, ticket?.resultUrl ?? null, ticket?.markEmailVerified ?? null,
        ticket?.includeEmailInRedirect ?? null, mail.to, mail.subject, mail.text, mail.html,
        event.type, event.at, event.userId, event.userName, event.connection, event.clientId, event.ip, event.description,
        ticket?.codeHash ?? null, ticket?.codeFailures ?? 0, decoyHash,
      ]);
      // Every thousandth event this instance logs drops the events and decoys past retention, so the tables hold about 30 days.
      if (++eventsLogged % 1000 === 0) {
        await changed('DELETE FROM log_events WHERE at < $1', [event.at - LOG_RETENTION_MS]);
        // The decoys before the first one made since the cutoff, walked in id order: a sweep reads about what it deletes.
        await changed(`DELETE FROM reset_decoys WHERE id < coalesce(
          (SELECT id FROM reset_decoys WHERE created_at >= $1 ORDER BY id LIMIT 1), (SELECT max(id) + 1 FROM reset_decoys))`, [event.at - LOG_RETENTION_MS]);
        await changed("DELETE FROM mail WHERE decoy AND status = 'sent'", []);
      }
    },
    async logEvents(offset, limit) {
      return (await query<LogEventRow>('SELECT * FROM log_events ORDER BY id DESC LIMIT $1 OFFSET $2', [limit, offset])).map(toLogEvent);
    },
    async findTicket(hash) {
      const row = await first<TicketRow>('SELECT * FROM tickets WHERE hash = $1', [hash]);
      return row && toTicket(row);
    },
    // A claim (spend-first, before a custom database's script) is the same conditional write; only its claimer commits or releases it.
    async claimTicket(hash, userId, at) { return await consumeTicket(pool, hash, userId, at) === 1; },
    async releaseTicket(hash, claimedAt) { await changed('UPDATE tickets SET used_at = NULL WHERE hash = $1 AND used_at = $2', [hash, claimedAt]); },
    async findCodeTicket(userId, at) {
      // tickets_unrevoked serves it: a user has about one unrevoked ticket.
      const row = await first<TicketRow>(`SELECT * FROM tickets WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL
        AND expires_at > $2 AND code_hash IS NOT NULL ORDER BY created_at DESC, hash LIMIT 1`, [userId, at]);
      return row && toTicket(row);
    },
    async recordCodeFailure(hash) { await changed('UPDATE tickets SET code_failures = code_failures + 1 WHERE hash = $1', [hash]); },
    async exchangeCodeTicket(hash, nextHash, at, maxFailures) {
      return transaction(async (client) => {
        // The conditional write gives racing right codes one winner (PostgreSQL re-checks it against the row a
        // concurrent winner committed), and a code killed meanwhile none.
        if (await changed(`UPDATE tickets SET used_at = $2 WHERE hash = $1 AND used_at IS NULL AND revoked_at IS NULL
            AND expires_at > $2 AND code_hash IS NOT NULL AND code_failures < $3`, [hash, at, maxFailures], client) !== 1) return false;
        await changed(`INSERT INTO tickets (hash, user_id, created_at, expires_at, used_at, revoked_at, client_id, result_url, mark_email_verified, include_email_in_redirect, code_hash, code_failures)
          SELECT $2::text, user_id, $3::bigint, expires_at, NULL, NULL, client_id, result_url, mark_email_verified, include_email_in_redirect, NULL, 0 FROM tickets WHERE hash = $1`,
        [hash, nextHash, at], client);
        return true;
      });
    },
    async changePassword(change) {
      return transaction(async (client) => {
        if (change.ticketHash !== undefined && await (change.ticketClaimedAt === undefined
          ? consumeTicket(client, change.ticketHash, change.userId, change.at)
          : changed('UPDATE tickets SET used_at = $1 WHERE hash = $2 AND user_id = $3 AND used_at = $4',
            [change.at, change.ticketHash, change.userId, change.ticketClaimedAt], client)) !== 1) {
          return false;
        }
        await changed(`UPDATE users SET password_hash = $2, updated_at = $3, last_password_reset = $3, password_reset_required = false, email_verified = email_verified OR $4
          WHERE id = $1`, [change.userId, change.passwordHash, change.at, !!change.markEmailVerified], client);
        if (change.keepHistory > 0) {
          await changed('INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1, $2, $3)', [change.userId, change.passwordHash, change.at], client);
          await changed(`DELETE FROM password_history WHERE user_id = $1 AND id NOT IN
            (SELECT id FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)`, [change.userId, change.keepHistory], client);
        }
        await revokeTickets(client, change.userId, change.at);
        await changed('UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL', [change.at, change.userId], client);
        await changed('UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [change.at, change.userId], client);
        await changed('DELETE FROM login_failures WHERE identifier = $1', [change.loginIdentifier], client);
        if (change.mail) await queue(client, change.mail, change.at);
        return true;
      });
    },
    async passwordHistory(userId, limit) {
      const rows = await query<{ password_hash: string }>(
        'SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [userId, limit]);
      return rows.map((row) => row.password_hash);
    },

    async recordLoginFailure(identifier, address, at) {
      return (await first<{ count: number }>(`INSERT INTO login_failures (identifier, address, count, last_at) VALUES ($1, $2, 1, $3)
        ON CONFLICT (identifier, address) DO UPDATE SET count = login_failures.count + 1, last_at = excluded.last_at RETURNING count`,
      [identifier, address, at]))!.count;
    },
    async loginFailures(identifier, address) {
      return (await first<{ count: number }>('SELECT count FROM login_failures WHERE identifier = $1 AND address = $2', [identifier, address]))?.count ?? 0;
    },
    async clearLoginFailures(identifier, address) {
      await changed('DELETE FROM login_failures WHERE identifier = $1 AND address = $2', [identifier, address]);
    },

    async createSession(session) {
      await changed(`INSERT INTO sessions (id, user_id, client_id, created_at, ended_at, secret_hash, auth_time, last_used_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        session.id, session.userId, session.clientId, session.createdAt, session.endedAt, session.secretHash, session.authTime, session.lastUsedAt,
      ]);
    },
    async findSession(id) {
      const row = await first<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id]);
      return row && toSession(row);
    },
    async findSessionBySecret(secretHash) {
      const row = await first<SessionRow>('SELECT * FROM sessions WHERE secret_hash = $1', [secretHash]);
      return row && toSession(row);
    },
    async touchSession(id, at) { await changed('UPDATE sessions SET last_used_at = $1 WHERE id = $2', [at, id]); },
    async endSession(id, at) {
      await transaction(async (client) => {
        await changed('UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL', [at, id], client);
        await changed('UPDATE refresh_tokens SET revoked_at = $1 WHERE session_id = $2 AND revoked_at IS NULL', [at, id], client);
      });
    },

    async createLoginTransaction(transaction: LoginTransaction) {
      await changed('INSERT INTO login_transactions (id, secret_hash, body, expires_at) VALUES ($1, $2, $3, $4)',
        [transaction.id, transaction.secretHash, JSON.stringify(transaction), transaction.expiresAt]);
    },
    async findLoginTransaction(id) {
      return (await first<{ body: LoginTransaction }>('SELECT body FROM login_transactions WHERE id = $1', [id]))?.body;
    },
    async deleteLoginTransaction(id) { await changed('DELETE FROM login_transactions WHERE id = $1', [id]); },

    async insertAuthorizationCode(code) {
      await changed('INSERT INTO authorization_codes (hash, body, expires_at) VALUES ($1, $2, $3)', [code.hash, JSON.stringify(code), code.expiresAt]);
    },
    async useAuthorizationCode(hash, at) {
      return transaction(async (client) => {
        // FOR UPDATE: a concurrent use waits for this one, then reads the code as this one left it (as SQLite's one writer would).
        const row = await first<{ body: AuthorizationCode; used_at: number | null; refresh_family: string | null }>(
          'SELECT body, used_at, refresh_family FROM authorization_codes WHERE hash = $1 FOR UPDATE', [hash], client);
        if (!row) return undefined;
        const code: AuthorizationCode = { ...row.body, usedAt: row.used_at, refreshFamily: row.refresh_family };
        // The conditional write makes a code single-use under concurrency: one winner.
        const spent = await changed('UPDATE authorization_codes SET used_at = $2 WHERE hash = $1 AND used_at IS NULL AND expires_at > $2', [hash, at], client) === 1;
        return { code, spent };
      });
    },
    async setCodeRefreshFamily(hash, family) { await changed('UPDATE authorization_codes SET refresh_family = $1 WHERE hash = $2', [family, hash]); },

    async insertRefreshToken(token) {
      await insertRefresh(pool, {
        hash: token.hash, family: token.family, user_id: token.userId, client_id: token.clientId, session_id: token.sessionId, scope: token.scope,
        audience: token.audience, created_at: token.createdAt, expires_at: token.expiresAt, used_at: token.usedAt, revoked_at: token.revokedAt,
      });
    },
    async rotateRefreshToken(hash, nextHash, at): Promise<RefreshUse> {
      return transaction(async (client) => {
        const row = await first<RefreshRow>('SELECT * FROM refresh_tokens WHERE hash = $1 FOR UPDATE', [hash], client);
        if (!row) return { outcome: 'unknown' };
        const token = toRefresh(row);
        if (token.usedAt !== null || token.revokedAt !== null) {
          await revokeFamily(client, token.family, at);
          return { outcome: 'reused', token };
        }
        if (await changed(`UPDATE refresh_tokens SET used_at = $2 WHERE hash = $1
            AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2`, [hash, at], client) !== 1) {
          return { outcome: 'unknown' }; // expired
        }
        await insertRefresh(client, { ...row, hash: nextHash, created_at: at });
        return { outcome: 'rotated', token };
      });
    },
    async revokeRefreshFamilyOf(hash, clientId, at) {
      // A token's family and client never change: reading them first needs no transaction.
      const row = await first<{ family: string; client_id: string }>('SELECT family, client_id FROM refresh_tokens WHERE hash = $1', [hash]);
      if (row?.client_id !== clientId) return false;
      await revokeFamily(pool, row.family, at);
      return true;
    },
    async revokeRefreshFamily(family, at) { await revokeFamily(pool, family, at); },

    async queueMail(mail, at) { await queue(pool, mail, at); },
    async claimDueMail(now, limit, leaseMs) {
      // SKIP LOCKED: a sender passes over the rows another sender is claiming right now instead of waiting for them.
      const rows = await query<MailRow>(`UPDATE mail SET next_attempt_at = $1 WHERE id IN
        (SELECT id FROM mail WHERE status = 'pending' AND next_attempt_at <= $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING *`,
      [now + leaseMs, now, limit], relaxed);
      return rows.map(toMail).sort((a, b) => a.id - b.id);
    },
    async markMailSent(ids, at, keepBody) {
      // The old row version keeps the body until VACUUM reclaims it (PostgreSQL has no secure_delete).
      await changed(`UPDATE mail SET status = 'sent', sent_at = $2, attempts = attempts + 1,
        text = CASE WHEN $3::boolean THEN text ELSE '' END, html = CASE WHEN $3::boolean THEN html ELSE '' END WHERE id = ANY($1::bigint[])`, [ids, at, keepBody], relaxed);
    },
    async markMailFailed(id, nextAttemptAt) {
      await changed('UPDATE mail SET attempts = attempts + 1, next_attempt_at = $1 WHERE id = $2', [nextAttemptAt, id], relaxed);
    },
    async sentMail() { return (await query<MailRow>("SELECT * FROM mail WHERE status = 'sent' AND NOT decoy ORDER BY id")).map(toMail); },

    getSetting,
    async setSetting(key, value) {
      await changed('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
    async setSettingIfAbsent(key, value) {
      // A concurrent insert of the same key makes this one wait for its commit, so the read below sees the winner's value.
      await changed('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
      return (await getSetting(key))!;
    },

    async countHit(key, windowMs, at) {
      const row = (await first<{ count: number; reset_at: number }>(`INSERT INTO rate_limits (key, count, reset_at)
        VALUES ($1, 1, $2::bigint + $3::bigint)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limits.reset_at <= $2 THEN 1 ELSE rate_limits.count + 1 END,
          reset_at = CASE WHEN rate_limits.reset_at <= $2 THEN $2::bigint + $3::bigint ELSE rate_limits.reset_at END
        RETURNING count, reset_at`, [key, at, windowMs], relaxed))!;
      // Every thousandth new window this instance opens sweeps the ended ones, so the table holds about the live ones.
      if (row.count === 1 && ++windowsOpened % 1000 === 0) await changed('DELETE FROM rate_limits WHERE reset_at <= $1', [at], relaxed);
      return { count: row.count, resetAt: row.reset_at };
    },

    /**
     * Ends both pools: resolves once every connection has closed. The interface allows a promise here
     * (close(): void | Promise<void>) because a pool cannot end synchronously, and a caller that drops
     * a database right after (the tests) or exits (main.ts) must know its connections are gone.
     */
    close() {
      closed ??= Promise.all([pool.end(), relaxed.end()]).then(() => {});
      return closed;
    },
  };
}
