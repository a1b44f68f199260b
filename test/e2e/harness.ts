/**
 * Shared by the end-to-end suites (`npm run test:e2e` runs test/e2e/*.test.ts with node:test):
 * the real server as a child process on a free port with a throw-away database, Debian's Chromium
 * through playwright-core, aXe, and `walk` for suites whose steps build on each other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LISTENING = /^login-box server listening on (http:\/\/\S+)$/;

/** A mail as the dev outbox lists it. */
export interface SentMail { to: string; subject: string; text: string }

export interface RunningServer {
  url: string;
  /** POSTs `body` as JSON to `path`. */
  post(path: string, body: unknown): Promise<Response>;
  /** GET /userinfo with `token`. */
  userinfo(token: string): Promise<Response>;
  /** The dev outbox: every mail sent so far, oldest first. */
  outbox(): Promise<SentMail[]>;
  /** Waits (up to 5 s) until the outbox holds `count` mails and returns it. */
  mail(count: number): Promise<SentMail[]>;
  /** Everything the server wrote to stderr (JSON log lines). */
  stderr(): string;
  stop(): Promise<void>;
}

/** `npm start` as a user runs it, on port 0 with a fresh SQLite file; extra CLI arguments appended. */
export async function startServer(args: string[] = []): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'login-box-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts', '--port', '0', '--db', join(dir, 'e2e.sqlite'), ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const firstLine = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then(() => resolve(''));
  });
  const match = LISTENING.exec(firstLine);
  if (!match) {
    child.kill('SIGKILL');
    throw new Error(`server did not start: ${JSON.stringify(firstLine)}\n${stderr}`);
  }
  const url = match[1]!;
  const outbox = async () => (await fetch(`${url}/dev/outbox`)).json() as Promise<SentMail[]>;
  return {
    url,
    post: (path, body) => fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    userinfo: (token) => fetch(`${url}/userinfo`, { headers: { authorization: `Bearer ${token}` } }),
    outbox,
    async mail(count) {
      for (let i = 0; i < 100; i++) {
        const sent = await outbox();
        if (sent.length >= count) return sent;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`mail ${count} never arrived`);
    },
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * aXe violations (WCAG 2.1 A/AA) on the page as it is now, as "rule: target" lines; `within` limits
 * the check to the elements a selector matches, `without` leaves rules out.
 */
export async function axeViolations(page: Page, { within = 'html', without = [] as string[] } = {}): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const rules = Object.fromEntries(without.map((rule) => [rule, { enabled: false }]));
  // A string, not a function: this file is type-checked for Node, without the DOM library.
  const violations = await page.evaluate(`axe.run(${JSON.stringify({ include: [within] })},
    { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, rules: ${JSON.stringify(rules)} })
    .then(({ violations }) => violations.flatMap((v) => v.nodes.map((node) => v.id + ': ' + JSON.stringify(node.target))))`);
  return violations as string[];
}

/**
 * Console errors and uncaught exceptions of a page (a CSP violation is a console error). Chromium's
 * "Failed to load resource" lines are left out: HTTP statuses are the steps' to assert (a refused
 * sign-in is a 401 on purpose, and there is no favicon).
 */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

export type Step = () => Promise<void>;

/** One suite whose steps run in order, each relying on the ones before (a person's walk through the product). */
export function walk(name: string, steps: [string, Step][], cleanup: () => Promise<void>): void {
  describe(name, () => {
    after(cleanup);
    for (const [title, step] of steps) test(title, step);
  });
}
