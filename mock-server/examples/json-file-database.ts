/**
 * An example custom database (config: a database connection's `"customScripts": {"module": …,
 * "configuration": {"file": "<path>"}}`): Auth0's getUser and changePassword scripts over a JSON
 * file of users with scrypt password hashes. `configuration.file` is resolved against the working
 * directory. Writes go to a temporary file that is then renamed, so a crash never leaves half a file.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CustomDatabaseProfile } from '../domain/ports.js';

interface StoredUser extends CustomDatabaseProfile {
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`. */
  password: string;
}

// OWASP's scrypt parameters (N=2^17, r=8, p=1); maxmem raised to fit them.
const PARAMS = { N: 131_072, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const KEY_LENGTH = 32;

const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((done, fail) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? fail(error) : done(key))));

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

const fileOf = (configuration: Record<string, string>) => {
  if (!configuration.file) throw new Error('configuration.file is required');
  return resolve(configuration.file);
};

async function readUsers(file: string): Promise<StoredUser[]> {
  return (JSON.parse(await readFile(file, 'utf8')) as { users: StoredUser[] }).users;
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export async function getUser(email: string, configuration: Record<string, string>): Promise<CustomDatabaseProfile | null> {
  const user = (await readUsers(fileOf(configuration))).find((candidate) => sameEmail(candidate.email, email));
  if (!user) return null;
  const { password: _password, ...profile } = user;
  return profile;
}

// One write at a time: read-modify-write of the whole file must not interleave.
let writes: Promise<unknown> = Promise.resolve();

export function changePassword(email: string, newPassword: string, configuration: Record<string, string>): Promise<boolean> {
  const change = writes.then(async () => {
    const file = fileOf(configuration);
    const users = await readUsers(file);
    const user = users.find((candidate) => sameEmail(candidate.email, email));
    if (!user) return false;
    user.password = await hashPassword(newPassword);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ users }, null, 2) + '\n');
    await rename(temporary, file);
    return true;
  });
  writes = change.catch(() => undefined);
  return change;
}
