/** The CLI (`npm start`) as a child process, for the tests that run it as a user or an operator would. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LISTENING = /^login-box server listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

/**
 * Servers still running when the test file ends: killed then. A test that fails halfway leaves its server up, and the
 * child's open pipes would keep this file's process (and CI) waiting for ever.
 */
const running = new Set<ChildProcess>();
after(() => { for (const child of running) child.kill('SIGKILL'); });

export interface Running { child: ChildProcess; url: string; exited: Promise<number | null> }

/** Starts the CLI with `args`; `env` adds to the environment. */
export function run(args: string[], env: Record<string, string> = {}): { child: ChildProcess; firstLine: Promise<string>; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    exited.then(() => resolve(''));
  });
  return { child, firstLine, exited, stderr: () => stderr };
}

export async function start(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const { child, firstLine, exited, stderr } = run(args, env);
  const line = await firstLine;
  const match = LISTENING.exec(line);
  assert.ok(match, `first line was ${JSON.stringify(line)}; stderr: ${stderr()}`);
  return { child, url: match[1]!, exited };
}

/** SIGTERM, and a clean exit. */
export async function stop(server: Running) {
  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0, 'exits cleanly on SIGTERM');
}
