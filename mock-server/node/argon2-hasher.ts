/**
 * Password hashing for the Node host: Argon2id, stored as PHC strings. The native binding runs on
 * libuv's thread pool, which also bounds how many hashes run at once (hash-DoS): at most 4 × 64 MiB;
 * how many may wait for a thread is bounded too (domain/bounded-hasher.ts): beyond it, 503.
 */
import { hash, verify } from '@node-rs/argon2';
import { boundedHasher, HASH_QUEUE_LIMIT } from '../domain/bounded-hasher.js';
import type { PasswordHasher } from '../domain/ports.js';

// @node-rs/argon2's Algorithm.Argon2id; a const enum, so it cannot be imported under isolatedModules.
const ARGON2ID = 2;

export interface Argon2Params { memoryCost: number; timeCost: number; parallelism: number }

/**
 * Above OWASP's floor (19 MiB, t=2, p=1), which hashes in ~6 ms on today's servers: 64 MiB and
 * t=4 take ~65 ms here (`npm run bench`), inside the 50–1000 ms band that makes guessing costly
 * while a sign-in still feels instant.
 */
export const ARGON2_PARAMS: Argon2Params = { memoryCost: 65_536, timeCost: 4, parallelism: 1 };

/** OWASP's minimum row: still real Argon2id, for test suites that hash hundreds of times. */
export const ARGON2_OWASP_MINIMUM: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** `queueLimit`: how many hashes and verifications may be in flight or waiting at once. */
export function argon2Hasher(params: Argon2Params = ARGON2_PARAMS, { queueLimit = HASH_QUEUE_LIMIT } = {}): PasswordHasher {
  return boundedHasher({
    hash: (password) => hash(password, { algorithm: ARGON2ID, ...params }),
    async verify(phc, password) {
      try {
        return await verify(phc, password);
      } catch {
        return false; // not an Argon2 PHC string: cannot match
      }
    },
  }, queueLimit);
}
