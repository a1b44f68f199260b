/**
 * The schema of both SQL stores, one list of versions: entry N is version N + 1 in SQLite's and
 * PostgreSQL's own dialect (same tables, same columns; BIGINT and BOOLEAN where PostgreSQL has them).
 * A store applies the versions above the one its database records, in one transaction, under its
 * engine's write lock: SQLite's `PRAGMA user_version` in an IMMEDIATE transaction (sqlite.ts),
 * PostgreSQL's `schema_version` table under `pg_advisory_xact_lock` (postgres.ts), so instances
 * starting together on an empty database apply each version exactly once.
 * Append only: a released version is never edited, a change is a new version in both dialects.
 */
export interface Migration {
  /** What the version adds, for the reader. */
  adds: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    adds: 'users, tickets, password history, sessions, the mail outbox, brute-force counts, settings',
    sqlite: `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  connection TEXT NOT NULL,
  password_hash TEXT,
  name TEXT,
  email_verified INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_password_reset INTEGER,
  UNIQUE (connection, email_key)
);
CREATE TABLE IF NOT EXISTS tickets (
  hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER,
  client_id TEXT,
  result_url TEXT,
  mark_email_verified INTEGER NOT NULL,
  include_email_in_redirect INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_live ON tickets (user_id) WHERE used_at IS NULL AND revoked_at IS NULL;
CREATE TABLE IF NOT EXISTS password_history (
  user_id TEXT NOT NULL REFERENCES users(id),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS password_history_user ON password_history (user_id, created_at);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  client_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id) WHERE ended_at IS NULL;
CREATE TABLE IF NOT EXISTS mail (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX IF NOT EXISTS mail_due ON mail (next_attempt_at) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS login_failures (
  identifier TEXT NOT NULL,
  address TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  PRIMARY KEY (identifier, address)
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
    postgres: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  connection TEXT NOT NULL,
  password_hash TEXT,
  name TEXT,
  email_verified BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_password_reset BIGINT,
  UNIQUE (connection, email_key)
);
CREATE TABLE tickets (
  hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT,
  client_id TEXT,
  result_url TEXT,
  mark_email_verified BOOLEAN NOT NULL,
  include_email_in_redirect BOOLEAN NOT NULL
);
CREATE INDEX tickets_live ON tickets (user_id) WHERE used_at IS NULL AND revoked_at IS NULL;
CREATE TABLE password_history (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, created_at);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  client_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE ended_at IS NULL;
CREATE TABLE mail (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX mail_due ON mail (next_attempt_at) WHERE status = 'pending';
CREATE TABLE login_failures (
  identifier TEXT NOT NULL,
  address TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (identifier, address)
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
  },
  {
    adds: 'login sessions (SSO), login transactions, authorization codes, refresh tokens',
    sqlite: `
ALTER TABLE sessions ADD COLUMN secret_hash TEXT;
ALTER TABLE sessions ADD COLUMN auth_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET auth_time = created_at, last_used_at = created_at;
CREATE UNIQUE INDEX sessions_secret ON sessions (secret_hash) WHERE secret_hash IS NOT NULL;
CREATE TABLE login_transactions (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE authorization_codes (
  hash TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  refresh_family TEXT
);
CREATE TABLE refresh_tokens (
  hash TEXT PRIMARY KEY,
  family TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  client_id TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  scope TEXT NOT NULL,
  audience TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id) WHERE revoked_at IS NULL;
`,
    postgres: `
ALTER TABLE sessions
  ADD COLUMN secret_hash TEXT,
  ADD COLUMN auth_time BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN last_used_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET auth_time = created_at, last_used_at = created_at;
CREATE UNIQUE INDEX sessions_secret ON sessions (secret_hash) WHERE secret_hash IS NOT NULL;
CREATE TABLE login_transactions (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  body JSONB NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE authorization_codes (
  hash TEXT PRIMARY KEY,
  body JSONB NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  refresh_family TEXT
);
CREATE TABLE refresh_tokens (
  hash TEXT PRIMARY KEY,
  family TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  client_id TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  scope TEXT NOT NULL,
  audience TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id) WHERE revoked_at IS NULL;
`,
  },
  {
    adds: 'rate-limit windows shared by every instance',
    sqlite: `
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  reset_at INTEGER NOT NULL
);
CREATE INDEX rate_limits_reset ON rate_limits (reset_at);
`,
    postgres: `
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  reset_at BIGINT NOT NULL
);
CREATE INDEX rate_limits_reset ON rate_limits (reset_at);
`,
  },
  {
    adds: 'forced resets: users whose password sign-in waits for a new password',
    sqlite: `
ALTER TABLE users ADD COLUMN password_reset_required INTEGER NOT NULL DEFAULT 0;
`,
    postgres: `
ALTER TABLE users ADD COLUMN password_reset_required BOOLEAN NOT NULL DEFAULT false;
`,
  },
  {
    adds: 'users\' locale: the language their mail goes out in when the request names none we mail in',
    sqlite: `
ALTER TABLE users ADD COLUMN locale TEXT;
`,
    postgres: `
ALTER TABLE users ADD COLUMN locale TEXT;
`,
  },
  {
    adds: 'tenant log events (reset requests: scpr, fcpr); indexes that revoking a user\'s tickets and claiming due mail can use',
    sqlite: `
CREATE TABLE log_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  user_id TEXT,
  user_name TEXT NOT NULL,
  connection TEXT NOT NULL,
  client_id TEXT,
  ip TEXT,
  description TEXT
);
CREATE INDEX log_events_at ON log_events (at);
-- Revoking covers used and claimed tickets too (user_id = ? AND revoked_at IS NULL), which tickets_live's condition does not
-- imply: without this index every reset request scanned the whole table.
DROP INDEX tickets_live;
CREATE INDEX tickets_unrevoked ON tickets (user_id) WHERE revoked_at IS NULL;
-- A sender claims the oldest due mail: walking pending mail by id stops at the first due ones, where the index on
-- next_attempt_at made every claim sort the whole backlog.
DROP INDEX mail_due;
CREATE INDEX mail_pending ON mail (id) WHERE status = 'pending';
`,
    postgres: `
