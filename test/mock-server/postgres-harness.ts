/**
 * A throw-away PostgreSQL server for the tests: Debian's `postgresql` (`initdb` + `pg_ctl`) on a temp
 * folder and a free loopback port, one per test process, started on first use and stopped (folder
 * removed) when the process exits or is interrupted. PostgreSQL refuses to run as root, so as root
 * it runs as the `postgres` system user (`runuser`); as anyone else, as that user itself. Each caller
 * gets a database of its own (CREATE DATABASE copies template1: a few milliseconds).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const INSTALL_HINT = 'the PostgreSQL suites need Debian\'s postgresql (apt-get install postgresql), or PG_BINDIR pointing at initdb and pg_ctl';

/** Where initdb and pg_ctl are: PG_BINDIR, else `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin. */
function binDir(): string {
  const candidates = [process.env.PG_BINDIR];
  try { candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()); } catch { /* not installed */ }
  try {
    const versions = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch { /* not installed */ }
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error(`no initdb/pg_ctl found: ${INSTALL_HINT}`);
  return found;
}

/** Runs a PostgreSQL program, as the postgres user when we are root. */
function run(program: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function start(): Promise<{ port: number }> {
  const bin = binDir();
  const pgCtl = join(bin, 'pg_ctl');
  const dir = mkdtempSync(join(tmpdir(), 'login-box-pg-'));
  const stopAtExit = () => stop(dir, pgCtl);
  process.once('exit', stopAtExit);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => { stopAtExit(); process.kill(process.pid, signal); });
  }
  try {
    if (process.getuid?.() === 0) {
      const postgres = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, postgres, Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
    }
    const data = join(dir, 'data');
    // Locale C: byte order and ASCII-only case folding whatever the machine's locale (the store asks for "C" anyway).
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    // Durability is not under test here: no fsync, so a test's commit costs no disk flush; the benchmark
    // asks for a durable server (PG_HARNESS_DURABLE=1), so its figures include the flush SQLite's do.
    const fast = process.env.PG_HARNESS_DURABLE === '1' ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
    const settings = ['-c listen_addresses=127.0.0.1', `-k ${dir}`, ...fast, '-c max_connections=200'];
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        run(pgCtl, ['start', '-w', '-t', '30', '-D', data, '-l', join(dir, 'server.log'), '-o', [`-p ${port}`, ...settings].join(' ')]);
        return { port };
      } catch (error) {
        if (attempt === 3) throw new Error(`pg_ctl start failed: ${serverLog(dir)}`, { cause: error });
      }
    }
  } catch (error) {
    stopAtExit();
    throw error;
  }
}

const serverLog = (dir: string) => { try { return readFileSync(join(dir, 'server.log'), 'utf8'); } catch { return '(no log)'; } };

/** Synchronous, so it can run in an 'exit' handler. */
function stop(dir: string, pgCtl: string) {
  try { run(pgCtl, ['stop', '-D', join(dir, 'data'), '-m', 'immediate', '-w']); } catch { /* never started, or already gone */ }
  rmSync(dir, { recursive: true, force: true });
}

let server: Promise<{ port: number }> | undefined;
let databases = 0;
/** The next caller's database, created while the current caller's test runs. */
let spare: Promise<string> | undefined;

async function createDatabase(): Promise<string> {
  server ??= start();
  const { port } = await server;
  const name = `t${process.pid}_${++databases}`;
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://postgres@127.0.0.1:${port}/${name}`;
}

/** The URL of a new, empty database on this process's throw-away server (started on the first call). */
export function postgresDatabase(): Promise<string> {
  const ready = spare ?? createDatabase();
  spare = ready.then(createDatabase);
  spare.catch(() => {}); // a failure is reported to the caller that gets this one
  return ready;
}
