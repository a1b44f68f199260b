/**
 * The default store: one SQLite file through better-sqlite3. WAL for concurrent readers, every
 * multi-row change in one transaction, and the writes of one event-loop turn committed together,
 * the WAL synced before any of them answers (group-commit.ts), so an acknowledged change survives a
 * power cut.
 */
import Database from 'better-sqlite3';
import { LOG_RETENTION_MS } from '../domain/log-events.js';
import { type AuthorizationCode, type LogEvent, type LoginTransaction, type OutgoingMail, type PasswordChange, type ResetDecoy, type Store, type TicketIssue, type TicketRecord } from '../domain/ports.js';
import { withGroupCommit } from './group-commit.js';
import { migrationsAbove } from './migrations.js';
import { toLogEvent, toMail, toRefresh, toSession, toTicket, toUser, type LogEventRow, type MailRow, type RefreshRow, type SessionRow, type TicketRow, type UserRow } from './rows.js';

const USER_FILTER = `(@emailKey IS NULL OR email_key = @emailKey)
  AND (@text IS NULL OR instr(email_key, @text) > 0 OR instr(lower(coalesce(name, '')), @text) > 0)`;
/** The methods that change nothing; every other one is a write and joins the turn's batch (group-commit.ts). */
const READS: ReadonlySet<keyof Store> = new Set([
  'countUsers', 'findUserById', 'findUserByEmail', 'listUsers', 'findTicket', 'findCodeTicket', 'passwordHistory', 'loginFailures',
  'findSession', 'findSessionBySecret', 'findLoginTransaction', 'sentMail', 'getSetting', 'logEvents',
]);
/** The mail sender's writes: committed before they answer, not synced (group-commit.ts `unsynced`). */
const MAIL_BOOKKEEPING: ReadonlySet<keyof Store> = new Set(['claimDueMail', 'markMailSent', 'markMailFailed']);
interface UserFilterParams { emailKey: string | null; text: string | null; offset: number; limit: number }
/** How long a statement waits for another process's lock on the file before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * While another process switches the same new file to WAL, SQLite may refuse the switch at once
 * (SQLITE_BUSY, without calling the busy handler): two instances started together saw it. Retried
 * for up to the busy timeout.
 */
function switchToWal(db: Database.Database) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const giveUpAt = Date.now() + BUSY_TIMEOUT_MS; ;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > giveUpAt) throw error;
      Atomics.wait(pause, 0, 0, 10); // start-up, nothing else to do: a short synchronous wait
    }
  }
}

