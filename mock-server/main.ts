/**
 * The Node entry: `npm start [-- --port N --host H --db FILE|URL --config FILE --dev|--no-dev --public-url URL --trust-proxy LIST]`.
 * Reads and validates the tenant file, opens (and on first start migrates and seeds) the store, an
 * SQLite file or a PostgreSQL database, then serves the app. Its first line on stdout is
 * `login-box server listening on http://HOST:PORT`.
 */
import { serve, type HttpBindings } from '@hono/node-server';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp, type App } from './app.js';
import { parseTenantConfig, TenantConfigError } from './config.js';
import { breachedPasswordsOf } from './domain/breached-passwords.js';
import { emailKey } from './domain/email.js';
import type { Deps, Mailer } from './domain/ports.js';
import { storeRateLimiter } from './domain/rate-limiter.js';
import { createSigner, longestTokenLifetimeSeconds, rotateSigningKey } from './domain/tokens.js';
import { seedUsers } from './domain/users.js';
import { devOutboxMailer } from './mail/dev-outbox.js';
import { createMailSender } from './mail/sender.js';
import { smtpMailer } from './mail/smtp.js';
import { argon2Hasher } from './node/argon2-hasher.js';
import { loadCommonPasswords } from './node/common-passwords.js';
import { loadExtensions } from './node/extensions.js';
import { jsonLogger } from './node/logger.js';
import { staticFileRoutes } from './node/static.js';
import { clientAddress, parseTrustedProxies, TrustProxyError } from './node/trusted-proxy.js';
import { isPostgresUrl, openPostgresStore } from './storage/postgres.js';
import { openSqliteStore } from './storage/sqlite.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_TENANT = resolve(ROOT, 'mock-server/tenants/demo.json');

const DEFAULT_DB = '.data/login-box.sqlite';

const USAGE = `usage: npm start -- [--port N] [--host H] [--db FILE|URL] [--config FILE] [--dev|--no-dev] [--public-url URL]
                    [--trust-proxy LIST]
       npm run rotate-keys -- [--db FILE|URL]
  --port N       port to listen on (default 8787; 0 = any free port)
  --host H       address to bind (default 127.0.0.1)
  --db FILE|URL  an SQLite file, or a PostgreSQL database as postgres://user:password@host:port/name for
                 several instances on one database (default $DATABASE_URL when set, else ${DEFAULT_DB});
                 the schema is created (an SQLite file too) and the demo users seeded on first start
  --config FILE  tenant JSON file (default: the demo tenant, mock-server/tenants/demo.json)
  --dev          serve the development routes (/dev/outbox, which lists live reset links) on any --host;
                 on by default only when --host is loopback (127.0.0.0/8, ::1, localhost) and there is no
                 --trust-proxy: otherwise --dev or --no-dev is required, so they are never published unasked
  --no-dev       disable the development routes
  --public-url U the URL users reach the server at (links, token issuer, cookies), e.g. behind a proxy or
                 a load balancer: every instance of one tenant gets the same (default http://HOST:PORT);
                 https also sends HSTS (Strict-Transport-Security)
  --trust-proxy LIST
                 the reverse proxies in front of us, as addresses and CIDR ranges, IPv4 or IPv6 (e.g.
                 10.0.0.0/8,::1): only a request from one of them has its client address (for rate limits
                 and brute-force blocks) read from X-Forwarded-For, from the right, skipping the listed
                 hops (default $TRUST_PROXY when set, else none: the socket's peer is the client)
  --rotate-keys  add a new token signing key to the database and exit; the previous key stays published
                 until the tokens it signed have expired, and running instances pick the new one up
environment: SMTP_URL=smtp://user:pass@host:port sends real mail instead of the dev outbox;
             DATABASE_URL=postgres://… is the default --db; TRUST_PROXY=LIST the default --trust-proxy`;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      config: { type: 'string', default: DEMO_TENANT },
      dev: { type: 'boolean', default: false },
      'no-dev': { type: 'boolean', default: false },
      'public-url': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'rotate-keys': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol) || /[?#]/.test(publicUrl))) {
    throw new UsageError(`--public-url must be an http(s) URL without query or fragment, got "${publicUrl}"`);
  }
  if (values.dev && values['no-dev']) throw new UsageError('--dev and --no-dev contradict each other');
  const trustProxyList = values['trust-proxy'] ?? process.env.TRUST_PROXY;
  const trustProxy = trustProxyList === undefined ? undefined : parseTrustedProxies(trustProxyList);
  // Off a loopback bind, or behind a proxy, /dev/outbox would be reachable from the network: that must be asked for.
  const published = !isLoopback(values.host) ? `--host ${values.host} is not a loopback address` : trustProxy !== undefined ? 'a proxy is in front (--trust-proxy)' : undefined;
  if (published && !values.dev && !values['no-dev'] && !values.help && !values['rotate-keys']) {
    throw new StartupError(`${published}, so the development routes (/dev/outbox, which lists live password reset links) would be `
      + 'reachable from the network: add --no-dev to run without them, or --dev to serve them anyway');
  }
  const fromEnvironment = values.db === undefined && !!process.env.DATABASE_URL;
  const db = database(fromEnvironment ? process.env.DATABASE_URL! : values.db ?? DEFAULT_DB, fromEnvironment ? 'DATABASE_URL' : '--db');
  return {
    port, host: values.host, db, config: values.config, dev: !values['no-dev'], help: values.help, rotateKeys: values['rotate-keys'],
    publicUrl: publicUrl?.replace(/\/+$/, ''), trustProxy,
  };
}

