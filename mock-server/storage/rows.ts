/**
 * What the SQL stores read back: one row shape per table and its mapper to the domain's record,
 * shared by sqlite.ts and postgres.ts. Times are ms since the epoch in both (INTEGER in SQLite,
 * BIGINT in PostgreSQL, parsed to a number); flags are 0/1 in SQLite and BOOLEAN in PostgreSQL.
 */
import type { LogEvent, Mail, RefreshToken, Session, StoredLogEvent, TicketRecord, User } from '../domain/ports.js';

type Flag = number | boolean;

export interface UserRow {
  id: string; email: string; connection: string; password_hash: string | null; name: string | null;
  email_verified: Flag; created_at: number; updated_at: number; last_password_reset: number | null; password_reset_required: Flag;
  locale: string | null;
}
export interface TicketRow {
  hash: string; user_id: string; created_at: number; expires_at: number; used_at: number | null; revoked_at: number | null;
  client_id: string | null; result_url: string | null; mark_email_verified: Flag; include_email_in_redirect: Flag;
  code_hash: string | null; code_failures: number;
}
export interface SessionRow {
  id: string; user_id: string; client_id: string; created_at: number; ended_at: number | null;
  secret_hash: string | null; auth_time: number; last_used_at: number;
}
export interface RefreshRow {
  hash: string; family: string; user_id: string; client_id: string; session_id: string; scope: string; audience: string | null;
  created_at: number; expires_at: number; used_at: number | null; revoked_at: number | null;
}
export interface MailRow {
  id: number; to_address: string; subject: string; text: string; html: string; created_at: number;
  status: 'pending' | 'sent'; attempts: number; next_attempt_at: number; sent_at: number | null; decoy: number | boolean;
}
export interface LogEventRow {
  id: number; type: LogEvent['type']; at: number; user_id: string | null; user_name: string; connection: string;
  client_id: string | null; ip: string | null; description: string | null;
}

export const toUser = (row: UserRow): User => ({
  id: row.id, email: row.email, connection: row.connection, passwordHash: row.password_hash, name: row.name,
  emailVerified: !!row.email_verified, createdAt: row.created_at, updatedAt: row.updated_at, lastPasswordReset: row.last_password_reset,
  passwordResetRequired: !!row.password_reset_required, locale: row.locale,
});
export const toTicket = (row: TicketRow): TicketRecord => ({
  hash: row.hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at,
  revokedAt: row.revoked_at, clientId: row.client_id, resultUrl: row.result_url,
  markEmailVerified: !!row.mark_email_verified, includeEmailInRedirect: !!row.include_email_in_redirect,
  codeHash: row.code_hash, codeFailures: row.code_failures,
});
export const toSession = (row: SessionRow): Session => ({
  id: row.id, userId: row.user_id, clientId: row.client_id, createdAt: row.created_at, endedAt: row.ended_at,
  secretHash: row.secret_hash, authTime: row.auth_time, lastUsedAt: row.last_used_at,
});
export const toRefresh = (row: RefreshRow): RefreshToken => ({
  hash: row.hash, family: row.family, userId: row.user_id, clientId: row.client_id, sessionId: row.session_id, scope: row.scope,
  audience: row.audience, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at,
});
export const toMail = (row: MailRow): Mail => ({
  id: row.id, to: row.to_address, subject: row.subject, text: row.text, html: row.html, createdAt: row.created_at,
  status: row.status, attempts: row.attempts, nextAttemptAt: row.next_attempt_at, sentAt: row.sent_at, decoy: !!row.decoy,
});
export const toLogEvent = (row: LogEventRow): StoredLogEvent => ({
  id: row.id, type: row.type, at: row.at, userId: row.user_id, userName: row.user_name, connection: row.connection,
  clientId: row.client_id, ip: row.ip, description: row.description,
});
