/**
 * What the domain core needs from the outside world. Everything here is injected by the host
 * (Node in main.ts, the browser in msw/), so the core runs in both and tests can fix the clock.
 */
import type { TenantConfig } from '../config.js';
import type { Signer } from './tokens.js';

export interface User {
  id: string;
  email: string;
  connection: string;
  /** PHC string; absent for social and enterprise users. */
  passwordHash: string | null;
  name: string | null;
  emailVerified: boolean;
  createdAt: number;
  updatedAt: number;
  lastPasswordReset: number | null;
  /** An admin required a reset (forced reset): password sign-in is refused until the password changes. */
  passwordResetRequired: boolean;
  /** The user's language (a BCP 47 tag), when known: their mail speaks it unless the request asks for another we mail in. */
  locale?: string | null;
}

export interface UserFilter {
  /** Exact match on the lookup form of the address, across connections. */
  emailKey?: string;
  /** Substring of the email or the name, both compared with only ASCII letters folded (as emailKey does). */
  text?: string;
}

export interface TicketRecord {
  /** SHA-256 of the ticket, hex. The ticket itself is never stored. */
  hash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
  clientId: string | null;
  /** Management tickets may carry their own result URL. */
  resultUrl: string | null;
  markEmailVerified: boolean;
  includeEmailInRedirect: boolean;
  /**
   * SHA-256 (hex) of `${hash}:${code}` for the one-time code its mail carries (tenant `resetEmail.method` code or
   * both); null when the mail has none (link only, Management tickets, a ticket a code was exchanged for).
   */
  codeHash: string | null;
  /** Wrong codes tried against this ticket; at CODE_MAX_FAILURES (domain/reset-code.ts) the code is dead, the link not. */
  codeFailures: number;
}

/**
 * A session: opened by a password grant (its id travels in the access token as `sid`), or a login
 * session of Universal Login (SSO), which a browser holds as a cookie whose secret only this hash
 * names. Every session of a user ends when their password changes.
 */
export interface Session {
  id: string;
  userId: string;
  clientId: string;
  createdAt: number;
  endedAt: number | null;
  /** Login sessions only: SHA-256 (hex) of the cookie's secret; null for password-grant sessions. */
  secretHash: string | null;
  /** When the user last proved who they are (OIDC `auth_time`), ms. */
  authTime: number;
  /** Last time the session was used (the idle lifetime counts from here), ms. */
  lastUsedAt: number;
}

/**
 * What /authorize was asked, kept while the user is on the hosted login page. Bound to the browser
 * that started it by a cookie whose secret only this hash names.
 */
export interface LoginTransaction {
  /** Random, in the login page's URL (`state`). */
  id: string;
  secretHash: string;
  clientId: string;
  redirectUri: string;
  /** `web_message`: a page that posts the answer to the app's window (Auth0's SPA SDK's hidden iframe, Lock's SSO check). */
  responseMode: 'query' | 'form_post' | 'web_message';
  /** The app's own `state`, returned untouched. */
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  scope: string;
  audience: string | null;
  /** Seconds; the session's `auth_time` must be at most this old. */
  maxAge: number | null;
  loginHint: string | null;
  uiLocales: string | null;
  createdAt: number;
  expiresAt: number;
}

/** An authorization code, bound to everything it was issued for. */
export interface AuthorizationCode {
  /** SHA-256 (hex) of the code; the code itself is never stored. */
  hash: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  scope: string;
  audience: string | null;
  nonce: string | null;
  sessionId: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  /** The refresh-token family the first use started, so a replayed code can revoke it. */
  refreshFamily: string | null;
}

/** One refresh token of a rotation family: each use retires it and issues the next one of the family. */
export interface RefreshToken {
  /** SHA-256 (hex) of the token. */
  hash: string;
  family: string;
  userId: string;
  clientId: string;
  sessionId: string;
  scope: string;
  audience: string | null;
  createdAt: number;
  /** The family's absolute end, ms. */
  expiresAt: number;
  /** Retired by rotation (a later use of it is reuse: theft). */
  usedAt: number | null;
  revokedAt: number | null;
}

