/**
 * The package as a user gets it: `npm pack` of the repository (its prepack builds first), and the
 * commands the suite runs in the projects that install the tarball.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const exec = promisify(execFile);

/** Runs `command` in `cwd` and returns its stdout; a failure throws with everything it printed. */
export async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await exec(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

/** `npm pack` into `dir`: the tarball's path. */
export async function packTarball(dir: string): Promise<string> {
  await run('npm', ['pack', '--pack-destination', dir], ROOT);
  const tarballs = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.length} tarballs in ${dir}`);
  return join(dir, tarballs[0]!);
}

/** The paths in the tarball, without npm's `package/` prefix. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  return (await run('tar', ['-tzf', tarball], ROOT)).split('\n').filter(Boolean).map((path) => path.replace(/^package\//, '')).sort();
}

/** Installs the tarball (and the dependencies it declares, at the exact versions it pins) into the project in `dir`, leaving its package.json and lockfile as they are. */
export const installTarball = (dir: string, tarball: string) =>
  run('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
