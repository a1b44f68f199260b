/**
 * `npm run bench`: figures for the reference server, measured over loopback against the real CLI
 * (rate limits raised so they do not interfere), side by side in one run: one instance on a fresh
 * SQLite file, one on PostgreSQL, and two instances on one PostgreSQL database (requests spread
 * over both). PostgreSQL is the tests' throw-away server (Debian's postgresql), durable here. Bounded in count and time.
 *
 * - change_password throughput, and latency for existing vs unknown emails: the two must not be
 *   told apart by timing (mail is queued, not sent, on the request path);
 * - password sign-in latency (one Argon2id verification each);
 * - Argon2id hash time in-process with the server's parameters (band: 50–1000 ms).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ARGON2_PARAMS, argon2Hasher } from '../mock-server/node/argon2-hasher.js';
import { postgresDatabase } from '../test/mock-server/postgres-harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REQUESTS = 600;
const CONCURRENCY = 8;
/** Per configuration. */
const BUDGET_MS = 60_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function startServer(dir: string, db: string) {
  const tenant = JSON.parse(readFileSync(join(ROOT, 'mock-server/tenants/demo.json'), 'utf8'));
  const unlimited = { points: 1_000_000, windowSeconds: 1 };
  tenant.rateLimits = {
    changePasswordPerEmail: unlimited, changePasswordPerAddress: unlimited, resetMailsPerUser: unlimited,
    passwordLogin: unlimited, resetPage: unlimited, dashboardSession: unlimited,
  };
  const config = join(dir, 'tenant.json');
  writeFileSync(config, JSON.stringify(tenant));
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts', '--port', '0', '--db', db, '--config', config], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const url = /listening on (\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`server did not start: ${line}`);
  return { url, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

/** Runs `count` calls of `task` with `CONCURRENCY` in flight; returns each call's latency and the wall time. */
async function load(count: number, task: (i: number) => Promise<void>, deadline: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count && Date.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      latencies[i] = performance.now() - t0;
    }
  }));
  return { latencies: latencies.filter((v) => v !== undefined), seconds: (performance.now() - started) / 1000 };
}

/** The figures of one configuration: `urls` are its instances (requests go round them). */
async function measure(label: string, urls: string[]) {
  const deadline = Date.now() + BUDGET_MS;
  const post = async (i: number, path: string, body: unknown, expected: number) => {
    const response = await fetch(urls[i % urls.length]! + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    if (response.status !== expected) throw new Error(`${path}: ${response.status}`);
  };
  const reset = (email: string) => ({ client_id: 'demo-spa', email, connection: 'Username-Password-Authentication' });

  // Warm-up: JIT, prepared statements, pools, the signing key.
  await load(40, (i) => post(i, '/dbconnections/change_password', reset(i % 4 < 2 ? 'ada@example.com' : `warm${i}@example.com`), 200), deadline);

  // Existing and unknown emails in turns of two, so each kind reaches every instance.
  const existing = (i: number) => i % 4 < 2;
  const resets = await load(REQUESTS, (i) => post(i, '/dbconnections/change_password', reset(existing(i) ? 'ada@example.com' : `nobody${i}@example.com`), 200), deadline);
  const known = resets.latencies.filter((_, i) => existing(i));
  const unknown = resets.latencies.filter((_, i) => !existing(i));
  console.log(`bench: [${label}] change_password ${resets.latencies.length} requests, ${CONCURRENCY} in flight: ${(resets.latencies.length / resets.seconds).toFixed(0)} req/s`);
  console.log(`bench: [${label}]   existing email p50 ${ms(percentile(known, 50))} p99 ${ms(percentile(known, 99))}`);
  console.log(`bench: [${label}]   unknown email  p50 ${ms(percentile(unknown, 50))} p99 ${ms(percentile(unknown, 99))}`);
  console.log(`bench: [${label}]   p50 difference ${ms(Math.abs(percentile(known, 50) - percentile(unknown, 50)))}`);

  const logins = await load(60, (i) => post(i, '/oauth/token', {
    grant_type: 'http://auth0.com/oauth/grant-type/password-realm', client_id: 'demo-spa',
    username: 'ada@example.com', password: 'Ada-Lovelace-1815', realm: 'Username-Password-Authentication',
  }, 200), deadline);
  console.log(`bench: [${label}] password sign-in ${logins.latencies.length} requests: ${(logins.latencies.length / logins.seconds).toFixed(1)} req/s, p50 ${ms(percentile(logins.latencies, 50))} p99 ${ms(percentile(logins.latencies, 99))}`);
}

// The tests' throw-away PostgreSQL, but durable (fsync on, synchronous commits), as SQLite is here.
process.env.PG_HARNESS_DURABLE = '1';
const dir = mkdtempSync(join(tmpdir(), 'login-box-bench-'));
try {
  const configurations: [string, string, number][] = [
    ['sqlite, 1 instance', join(dir, 'bench.sqlite'), 1],
    ['postgresql, 1 instance', await postgresDatabase(), 1],
    ['postgresql, 2 instances', await postgresDatabase(), 2],
  ];
  for (const [label, db, instances] of configurations) {
    const servers = [];
    for (let i = 0; i < instances; i++) servers.push(await startServer(dir, db));
    try {
      await measure(label, servers.map((server) => server.url));
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const hasher = argon2Hasher();
await hasher.hash('warm-up');
const hashTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  await hasher.hash(`bench-password-${i}`);
  hashTimes.push(performance.now() - t0);
}
const hashP50 = percentile(hashTimes, 50);
const { memoryCost, timeCost, parallelism } = ARGON2_PARAMS;
console.log(`bench: argon2id hash (m=${memoryCost / 1024} MiB, t=${timeCost}, p=${parallelism}) p50 ${ms(hashP50)} (band 50–1000 ms)`);
if (hashP50 < 50 || hashP50 > 1000) console.log('bench: argon2id hash time is outside the 50–1000 ms band: revisit the parameters for this hardware');