/** What a refresh token's use found: the record as it was, and whether this call rotated it. */
export type RefreshUse =
  | { outcome: 'rotated'; token: RefreshToken }
  /** Already used or revoked: the whole family has now been revoked. */
  | { outcome: 'reused'; token: RefreshToken }
  | { outcome: 'unknown' };

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A tenant log event the store keeps (Auth0's log event codes), for GET /api/v2/logs. */
export interface LogEvent {
  type: 'scpr' | 'fcpr';
  at: number;
  /** The user it was about, when one exists. */
  userId: string | null;
  /** The address as it was asked for. */
  userName: string;
  connection: string;
  clientId: string | null;
  ip: string | null;
  description: string | null;
}

export interface StoredLogEvent extends LogEvent {
  /** Increasing: a later event has a larger id. */
  id: number;
}

/** A new ticket and its mail, stored together. */
export interface TicketIssue {
  ticket: TicketRecord;
  mail: OutgoingMail;
}

/**
 * What a reset request that sends no mail (unknown address, mail limit reached) stores instead of a ticket and
 * its mail: a row under a fresh ticket hash, which opens nothing, and the rendered mail as a decoy mail, which the
 * sender claims and marks like any other but never sends. Like the dummy hash a sign-in for an unknown user
 * verifies, it makes both kinds of request cost the same writes, now and when the mail goes out. As a ticket
 * revokes its user's earlier ones, a decoy revokes the earlier decoys of its slot, so requests for one address
 * wait on each other as one user's do (PostgreSQL's row locks). Decoy rows are kept as long as log events, not up
 * to a count: kept to the newest thousand, their index stayed small and hot while the tickets' one grows, and
 * under load a decoy cost the server about 10 µs less than a ticket.
 */
export interface ResetDecoy {
  hash: string;
  /** What the ticket's user id would be: the user's id (past the mail limit), else the address's identifier. */
  slot: string;
  at: number;
  mail: OutgoingMail;
}

export interface Mail extends OutgoingMail {
  id: number;
  /** A reset decoy's mail (ResetDecoy): claimed and marked sent like any mail, never handed to a mailer, never listed as sent. */
  decoy: boolean;
  createdAt: number;
  status: 'pending' | 'sent';
  attempts: number;
  nextAttemptAt: number;
  sentAt: number | null;
}

export interface PasswordChange {
  userId: string;
  passwordHash: string;
  at: number;
  /** When set, the change happens only if this ticket is still usable, and consumes it. */
  ticketHash?: string;
  /** When set, `ticketHash` was claimed (claimTicket) at this time: the change happens only if that claim still stands. */
  ticketClaimedAt?: number;
  markEmailVerified?: boolean;
  /** How many old hashes to keep for the history rule (0 keeps none). */
  keepHistory: number;
  /** The user's brute-force identifier (domain/email.ts `loginIdentifier`): its counts are cleared with the change. */
  loginIdentifier: string;
  /** Queued in the same transaction when the change commits (the "your password was changed" mail). */
  mail?: OutgoingMail;
}

/**
 * One narrow storage interface. Methods that change several rows are single transactions, so the
 * rules (latest ticket only, single use, sessions end with the password) hold under crashes and
 * races; a PostgreSQL store only has to implement these methods.
 */
export interface Store {
  countUsers(): Promise<number>;
  insertUser(user: User): Promise<void>;
  /** Inserts unless the connection already has a user with this email (seeding, safe when instances start together). */
  insertUserIfAbsent(user: User): Promise<boolean>;
  findUserById(id: string): Promise<User | undefined>;
  /** `emailKey` is the lookup form of the address (see domain/email.ts). */
  findUserByEmail(connection: string, emailKey: string): Promise<User | undefined>;
  /** Users matching every given filter, ordered by email key then id; `total` counts all matches. */
  listUsers(filter: UserFilter, offset: number, limit: number): Promise<{ users: User[]; total: number }>;

  /** Revokes the user's other live tickets, stores this one and queues its mail: one transaction. */
  issueTicket(ticket: TicketRecord, mail: OutgoingMail | null): Promise<void>;
  findTicket(hash: string): Promise<TicketRecord | undefined>;
  /**
   * A reset request's one durable write, the same call whether or not the user exists (equal work: timing
   * tells nothing): the log event, and when a mail goes out its ticket and mail as issueTicket stores them,
   * else a decoy of them. Now and then, events older than LOG_RETENTION_MS (domain/log-events.ts) are dropped,
   * and so are the decoy rows as old and the decoy mail marked sent.
   */
  recordResetRequest(event: LogEvent, write: TicketIssue | ResetDecoy): Promise<void>;
  /** The newest log events first, at most `limit`, from `offset` (newest = 0). */
  logEvents(offset: number, limit: number): Promise<StoredLogEvent[]>;
  /**
   * Forced reset: marks the ticket's user as having to reset (cleared by changePassword), ends all their
   * sessions, revokes their refresh tokens, and issues the ticket with its mail as issueTicket does: one
   * transaction. False, changing nothing, when the user does not exist.
   */
  requirePasswordReset(ticket: TicketRecord, mail: OutgoingMail): Promise<boolean>;
  /**
   * Spend-first, for changes that also write somewhere we cannot roll back (a custom database): marks the
   * ticket used at `at` if it is usable then (one conditional write: one winner). Its claimer then commits
   * it (changePassword with `ticketClaimedAt`) or, when the outside write failed, releases it.
   */
  claimTicket(hash: string, userId: string, at: number): Promise<boolean>;
  /** Makes a ticket claimed at `claimedAt` usable again; one revoked meanwhile (a newer link, a password change) stays revoked. */
  releaseTicket(hash: string, claimedAt: number): Promise<void>;
  /** The user's newest ticket that is live at `at` (unused, unrevoked, unexpired) and carries a code (whatever its failures). */
  findCodeTicket(userId: string, at: number): Promise<TicketRecord | undefined>;
  /** One more wrong code against the ticket `hash` (one atomic increment; nothing for an unknown hash). */
  recordCodeFailure(hash: string): Promise<void>;
  /**
   * A right code: one transaction that spends `hash` (used at `at`) if it is still live then with fewer than
   * `maxFailures` wrong codes, and stores `nextHash` for the same user with the same expiry, client, result URL
   * and flags, created at `at`, without a code. One conditional write: of racing exchanges one wins; false for the rest.
   */
  exchangeCodeTicket(hash: string, nextHash: string, at: number, maxFailures: number): Promise<boolean>;

  /**
   * Sets the hash (lifting a forced reset), records history, consumes the ticket (if any), revokes the user's other tickets,
   * ends all their sessions (login sessions too) and revokes their refresh tokens, in one transaction. Returns false, changing nothing, when the
   * ticket was no longer usable at `at` (used, revoked or expired meanwhile).
   */
  changePassword(change: PasswordChange): Promise<boolean>;
  /** Newest first. */
  passwordHistory(userId: string, limit: number): Promise<string[]>;

  /**
   * Brute-force protection, per sign-in identifier (built by the domain, whether or not such a
   * user exists, so a block reveals nothing) and client address, as Auth0 counts it: a failed
   * sign-in adds one and returns the count; a successful one clears it; a password change clears
   * every address's count of the change's `loginIdentifier`.
   */
  recordLoginFailure(identifier: string, address: string, at: number): Promise<number>;
  loginFailures(identifier: string, address: string): Promise<number>;
  clearLoginFailures(identifier: string, address: string): Promise<void>;

  createSession(session: Session): Promise<void>;
  findSession(id: string): Promise<Session | undefined>;
  findSessionBySecret(secretHash: string): Promise<Session | undefined>;
  touchSession(id: string, at: number): Promise<void>;
  /** Ends the session and revokes the refresh tokens it issued: one transaction. */
  endSession(id: string, at: number): Promise<void>;

  createLoginTransaction(transaction: LoginTransaction): Promise<void>;
  findLoginTransaction(id: string): Promise<LoginTransaction | undefined>;
  deleteLoginTransaction(id: string): Promise<void>;

  insertAuthorizationCode(code: AuthorizationCode): Promise<void>;
  /**
   * Marks the code used at `at` if it is unused and unexpired (one conditional write: one winner).
   * Returns the code as it was before, and whether this call spent it; undefined for an unknown code.
   */
  useAuthorizationCode(hash: string, at: number): Promise<{ code: AuthorizationCode; spent: boolean } | undefined>;
  /** Records the refresh family the code's first use started. */
  setCodeRefreshFamily(hash: string, family: string): Promise<void>;

  insertRefreshToken(token: RefreshToken): Promise<void>;
  /**
   * One transaction: when `hash` is live at `at` (unused, unrevoked, unexpired) it is retired and
   * its successor `nextHash` stored (same family, user, client, session, scope, audience and end,
   * created at `at`); when it was already used or revoked, its whole family is revoked (reuse).
   */
  rotateRefreshToken(hash: string, nextHash: string, at: number): Promise<RefreshUse>;
  /** Revokes every token of the family when `hash` was issued to `clientId` (RFC 7009 §2.1); false otherwise. */
  revokeRefreshFamilyOf(hash: string, clientId: string, at: number): Promise<boolean>;
  revokeRefreshFamily(family: string, at: number): Promise<void>;

  queueMail(mail: OutgoingMail, at: number): Promise<void>;
  /**
   * Claims pending mail whose next attempt is due, oldest first: each claimed mail's next attempt
   * moves to `now + leaseMs`, atomically, so concurrent senders (other instances) never get the
   * same mail, and mail claimed by a sender that died is due again once its lease runs out.
   */
  claimDueMail(now: number, limit: number, leaseMs: number): Promise<Mail[]>;
  /** Marks the mails `ids` sent, in one write. `keepBody: false` scrubs their bodies (they hold live reset links) once a real mail server has them. */
  markMailSent(ids: readonly number[], at: number, keepBody: boolean): Promise<void>;
  markMailFailed(id: number, nextAttemptAt: number): Promise<void>;
  /** Sent mail, oldest first (the dev outbox); never a decoy. */
  sentMail(): Promise<Mail[]>;

  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Stores `value` unless the key is set; returns the stored value either way (the first writer wins). */
  setSettingIfAbsent(key: string, value: string): Promise<string>;

  /**
   * One fixed-window counter, shared by every instance on the store: counts a hit on `key` at `at`
   * and returns the window's count and end. A window that ended starts afresh.
   */
  countHit(key: string, windowMs: number, at: number): Promise<{ count: number; resetAt: number }>;

  /** Releases the database: at once for memory and SQLite; PostgreSQL's pool ends its connections, resolving when they are closed. */
  close(): void | Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(phc: string, password: string): Promise<boolean>;
}

/** Known data breaches (domain/breached-passwords.ts: Have I Been Pwned's range API). */
export interface BreachedPasswords {
  /** How many breaches the (normalised) password appears in, 0 for none; throws when the service cannot tell in time. */
  occurrences(password: string): Promise<number>;
}

/** Delivers one mail; throws on failure (the sender retries). */
export interface Mailer {
  /** Whether the store must keep the body after delivery (true only for the dev outbox, which is the inbox). */
  readonly keepsBody: boolean;
  send(mail: OutgoingMail): Promise<void>;
}

/** Structured events; never pass a password, ticket or token here. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** A profile as a custom database's getUser script returns it (Auth0's fields; more are ignored). */
export interface CustomDatabaseProfile {
  user_id: string;
  email: string;
  name?: string;
  email_verified?: boolean;
}

/** One connection's Auth0 custom database scripts, already bound to its `configuration` by the host. */
export interface CustomDatabaseScripts {
  /** The user, or null/undefined when the external store has no such email. */
  getUser(email: string): Promise<CustomDatabaseProfile | null | undefined>;
  /** Sets the password in the external store; resolves false when it has no such user. */
  changePassword(email: string, newPassword: string): Promise<boolean>;
}

/** The arguments of Auth0's Post Change Password hook: `(user, context)`. */
export interface PasswordChangedUser { id: string; email: string; last_password_reset: string }
export interface PasswordChangedContext { connection: { id: string; name: string; tenant: string } }
export type PostChangePasswordHook = (user: PasswordChangedUser, context: PasswordChangedContext) => unknown;

/** What is counted, each with its own limits in the tenant's `rateLimits`. */
export type RateLimitBucket =
  | 'changePasswordPerEmail' | 'changePasswordPerAddress' | 'resetMailsPerUser' | 'passwordLogin' | 'resetPage' | 'dashboardSession'
  | 'resetCodePerAddress' | 'resetCodePerEmail';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the window resets, ms since the epoch. */
  resetAt: number;
}

