/**
 * `npm run bench`: figures for the reference server, measured over loopback against the real CLI
 * (rate limits raised so they do not interfere) with autocannon, side by side in one run:
 * a bare Hono POST route (the baseline), one instance on a fresh SQLite file, one on PostgreSQL,
 * and two instances on one PostgreSQL database (connections spread over both). Both databases are
 * durable here: SQLite with synchronous=FULL, the tests' throw-away PostgreSQL with fsync on.
 * Bounded in count and time (about three minutes).
 *
 * - change_password for an existing and for an unknown email, each kind in its own run (not
 *   interleaved), at 1 and at 16 in flight: p50 and p99 of each and their ratio (goal: p50 within
 *   10 %, so timing cannot tell who has an account), and throughput as a share of the bare route
 *   (goal: at least 25 %), and the servers' CPU time per request (Linux /proc), the delivery of the
 *   mail a run queued included: the work each kind costs. Each figure is the median of ROUNDS runs,
 *   the two kinds taking turns to go first; every run ends once the mail it queued is delivered,
 *   so no run pays for the mail a run before it queued;
 * - password sign-in (one Argon2id verification each);
 * - Argon2id hash time in-process with the server's parameters (band: 50–1000 ms).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ARGON2_PARAMS, argon2Hasher } from '../mock-server/node/argon2-hasher.js';
import { mailQueue } from '../test/mock-server/mail-queue.js';
import { postgresDatabase } from '../test/mock-server/postgres-harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const IN_FLIGHT = 16;
const SECONDS = 2;
const ROUNDS = 5;
const WARM_UP_SECONDS = 2;
const DRAIN_LIMIT_MS = 120_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const median = (values: number[]) => percentile(values, 50);
const ms = (value: number) => `${value.toFixed(2)} ms`;
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** Starts `node --import tsx <args>` in the repository and waits for its "listening on URL" line. */
async function startProcess(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const url = /listening on (\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`${args[0]} did not start: ${line}`);
  return { url, pid: child.pid!, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

function startServer(dir: string, db: string) {
  const tenant = JSON.parse(readFileSync(join(ROOT, 'mock-server/tenants/demo.json'), 'utf8'));
  const unlimited = { points: 1_000_000_000, windowSeconds: 1 };
  tenant.rateLimits = {
    changePasswordPerEmail: unlimited, changePasswordPerAddress: unlimited, resetMailsPerUser: unlimited,
    passwordLogin: unlimited, resetPage: unlimited, dashboardSession: unlimited,
  };
  const config = join(dir, 'tenant.json');
  writeFileSync(config, JSON.stringify(tenant));
  return startProcess(['mock-server/main.ts', '--port', '0', '--db', db, '--config', config]);
}

interface Run { perSecond: number; p50: number; p99: number; requests: number }
interface KindRun extends Run { cpuPerRequest: number }

const CLOCK_TICKS = 100; // USER_HZ: what /proc counts CPU time in on Linux
/** CPU time (user + system, all threads) the processes `pids` have used so far, in µs; read from Linux's /proc. */
function cpuMicros(pids: number[]) {
  return pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) * (1e6 / CLOCK_TICKS);
  }, 0);
}

