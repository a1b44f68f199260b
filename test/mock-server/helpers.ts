/** A fresh reference server per test: real app, real stores, a clock the test moves. */
import { readFileSync } from 'node:fs';
import { createApp } from '../../mock-server/app.js';
import { parseTenantConfig, type TenantConfig, type TenantConfigInput } from '../../mock-server/config.js';
import { breachedPasswordsOf } from '../../mock-server/domain/breached-passwords.js';
import { emailKey } from '../../mock-server/domain/email.js';
import type { Deps, Logger, Mailer, Store } from '../../mock-server/domain/ports.js';
import { createSigner, longestTokenLifetimeSeconds } from '../../mock-server/domain/tokens.js';
import { seedUsers } from '../../mock-server/domain/users.js';
import { devOutboxMailer } from '../../mock-server/mail/dev-outbox.js';
import { createMailSender } from '../../mock-server/mail/sender.js';
import { ARGON2_OWASP_MINIMUM, argon2Hasher } from '../../mock-server/node/argon2-hasher.js';
import { loadCommonPasswords } from '../../mock-server/node/common-passwords.js';
import { storeRateLimiter } from '../../mock-server/domain/rate-limiter.js';
import { createMemoryStore } from '../../mock-server/storage/memory.js';
import { openPostgresStore } from '../../mock-server/storage/postgres.js';
import { openSqliteStore } from '../../mock-server/storage/sqlite.js';
import { ADA, passwordRealmGrant, resetRequest, ticketFromMail } from '../fixtures.js';
import { postgresDatabase } from './postgres-harness.js';

export { ADA, ADMIN, codeFromMail, DB_CONNECTION, NEW_PASSWORD, passwordRealmGrant, resetRequest, ticketFromMail } from '../fixtures.js';
export const BASE = 'http://127.0.0.1:8787';
export const DEMO_TENANT_FILE = new URL('../../mock-server/tenants/demo.json', import.meta.url);

export const demoTenant = (): TenantConfigInput => JSON.parse(readFileSync(DEMO_TENANT_FILE, 'utf8'));

export type StoreKind = 'memory' | 'sqlite' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['memory', 'sqlite', 'postgres'];
/**
 * A store: in memory, SQLite in the file `db` (default a private in-memory database), or PostgreSQL in the database
 * whose URL is `db` (default a new database on the test process's own PostgreSQL server).
 */
export const openStore = async (kind: StoreKind, db?: string): Promise<Store> =>
  kind === 'memory' ? createMemoryStore(emailKey)
    : kind === 'sqlite' ? openSqliteStore(db ?? ':memory:', emailKey)
      : openPostgresStore(db ?? await postgresDatabase(), emailKey);

const isCommonPassword = loadCommonPasswords();

export interface LogRecord { level: string; event: string; fields: Record<string, unknown> }

export interface TestServerOptions {
  store?: StoreKind;
  /** Changes to the demo tenant before it is validated. */
  tenant?: (tenant: TenantConfigInput) => void;
  mailer?: Mailer;
  /** Extra ports (hook, custom database scripts), as the Node host injects them. */
  deps?: Partial<Deps>;
  /** The Node host's rate limiter with the tenant's limits. */
  rateLimited?: boolean;
  /** The public base URL (default BASE). */
  baseUrl?: string;
}

export async function testServer(options: TestServerOptions = {}) {
  const tenant = demoTenant();
  options.tenant?.(tenant);
  const config: TenantConfig = parseTenantConfig(tenant);
  let now = Date.parse('2026-11-28T12:00:00Z');
  const clock = { now: () => now };
  const logs: LogRecord[] = [];
  const logger: Logger = {
    info: (event, fields = {}) => logs.push({ level: 'info', event, fields }),
    warn: (event, fields = {}) => logs.push({ level: 'warn', event, fields }),
    error: (event, fields = {}) => logs.push({ level: 'error', event, fields }),
  };
  const store = await openStore(options.store ?? 'sqlite');
  const sender = createMailSender({ store, clock, logger }, options.mailer ?? devOutboxMailer);
  const baseUrl = options.baseUrl ?? BASE;
  const deps: Deps = {
    config, baseUrl, store, clock, logger, dev: true,
    signer: createSigner({ store, clock, baseUrl, keepRetiredSeconds: longestTokenLifetimeSeconds(config) }),
    hasher: argon2Hasher(ARGON2_OWASP_MINIMUM),
    isCommonPassword,
    breachedPasswords: breachedPasswordsOf(config),
    onMailQueued: () => void sender.deliver(),
    // Test-only address injection (the Node host reads the socket): rate limits and brute-force blocks are per address.
    clientAddress: (request: Request) => request.headers.get('x-test-client-ip') ?? '127.0.0.1',
    ...(options.rateLimited && { rateLimiter: storeRateLimiter(store, config.rateLimits, clock) }),
    ...options.deps,
  };
  await seedUsers(deps);
  const app = createApp(deps);

  let closing: Promise<void> | undefined;
  const request = (path: string, init: RequestInit = {}) => Promise.resolve(app.fetch(new Request(deps.baseUrl + path, init)));
  const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  return {
    app, deps, store, logs, request, json,
    /** The test's own clock: whatever checks an expiry in a test checks it against this, never the wall clock. */
    now: () => new Date(now),
    advance(ms: number) { now += ms; },
    /** Mail delivered so far (after letting the sender finish). */
    async outbox() {
      await sender.deliver();
      return store.sentMail();
    },
    requestReset(email = ADA.email, extra: Record<string, unknown> = {}) {
      return json('/dbconnections/change_password', { ...resetRequest(email), ...extra });
    },
    /** Requests a reset for `email` and returns the ticket from the link in the mail. */
    async ticketFor(email = ADA.email) {
      const before = (await this.outbox()).length;
      await this.requestReset(email);
      const mails = await this.outbox();
      if (mails.length !== before + 1) throw new Error(`expected one new mail, got ${mails.length - before}`);
      return ticketFromMail(mails.at(-1)!.text);
    },
    reset(ticket: string, newPassword: string, headers: Record<string, string> = {}) {
      return json('/lo/reset', { ticket, newPassword }, headers);
    },
    login(username: string, password: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      return json('/oauth/token', { ...passwordRealmGrant(username, password), scope: 'openid profile email', ...extra }, headers);
    },
    /** Signs in and returns the access token. */
    async accessToken(username: string, password: string): Promise<string> {
      const response = await this.login(username, password);
      if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    userinfo(accessToken: string) {
      return request('/userinfo', { headers: { authorization: `Bearer ${accessToken}` } });
    },
    /** Lets the sender finish its pass (its writes wait for their commit), then closes the store; once, however often called. */
    close() {
      closing ??= sender.deliver().then(() => store.close());
      return closing;
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof testServer>>;

/** Status, headers (minus Date) and body bytes: what must not differ between users. */
export async function normalized(response: Response) {
  const headers = [...response.headers].filter(([name]) => name !== 'date').sort();
  return { status: response.status, headers, body: await response.text() };
}

/**
 * Replaces each of the store's methods by one that records its name (and a counter's bucket) before calling it:
 * what equal-work tests compare between a known and an unknown email.
 */
export function recordCalls(store: Store): string[] {
  const calls: string[] = [];
  const methods = store as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, method] of Object.entries(methods)) {
    if (typeof method !== 'function') continue;
    methods[name] = (...args: unknown[]) => {
      calls.push(name === 'countHit' ? `countHit ${String(args[0]).split('\n')[0]}` : name);
      return method.apply(store, args);
    };
  }
  return calls;
}
