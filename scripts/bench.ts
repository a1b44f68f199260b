/**
 * `npm run bench`: figures for the reference server, measured over loopback against the real CLI
 * (a fresh SQLite file, rate limits raised so they do not interfere). Bounded in count and time.
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

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REQUESTS = 600;
const CONCURRENCY = 8;
const DEADLINE = Date.now() + 60_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function startServer(dir: string) {
  const tenant = JSON.parse(readFileSync(join(ROOT, 'mock-server/tenants/demo.json'), 'utf8'));
  const unlimited = { points: 1_000_000, windowSeconds: 1 };
  tenant.rateLimits = {
    changePasswordPerEmail: unlimited, changePasswordPerAddress: unlimited, resetMailsPerUser: unlimited,
    passwordLogin: unlimited, resetPage: unlimited, dashboardSession: unlimited,
  };
  const config = join(dir, 'tenant.json');
  writeFileSync(config, JSON.stringify(tenant));
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts', '--port', '0', '--db', join(dir, 'bench.sqlite'), '--config', config], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const url = /listening on (\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`server did not start: ${line}`);
  return { url, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

/** Runs `count` calls of `task` with `CONCURRENCY` in flight; returns each call's latency and the wall time. */
async function load(count: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count && Date.now() < DEADLINE) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      latencies[i] = performance.now() - t0;
    }
  }));
  return { latencies: latencies.filter((v) => v !== undefined), seconds: (performance.now() - started) / 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'login-box-bench-'));
const server = await startServer(dir);
try {
  const post = async (path: string, body: unknown, expected: number) => {
    const response = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    if (response.status !== expected) throw new Error(`${path}: ${response.status}`);
  };

  // Warm-up: JIT, SQLite statements, the signing key.
  await load(40, (i) => post('/dbconnections/change_password', { client_id: 'demo-spa', email: i % 2 ? 'ada@example.com' : `warm${i}@example.com`, connection: 'Username-Password-Authentication' }, 200));

  const reset = await load(REQUESTS, (i) => post('/dbconnections/change_password', {
    client_id: 'demo-spa', email: i % 2 ? 'ada@example.com' : `nobody${i}@example.com`, connection: 'Username-Password-Authentication',
  }, 200));
  const known = reset.latencies.filter((_, i) => i % 2 === 1);
  const unknown = reset.latencies.filter((_, i) => i % 2 === 0);
  console.log(`bench: change_password ${reset.latencies.length} requests, ${CONCURRENCY} in flight: ${(reset.latencies.length / reset.seconds).toFixed(0)} req/s`);
  console.log(`bench:   existing email p50 ${ms(percentile(known, 50))} p95 ${ms(percentile(known, 95))}`);
  console.log(`bench:   unknown email  p50 ${ms(percentile(unknown, 50))} p95 ${ms(percentile(unknown, 95))}`);
  console.log(`bench:   p50 difference ${ms(Math.abs(percentile(known, 50) - percentile(unknown, 50)))}`);

  const logins = await load(60, () => post('/oauth/token', {
    grant_type: 'http://auth0.com/oauth/grant-type/password-realm', client_id: 'demo-spa',
    username: 'ada@example.com', password: 'Ada-Lovelace-1815', realm: 'Username-Password-Authentication',
  }, 200));
  console.log(`bench: password sign-in ${logins.latencies.length} requests: ${(logins.latencies.length / logins.seconds).toFixed(1)} req/s, p50 ${ms(percentile(logins.latencies, 50))} p95 ${ms(percentile(logins.latencies, 95))}`);
} finally {
  await server.stop();
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
