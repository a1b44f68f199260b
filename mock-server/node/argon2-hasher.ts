/**
 * Password hashing for the Node host: Argon2id with OWASP's first parameter row (19 MiB, t=2, p=1),
 * stored as PHC strings. The native binding runs on libuv's thread pool, which also bounds how many
 * hashes run at once (hash-DoS).
 */
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../domain/ports.js';

// @node-rs/argon2's Algorithm.Argon2id; a const enum, so it cannot be imported under isolatedModules.
const ARGON2ID = 2;
export const ARGON2_PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_PARAMS),
  async verify(phc, password) {
    try {
      return await verify(phc, password);
    } catch {
      return false; // not an Argon2 PHC string: cannot match
    }
  },
};