CREATE TABLE log_events (
  id BIGSERIAL PRIMARY KEY,
  type TEXT NOT NULL,
  at BIGINT NOT NULL,
  user_id TEXT,
  user_name TEXT NOT NULL,
  connection TEXT NOT NULL,
  client_id TEXT,
  ip TEXT,
  description TEXT
);
CREATE INDEX log_events_at ON log_events (at);
-- Revoking covers used and claimed tickets too (user_id = ? AND revoked_at IS NULL), which tickets_live's condition does not
-- imply: without this index every reset request scanned the whole table.
DROP INDEX tickets_live;
CREATE INDEX tickets_unrevoked ON tickets (user_id) WHERE revoked_at IS NULL;
-- A sender claims the oldest due mail: walking pending mail by id stops at the first due ones, where the index on
-- next_attempt_at made every claim sort the whole backlog.
DROP INDEX mail_due;
CREATE INDEX mail_pending ON mail (id) WHERE status = 'pending';
`,
  },
  {
    adds: 'reset codes: the hash of the code a ticket\'s mail carries, and its wrong tries',
    sqlite: `
ALTER TABLE tickets ADD COLUMN code_hash TEXT;
ALTER TABLE tickets ADD COLUMN code_failures INTEGER NOT NULL DEFAULT 0;
`,
    postgres: `
ALTER TABLE tickets
  ADD COLUMN code_hash TEXT,
  ADD COLUMN code_failures INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    adds: 'reset decoys: what a reset request that sends no mail writes instead of a ticket and its mail (equal work)',
    sqlite: `
CREATE TABLE reset_decoys (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
ALTER TABLE mail ADD COLUMN decoy INTEGER NOT NULL DEFAULT 0;
CREATE INDEX mail_decoys ON mail (id) WHERE decoy = 1;
`,
    postgres: `
CREATE TABLE reset_decoys (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
ALTER TABLE mail ADD COLUMN decoy BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX mail_decoys ON mail (id) WHERE decoy;
`,
  },
  {
    adds: 'reset decoys revoke the earlier ones of their slot (the user or address they stand for), as tickets revoke their user\'s',
    sqlite: `
ALTER TABLE reset_decoys ADD COLUMN slot TEXT;
ALTER TABLE reset_decoys ADD COLUMN revoked_at INTEGER;
UPDATE reset_decoys SET revoked_at = created_at;
CREATE INDEX reset_decoys_unrevoked ON reset_decoys (slot) WHERE revoked_at IS NULL;
`,
    postgres: `
ALTER TABLE reset_decoys ADD COLUMN slot TEXT;
ALTER TABLE reset_decoys ADD COLUMN revoked_at BIGINT;
UPDATE reset_decoys SET revoked_at = created_at;
CREATE INDEX reset_decoys_unrevoked ON reset_decoys (slot) WHERE revoked_at IS NULL;
`,
  },
];

export type Dialect = 'sqlite' | 'postgres';

/**
 * The versions a database at `version` still needs, in order, each with its number. Throws for a
 * database a newer server has migrated: this one would not know its columns.
 */
export function migrationsAbove(version: number, dialect: Dialect): { version: number; sql: string }[] {
  if (version > MIGRATIONS.length) {
    throw new Error(`the database's schema is version ${version}, newer than this server's ${MIGRATIONS.length}: run a newer login-box`);
  }
  return MIGRATIONS.slice(version).map((migration, i) => ({ version: version + i + 1, sql: migration[dialect] }));
}