export interface RateLimiter {
  consume(bucket: RateLimitBucket, key: string): Promise<RateLimitResult>;
}

export interface Deps {
  config: TenantConfig;
  /** Public origin + path prefix used for every link we build (never the Host header). */
  baseUrl: string;
  store: Store;
  clock: Clock;
  /** Signs and verifies every token; built by the host with `createSigner`. */
  signer: Signer;
  hasher: PasswordHasher;
  logger: Logger;
  /** Dictionary lookup for the common-password rule; absent = rule off. */
  isCommonPassword?: (password: string) => boolean;
  /** The breach rule's look-up, built by the host from the tenant's `breachedPasswords` (breachedPasswordsOf); absent = rule off. */
  breachedPasswords?: BreachedPasswords;
  /** Called after each commit that queued mail, so delivery starts without waiting for a poll. */
  onMailQueued?: () => void;
  /** Enables the /dev routes (outbox). */
  dev: boolean;
  /** Called after every committed password change; loaded by the host from `hooks.postChangePassword`. */
  postChangePassword?: PostChangePasswordHook;
  /** Custom database scripts by connection name, loaded by the host from each connection's `customScripts`. */
  customDatabases?: Readonly<Record<string, CustomDatabaseScripts>>;
  /** Counts requests per client; absent = no limits (the browser host, most tests). */
  rateLimiter?: RateLimiter;
  /** The client's network address, from the connection (never from a header a client can set). */
  clientAddress?: (request: Request, env: unknown) => string;
}