/** Opens (creating if needed) the store at `file`; `':memory:'` gives a private in-memory database. */
export function openSqliteStore(file: string, emailKey: (email: string) => string): Store {
  const db = new Database(file);
  // First, so that even switching to WAL waits for another process opening the same file.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  switchToWal(db);
  db.pragma('synchronous = FULL'); // while it migrates; group-commit.ts then syncs the WAL itself
  db.pragma('foreign_keys = ON');
  // Scrubbed mail bodies hold live reset links: zero freed content instead of leaving it in free pages.
  db.pragma('secure_delete = ON');
  // IMMEDIATE takes the write lock before reading the version: a second process starting at the same moment waits, then finds nothing to do.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (const migration of migrationsAbove(version, 'sqlite')) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();

  const sql = {
    countUsers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
    insertUser: db.prepare(`INSERT INTO users (id, email, email_key, connection, password_hash, name, email_verified, created_at, updated_at, last_password_reset, password_reset_required, locale)
      VALUES (@id, @email, @emailKey, @connection, @passwordHash, @name, @emailVerified, @createdAt, @updatedAt, @lastPasswordReset, @passwordResetRequired, @locale)`),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare<[string, string], UserRow>('SELECT * FROM users WHERE connection = ? AND email_key = ?'),
    // instr, not LIKE: a search for "%" or "_" means those characters. SQLite's lower() folds ASCII only, as emailKey does.
    listUsers: db.prepare<[UserFilterParams], UserRow>(`SELECT * FROM users WHERE ${USER_FILTER} ORDER BY email_key, id LIMIT @limit OFFSET @offset`),
    countListed: db.prepare<[UserFilterParams], { n: number }>(`SELECT count(*) AS n FROM users WHERE ${USER_FILTER}`),
    // Used (or claimed) tickets too: a claim released after a newer link was issued must not make the old link live again.
    revokeTickets: db.prepare('UPDATE tickets SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
    insertTicket: db.prepare(`INSERT INTO tickets (hash, user_id, created_at, expires_at, used_at, revoked_at, client_id, result_url, mark_email_verified, include_email_in_redirect, code_hash, code_failures)
      VALUES (@hash, @userId, @createdAt, @expiresAt, @usedAt, @revokedAt, @clientId, @resultUrl, @markEmailVerified, @includeEmailInRedirect, @codeHash, @codeFailures)`),
    // tickets_unrevoked serves it: a user has about one unrevoked ticket.
    codeTicket: db.prepare<[string, number], TicketRow>(`SELECT * FROM tickets WHERE user_id = ? AND revoked_at IS NULL AND used_at IS NULL
      AND expires_at > ? AND code_hash IS NOT NULL ORDER BY created_at DESC, rowid DESC LIMIT 1`),
    codeFailure: db.prepare('UPDATE tickets SET code_failures = code_failures + 1 WHERE hash = ?'),
    // The conditional write gives racing right codes one winner, and a code killed meanwhile none.
    spendCodeTicket: db.prepare(`UPDATE tickets SET used_at = @at WHERE hash = @hash AND used_at IS NULL AND revoked_at IS NULL
      AND expires_at > @at AND code_hash IS NOT NULL AND code_failures < @maxFailures`),
    successorTicket: db.prepare(`INSERT INTO tickets (hash, user_id, created_at, expires_at, used_at, revoked_at, client_id, result_url, mark_email_verified, include_email_in_redirect, code_hash, code_failures)
      SELECT @nextHash, user_id, @at, expires_at, NULL, NULL, client_id, result_url, mark_email_verified, include_email_in_redirect, NULL, 0 FROM tickets WHERE hash = @hash`),
    ticket: db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE hash = ?'),
    // The conditional write is what makes a ticket single-use under concurrency: one winner.
    consumeTicket: db.prepare(`UPDATE tickets SET used_at = @at WHERE hash = @hash AND user_id = @userId
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > @at`),
    // A claim (spend-first, before a custom database's script) is the same conditional write; only its claimer commits or releases it.
    commitClaim: db.prepare('UPDATE tickets SET used_at = @at WHERE hash = @hash AND user_id = @userId AND used_at = @claimedAt'),
    releaseTicket: db.prepare('UPDATE tickets SET used_at = NULL WHERE hash = ? AND used_at = ?'),
    setPassword: db.prepare(`UPDATE users SET password_hash = @passwordHash, updated_at = @at, last_password_reset = @at, password_reset_required = 0,
      email_verified = CASE WHEN @markEmailVerified THEN 1 ELSE email_verified END WHERE id = @userId`),
    pushHistory: db.prepare('INSERT INTO password_history (user_id, password_hash, created_at) VALUES (?, ?, ?)'),
    trimHistory: db.prepare(`DELETE FROM password_history WHERE user_id = @userId AND rowid NOT IN
      (SELECT rowid FROM password_history WHERE user_id = @userId ORDER BY created_at DESC, rowid DESC LIMIT @keep)`),
    history: db.prepare<[string, number], { password_hash: string }>('SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    endSessions: db.prepare('UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL'),
    requireReset: db.prepare('UPDATE users SET password_reset_required = 1, updated_at = ? WHERE id = ?'),
    recordFailure: db.prepare<[string, string, number], { count: number }>(`INSERT INTO login_failures (identifier, address, count, last_at) VALUES (?, ?, 1, ?)
      ON CONFLICT (identifier, address) DO UPDATE SET count = count + 1, last_at = excluded.last_at RETURNING count`),
    failures: db.prepare<[string, string], { count: number }>('SELECT count FROM login_failures WHERE identifier = ? AND address = ?'),
    clearFailures: db.prepare('DELETE FROM login_failures WHERE identifier = ? AND address = ?'),
    clearIdentifierFailures: db.prepare('DELETE FROM login_failures WHERE identifier = ?'),
    insertSession: db.prepare(`INSERT INTO sessions (id, user_id, client_id, created_at, ended_at, secret_hash, auth_time, last_used_at)
      VALUES (@id, @userId, @clientId, @createdAt, @endedAt, @secretHash, @authTime, @lastUsedAt)`),
    session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
    sessionBySecret: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE secret_hash = ?'),
    touchSession: db.prepare('UPDATE sessions SET last_used_at = ? WHERE id = ?'),
    endSession: db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL'),
    insertTransaction: db.prepare('INSERT INTO login_transactions (id, secret_hash, body, expires_at) VALUES (?, ?, ?, ?)'),
    transaction: db.prepare<[string], { body: string }>('SELECT body FROM login_transactions WHERE id = ?'),
    deleteTransaction: db.prepare('DELETE FROM login_transactions WHERE id = ?'),
    insertCode: db.prepare('INSERT INTO authorization_codes (hash, body, expires_at) VALUES (?, ?, ?)'),
    code: db.prepare<[string], { body: string; used_at: number | null; refresh_family: string | null }>('SELECT body, used_at, refresh_family FROM authorization_codes WHERE hash = ?'),
    // The conditional write makes a code single-use under concurrency: one winner.
    spendCode: db.prepare('UPDATE authorization_codes SET used_at = @at WHERE hash = @hash AND used_at IS NULL AND expires_at > @at'),
    setCodeFamily: db.prepare('UPDATE authorization_codes SET refresh_family = ? WHERE hash = ?'),
    insertRefresh: db.prepare(`INSERT INTO refresh_tokens (hash, family, user_id, client_id, session_id, scope, audience, created_at, expires_at, used_at, revoked_at)
      VALUES (@hash, @family, @userId, @clientId, @sessionId, @scope, @audience, @createdAt, @expiresAt, @usedAt, @revokedAt)`),
    refresh: db.prepare<[string], RefreshRow>('SELECT * FROM refresh_tokens WHERE hash = ?'),
    retireRefresh: db.prepare('UPDATE refresh_tokens SET used_at = @at WHERE hash = @hash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > @at'),
    revokeFamily: db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL'),
    revokeUserRefresh: db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
    revokeSessionRefresh: db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL'),
    queueMail: db.prepare(`INSERT INTO mail (to_address, subject, text, html, created_at, status, next_attempt_at, decoy)
      VALUES (@to, @subject, @text, @html, @at, 'pending', @at, @decoy)`),
    // One statement under SQLite's write lock: no other connection can claim the same rows.
    claimMail: db.prepare<[number, number, number], MailRow>(`UPDATE mail SET next_attempt_at = ? WHERE id IN
      (SELECT id FROM mail WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?) RETURNING *`),
    mailSent: db.prepare("UPDATE mail SET status = 'sent', sent_at = @at, attempts = attempts + 1 WHERE id = @id"),
    scrubMail: db.prepare("UPDATE mail SET text = '', html = '' WHERE id = ?"),
    mailFailed: db.prepare('UPDATE mail SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?'),
    sentMail: db.prepare<[], MailRow>("SELECT * FROM mail WHERE status = 'sent' AND decoy = 0 ORDER BY id"),
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    setSettingIfAbsent: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    insertUserIfAbsent: db.prepare(`INSERT INTO users (id, email, email_key, connection, password_hash, name, email_verified, created_at, updated_at, last_password_reset, password_reset_required, locale)
      VALUES (@id, @email, @emailKey, @connection, @passwordHash, @name, @emailVerified, @createdAt, @updatedAt, @lastPasswordReset, @passwordResetRequired, @locale)
      ON CONFLICT (connection, email_key) DO NOTHING`),
    countHit: db.prepare<[{ key: string; at: number; windowMs: number }], { count: number; reset_at: number }>(`INSERT INTO rate_limits (key, count, reset_at)
      VALUES (@key, 1, @at + @windowMs)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN reset_at <= @at THEN 1 ELSE count + 1 END,
        reset_at = CASE WHEN reset_at <= @at THEN @at + @windowMs ELSE reset_at END
      RETURNING count, reset_at`),
    sweepHits: db.prepare('DELETE FROM rate_limits WHERE reset_at <= ?'),
    insertLogEvent: db.prepare(`INSERT INTO log_events (type, at, user_id, user_name, connection, client_id, ip, description)
      VALUES (@type, @at, @userId, @userName, @connection, @clientId, @ip, @description)`),
    logEvents: db.prepare<[number, number], LogEventRow>('SELECT * FROM log_events ORDER BY id DESC LIMIT ? OFFSET ?'),
    sweepLogEvents: db.prepare('DELETE FROM log_events WHERE at < ?'),
    revokeDecoys: db.prepare('UPDATE reset_decoys SET revoked_at = ? WHERE slot = ? AND revoked_at IS NULL'),
    insertDecoy: db.prepare('INSERT INTO reset_decoys (hash, slot, created_at) VALUES (?, ?, ?)'),
    // The rows before the first one made since the cutoff, walked in id order: a sweep reads about what it deletes.
    sweepDecoys: db.prepare(`DELETE FROM reset_decoys WHERE id < coalesce(
      (SELECT id FROM reset_decoys WHERE created_at >= ? ORDER BY id LIMIT 1), (SELECT max(id) + 1 FROM reset_decoys))`),
    sweepDecoyMail: db.prepare("DELETE FROM mail WHERE decoy = 1 AND status = 'sent'"),
  };

  const queue = (mail: OutgoingMail, at: number, decoy = false) => sql.queueMail.run({ ...mail, at, decoy: +decoy });
  let windowsOpened = 0;

  const issueTicket = db.transaction((ticket: TicketRecord, mail: OutgoingMail | null) => {
    sql.revokeTickets.run(ticket.createdAt, ticket.userId);
    sql.insertTicket.run({ ...ticket, markEmailVerified: +ticket.markEmailVerified, includeEmailInRedirect: +ticket.includeEmailInRedirect });
    if (mail) queue(mail, ticket.createdAt);
  });

  const exchangeCodeTicket = db.transaction((hash: string, nextHash: string, at: number, maxFailures: number): boolean => {
    if (sql.spendCodeTicket.run({ hash, at, maxFailures }).changes !== 1) return false;
    sql.successorTicket.run({ hash, nextHash, at });
    return true;
  });

  const requirePasswordReset = db.transaction((ticket: TicketRecord, mail: OutgoingMail): boolean => {
    if (sql.requireReset.run(ticket.createdAt, ticket.userId).changes !== 1) return false;
    sql.endSessions.run(ticket.createdAt, ticket.userId);
    sql.revokeUserRefresh.run(ticket.createdAt, ticket.userId);
    issueTicket(ticket, mail);
    return true;
  });

  let eventsLogged = 0;
  const recordResetRequest = db.transaction((event: LogEvent, write: TicketIssue | ResetDecoy) => {
    if ('ticket' in write) issueTicket(write.ticket, write.mail);
    else {
      sql.revokeDecoys.run(write.at, write.slot);
      sql.insertDecoy.run(write.hash, write.slot, write.at);
      queue(write.mail, write.at, true);
    }
    sql.insertLogEvent.run(event);
    // Every thousandth event drops the events and decoys past retention, so the tables hold about 30 days.
    if (++eventsLogged % 1000 === 0) {
      sql.sweepLogEvents.run(event.at - LOG_RETENTION_MS);
      sql.sweepDecoys.run(event.at - LOG_RETENTION_MS);
      sql.sweepDecoyMail.run();
    }
  });

  const changePassword = db.transaction((change: PasswordChange): boolean => {
    if (change.ticketHash !== undefined) {
      const ticket = { hash: change.ticketHash, userId: change.userId, at: change.at };
      const spent = change.ticketClaimedAt === undefined
        ? sql.consumeTicket.run(ticket) : sql.commitClaim.run({ ...ticket, claimedAt: change.ticketClaimedAt });
      if (spent.changes !== 1) return false;
    }
    sql.setPassword.run({ userId: change.userId, passwordHash: change.passwordHash, at: change.at, markEmailVerified: +!!change.markEmailVerified });
    if (change.keepHistory > 0) {
      sql.pushHistory.run(change.userId, change.passwordHash, change.at);
      sql.trimHistory.run({ userId: change.userId, keep: change.keepHistory });
    }
    sql.revokeTickets.run(change.at, change.userId);
    sql.endSessions.run(change.at, change.userId);
    sql.revokeUserRefresh.run(change.at, change.userId);
    sql.clearIdentifierFailures.run(change.loginIdentifier);
    if (change.mail) queue(change.mail, change.at);
    return true;
  });

  const endSession = db.transaction((id: string, at: number) => {
    sql.endSession.run(at, id);
    sql.revokeSessionRefresh.run(at, id);
  });

  const useCode = db.transaction((hash: string, at: number) => {
    const row = sql.code.get(hash);
    if (!row) return undefined;
    const code: AuthorizationCode = { ...(JSON.parse(row.body) as AuthorizationCode), usedAt: row.used_at, refreshFamily: row.refresh_family };
    return { code, spent: sql.spendCode.run({ hash, at }).changes === 1 };
  });

  const rotateRefresh = db.transaction((hash: string, nextHash: string, at: number) => {
    const row = sql.refresh.get(hash);
    if (!row) return { outcome: 'unknown' as const };
    const token = toRefresh(row);
    if (token.usedAt !== null || token.revokedAt !== null) {
      sql.revokeFamily.run(at, token.family);
      return { outcome: 'reused' as const, token };
    }
    if (sql.retireRefresh.run({ hash, at }).changes !== 1) return { outcome: 'unknown' as const }; // expired
    sql.insertRefresh.run({ ...token, hash: nextHash, createdAt: at });
    return { outcome: 'rotated' as const, token };
  });

  const markMailSent = db.transaction((ids: readonly number[], at: number, keepBody: boolean) => {
    for (const id of ids) {
      sql.mailSent.run({ id, at });
      if (!keepBody) sql.scrubMail.run(id);
    }
  });

  const store: Store = {
    async countUsers() { return sql.countUsers.get()!.n; },
    async insertUser(user) {
      sql.insertUser.run({ ...user, emailKey: emailKey(user.email), emailVerified: +user.emailVerified, passwordResetRequired: +user.passwordResetRequired, locale: user.locale ?? null });
    },
    async insertUserIfAbsent(user) {
      return sql.insertUserIfAbsent.run({ ...user, emailKey: emailKey(user.email), emailVerified: +user.emailVerified, passwordResetRequired: +user.passwordResetRequired, locale: user.locale ?? null }).changes === 1;
    },
    async findUserById(id) { const row = sql.userById.get(id); return row && toUser(row); },
    async findUserByEmail(connection, key) { const row = sql.userByEmail.get(connection, key); return row && toUser(row); },
    async listUsers(filter, offset, limit) {
      const params = { emailKey: filter.emailKey ?? null, text: filter.text ?? null, offset, limit };
      return { users: sql.listUsers.all(params).map(toUser), total: sql.countListed.get(params)!.n };
    },
    async issueTicket(ticket, mail) { issueTicket(ticket, mail); },
    async findTicket(hash) { const row = sql.ticket.get(hash); return row && toTicket(row); },
    async recordResetRequest(event, write) { recordResetRequest(event, write); },
    async logEvents(offset, limit) { return sql.logEvents.all(limit, offset).map(toLogEvent); },
    async requirePasswordReset(ticket, mail) { return requirePasswordReset(ticket, mail); },
    async claimTicket(hash, userId, at) { return sql.consumeTicket.run({ hash, userId, at }).changes === 1; },
    async releaseTicket(hash, claimedAt) { sql.releaseTicket.run(hash, claimedAt); },
    async findCodeTicket(userId, at) { const row = sql.codeTicket.get(userId, at); return row && toTicket(row); },
    async recordCodeFailure(hash) { sql.codeFailure.run(hash); },
    async exchangeCodeTicket(hash, nextHash, at, maxFailures) { return exchangeCodeTicket(hash, nextHash, at, maxFailures); },
    async changePassword(change) { return changePassword(change); },
    async passwordHistory(userId, limit) { return sql.history.all(userId, limit).map((row) => row.password_hash); },
    async recordLoginFailure(identifier, address, at) { return sql.recordFailure.get(identifier, address, at)!.count; },
    async loginFailures(identifier, address) { return sql.failures.get(identifier, address)?.count ?? 0; },
    async clearLoginFailures(identifier, address) { sql.clearFailures.run(identifier, address); },
    async createSession(session) { sql.insertSession.run(session); },
    async findSession(id) { const row = sql.session.get(id); return row && toSession(row); },
    async findSessionBySecret(secretHash) { const row = sql.sessionBySecret.get(secretHash); return row && toSession(row); },
    async touchSession(id, at) { sql.touchSession.run(at, id); },
    async endSession(id, at) { endSession(id, at); },
    async createLoginTransaction(transaction: LoginTransaction) {
      sql.insertTransaction.run(transaction.id, transaction.secretHash, JSON.stringify(transaction), transaction.expiresAt);
    },
    async findLoginTransaction(id) { const row = sql.transaction.get(id); return row && (JSON.parse(row.body) as LoginTransaction); },
    async deleteLoginTransaction(id) { sql.deleteTransaction.run(id); },
    async insertAuthorizationCode(code) { sql.insertCode.run(code.hash, JSON.stringify(code), code.expiresAt); },
    async useAuthorizationCode(hash, at) { return useCode(hash, at); },
    async setCodeRefreshFamily(hash, family) { sql.setCodeFamily.run(family, hash); },
    async insertRefreshToken(token) { sql.insertRefresh.run(token); },
    async rotateRefreshToken(hash, nextHash, at) { return rotateRefresh(hash, nextHash, at); },
    async revokeRefreshFamilyOf(hash, clientId, at) {
      const row = sql.refresh.get(hash);
      if (row?.client_id !== clientId) return false;
      sql.revokeFamily.run(at, row.family);
      return true;
    },
    async revokeRefreshFamily(family, at) { sql.revokeFamily.run(at, family); },
    async queueMail(mail, at) { queue(mail, at); },
    async claimDueMail(now, limit, leaseMs) {
      return sql.claimMail.all(now + leaseMs, now, limit).map(toMail).sort((a, b) => a.id - b.id);
    },
    async markMailSent(ids, at, keepBody) { markMailSent(ids, at, keepBody); },
    async markMailFailed(id, nextAttemptAt) { sql.mailFailed.run(nextAttemptAt, id); },
    async sentMail() { return sql.sentMail.all().map(toMail); },
    async getSetting(key) { return sql.getSetting.get(key)?.value; },
    async setSetting(key, value) { sql.setSetting.run(key, value); },
    async setSettingIfAbsent(key, value) {
      sql.setSettingIfAbsent.run(key, value);
      return sql.getSetting.get(key)!.value;
    },
    async countHit(key, windowMs, at) {
      const row = sql.countHit.get({ key, at, windowMs })!;
      // Every thousandth new window sweeps the ended ones, so the table holds about the live ones.
      if (row.count === 1 && ++windowsOpened % 1000 === 0) sql.sweepHits.run(at);
      return { count: row.count, resetAt: row.reset_at };
    },
    close() { if (db.open) db.close(); },
  };
  return withGroupCommit(db, store, { reads: READS, eager: new Set(['countHit']), unsynced: MAIL_BOOKKEEPING });
}