/** POSTs `body` to `path` on `urls` (connections spread over them) with `connections` in flight; every answer must be a 200. */
async function run(urls: string[], path: string, body: unknown, connections: number, limit: { seconds: number } | { amount: number }): Promise<Run> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      // Several URLs spread the connections over them (autocannon's lib/run.js); its types allow one.
      url: urls.map((url) => url + path) as unknown as string, method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body), connections, ...('seconds' in limit ? { duration: limit.seconds } : { amount: limit.amount }),
    }, (error, done) => (error ? reject(error) : resolve(done)));
    // autocannon's own histogram counts whole milliseconds; these are the exact response times.
    instance.on('response', (_client, status, _bytes, time) => { if (status === 200) latencies.push(time); });
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { requests: result.requests.total, perSecond: result.requests.total / result.duration, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const reset = (email: string) => ({ client_id: 'demo-spa', email, connection: 'Username-Password-Authentication' });
const EXISTING = reset('ada@example.com');
const UNKNOWN = reset('nobody@example.com');

/** The figures of one configuration: `urls` are its instances, all on the database `db`. */
async function measure(label: string, servers: { url: string; pid: number }[], db: string, bare: Run) {
  const urls = servers.map((server) => server.url);
  const pids = servers.map((server) => server.pid);
  const say = (text: string) => console.log(`bench: [${label}] ${text}`);
  const queue = await mailQueue(db);
  const backlog = { mails: 0, ms: 0 };
  /** Waits until the senders have delivered every queued mail; keeps the largest backlog a run left. */
  const drain = async () => {
    const t0 = performance.now();
    const queued = await queue.pending();
    for (let left = queued; left > 0; left = await queue.pending()) {
      if (performance.now() - t0 > DRAIN_LIMIT_MS) throw new Error(`${label}: ${left} mails still queued after ${DRAIN_LIMIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    backlog.mails = Math.max(backlog.mails, queued);
    backlog.ms = Math.max(backlog.ms, performance.now() - t0);
  };
  /**
   * One run, which ends once the mail it queued is delivered: the next run starts on an empty queue
   * (so did the first: a fresh server), and the CPU per request counts that delivery too.
   */
  const changePassword = async (body: unknown, connections: number): Promise<KindRun> => {
    const cpuBefore = cpuMicros(pids);
    const result = await run(urls, '/dbconnections/change_password', body, connections, { seconds: SECONDS });
    await drain();
    return { ...result, cpuPerRequest: (cpuMicros(pids) - cpuBefore) / result.requests };
  };
  try {
    // Warm-up: JIT, prepared statements, pools, both paths.
    await changePassword(EXISTING, IN_FLIGHT);
    await changePassword(UNKNOWN, IN_FLIGHT);

    for (const connections of [IN_FLIGHT, 1]) {
      const runs = { existing: [] as KindRun[], unknown: [] as KindRun[] };
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? (['existing', 'unknown'] as const) : (['unknown', 'existing'] as const);
        for (const kind of order) runs[kind].push(await changePassword(kind === 'existing' ? EXISTING : UNKNOWN, connections));
      }
      const [existing, unknown] = [runs.existing, runs.unknown].map((kind) => ({
        perSecond: median(kind.map((r) => r.perSecond)), p50: median(kind.map((r) => r.p50)), p99: median(kind.map((r) => r.p99)),
        cpuPerRequest: median(kind.map((r) => r.cpuPerRequest)),
      })) as [KindRun, KindRun];
      const gap = Math.abs(existing.p50 - unknown.p50) / Math.min(existing.p50, unknown.p50);
      say(`change_password, ${connections} in flight, one kind per run, medians of ${ROUNDS} runs each:`);
      say(`  existing email ${existing.perSecond.toFixed(0)} req/s, p50 ${ms(existing.p50)}, p99 ${ms(existing.p99)}, server CPU ${existing.cpuPerRequest.toFixed(0)} µs/request (p50 of each run: ${runs.existing.map((r) => r.p50.toFixed(2)).join(', ')})`);
      say(`  unknown email  ${unknown.perSecond.toFixed(0)} req/s, p50 ${ms(unknown.p50)}, p99 ${ms(unknown.p99)}, server CPU ${unknown.cpuPerRequest.toFixed(0)} µs/request (p50 of each run: ${runs.unknown.map((r) => r.p50.toFixed(2)).join(', ')})`);
      say(`  p50 existing/unknown ${(existing.p50 / unknown.p50).toFixed(3)}: ${gap <= 0.1 ? 'within' : 'OUTSIDE'} the 10 % goal`);
      if (connections === IN_FLIGHT) {
        const share = Math.min(existing.perSecond, unknown.perSecond) / bare.perSecond;
        say(`  throughput (the slower kind) ${percent(share)} of the bare Hono route: ${share >= 0.25 ? 'meets' : 'BELOW'} the 25 % goal`);
      }
    }
    say(`mail queue a run left behind: at most ${backlog.mails} mails, delivered within ${(backlog.ms / 1000).toFixed(1)} s`);
  } finally {
    await queue.close();
  }

  const signIn = await run(urls, '/oauth/token', {
    grant_type: 'http://auth0.com/oauth/grant-type/password-realm', client_id: 'demo-spa',
    username: 'ada@example.com', password: 'Ada-Lovelace-1815', realm: 'Username-Password-Authentication',
  }, 4, { amount: 60 });
  say(`password sign-in, 4 in flight: ${signIn.perSecond.toFixed(1)} req/s, p50 ${ms(signIn.p50)}, p99 ${ms(signIn.p99)}`);
}

process.env.PG_HARNESS_DURABLE = '1';
const dir = mkdtempSync(join(tmpdir(), 'login-box-bench-'));
try {
  const bareServer = await startProcess(['scripts/bench-bare-hono.ts']);
  let bare: Run;
  try {
    await run([bareServer.url], '/bare', EXISTING, IN_FLIGHT, { seconds: WARM_UP_SECONDS });
    bare = await run([bareServer.url], '/bare', EXISTING, IN_FLIGHT, { seconds: SECONDS });
  } finally {
    await bareServer.stop();
  }
  console.log(`bench: [bare Hono POST route] ${IN_FLIGHT} in flight: ${bare.perSecond.toFixed(0)} req/s, p50 ${ms(bare.p50)}`);

  const configurations: [string, string, number][] = [
    ['sqlite, 1 instance', join(dir, 'bench.sqlite'), 1],
    ['postgresql, 1 instance', await postgresDatabase(), 1],
    ['postgresql, 2 instances', await postgresDatabase(), 2],
  ];
  for (const [label, db, instances] of configurations) {
    const servers = [];
    for (let i = 0; i < instances; i++) servers.push(await startServer(dir, db));
    try {
      await measure(label, servers, db, bare);
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