class UsageError extends Error {}

/** Whether binding `host` keeps the server on this machine: 127.0.0.0/8, ::1 (also IPv4-mapped) or localhost. */
const isLoopback = (host: string) => /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i.test(host);

/** A URL as it may be printed: without its password. */
const shown = (db: string) => db.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');

/** What --db names: a PostgreSQL URL, else an SQLite file path; any other URL is a mistake, not a file name. */
function database(value: string, from: string) {
  if (isPostgresUrl(value)) return { kind: 'postgres', url: value, shown: shown(value) } as const;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new UsageError(`${from} must be an SQLite file path or a postgres:// (postgresql://) URL, got "${shown(value)}"`);
  }
  return { kind: 'sqlite', file: value, shown: value } as const;
}

/** Opens the store --db names: for SQLite, its folder is created first. */
async function openStore(db: ReturnType<typeof database>) {
  if (db.kind === 'sqlite') {
    if (db.file !== ':memory:') mkdirSync(dirname(resolve(db.file)), { recursive: true });
    return openSqliteStore(db.file, emailKey);
  }
  try {
    return await openPostgresStore(db.url, emailKey);
  } catch (error) {
    throw new StartupError(`cannot open the PostgreSQL database ${db.shown}: ${(error as Error).message}`, { cause: error });
  }
}

/** A start-up failure whose message says it all (no stack, no usage). */
class StartupError extends Error {}

function readTenant(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TenantConfigError(`cannot read tenant config ${file}: ${(error as Error).message}`);
  }
  try {
    return parseTenantConfig(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError) throw new TenantConfigError(`tenant config ${file} is not valid JSON: ${error.message}`);
    throw error;
  }
}

const hostForUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

async function main() {
  const opts = options(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const config = readTenant(opts.config);
  const extensions = await loadExtensions(config, opts.config); // hook, custom database scripts
  const logger = jsonLogger();
  const store = await openStore(opts.db);
  if (opts.rotateKeys) {
    console.log(`new signing key ${await rotateSigningKey(store, Date.now())} in ${opts.db.shown}`);
    await store.close();
    return;
  }

  const smtpUrl = process.env.SMTP_URL;
  const mailer: Mailer & { close?(): void } = smtpUrl ? smtpMailer(smtpUrl, config.emailTemplates.resetEmail.from) : devOutboxMailer;
  const clock = { now: () => Date.now() };
  const sender = createMailSender({ store, clock, logger, leaseMs: config.mailDelivery.leaseSeconds * 1000 }, mailer);

  let app: App | undefined;
  const server = serve(
    {
      // The app needs the public base URL, which includes the port; with --port 0 that is known only once listening.
      fetch: (request, env) => app?.fetch(request, env) ?? new Response('starting', { status: 503 }),
      port: opts.port,
      hostname: opts.host,
    },
  );
  await new Promise<void>((resolveListening, reject) => {
    server.once('listening', resolveListening);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const listening = `http://${hostForUrl(opts.host)}:${port}`;
  const baseUrl = opts.publicUrl ?? listening;
  const deps: Deps = {
    config, baseUrl, store, clock, logger, dev: opts.dev,
    signer: createSigner({ store, clock, baseUrl, keepRetiredSeconds: longestTokenLifetimeSeconds(config) }),
    hasher: argon2Hasher(),
    isCommonPassword: loadCommonPasswords(),
    breachedPasswords: breachedPasswordsOf(config),
    onMailQueued: () => sender.deliverSoon(),
    rateLimiter: storeRateLimiter(store, config.rateLimits, clock),
    // The socket's peer, or with --trust-proxy and a request from a listed proxy, the client it forwarded.
    clientAddress: (request, env) => clientAddress((env as HttpBindings).incoming.socket.remoteAddress, request.headers.get('x-forwarded-for'), opts.trustProxy),
    ...extensions,
  };
  const seeded = await seedUsers(deps);
  const created = createApp(deps);
  created.hono.route('/', staticFileRoutes(ROOT)); // before the first request reaches it: Hono then freezes its routes
  app = created;
  sender.start(config.mailDelivery.pollSeconds * 1000);
  void sender.deliver(); // mail a crash left queued

  console.log(`login-box server listening on ${listening}`);
  if (opts.publicUrl) console.log(`public URL: ${baseUrl}`);
  if (seeded > 0) console.log(`seeded ${seeded} users from ${opts.config} into ${opts.db.shown}`);
  console.log(`demo: ${baseUrl}/demo/`);
  if (config.admins.length > 0) console.log(`dashboard: ${baseUrl}/dashboard`);
  if (opts.dev) console.log(`dev outbox: ${baseUrl}/dev/outbox.html`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    await new Promise<void>((done) => {
      server.close(() => done());
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    });
    await sender.stop();
    mailer.close?.();
    await store.close(); // PostgreSQL: the pool's connections end cleanly instead of being cut by the exit
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof TrustProxyError || error instanceof TenantConfigError || error instanceof StartupError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`login-box: ${(error as Error).message}`);
    if (!(error instanceof TenantConfigError || error instanceof StartupError)) console.error(USAGE);
  } else if ((error as { code?: string }).code === 'EADDRINUSE') {
    console.error(`login-box: ${(error as Error).message}: the port is already in use (try --port 0 for any free port)`);
  } else {
    console.error('login-box: failed to start:', error);
  }
  process.exit(1);
});
