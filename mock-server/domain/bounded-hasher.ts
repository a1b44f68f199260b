/**
 * Hash-DoS bound for any PasswordHasher: at most `limit` hashes and verifications in flight or
 * waiting. One more is refused at once (server_busy: 503 with Retry-After in each API family's
 * envelope) instead of joining a queue that a flood of sign-ins could grow without end.
 */
import { DomainError } from './errors.js';
import type { PasswordHasher } from './ports.js';

/** With Argon2id at ~65 ms on libuv's 4 threads, 64 waiting is about a second of work: a sign-in still answers in time. */
export const HASH_QUEUE_LIMIT = 64;

export const BUSY = 'The server is busy. Try again in a moment.';

export function boundedHasher(hasher: PasswordHasher, limit = HASH_QUEUE_LIMIT): PasswordHasher {
  let pending = 0;
  async function bounded<T>(work: () => Promise<T>): Promise<T> {
    if (pending >= limit) throw new DomainError('server_busy', BUSY);
    pending += 1;
    try {
      return await work();
    } finally {
      pending -= 1;
    }
  }
  return {
    hash: (password) => bounded(() => hasher.hash(password)),
    verify: (phc, password) => bounded(() => hasher.verify(phc, password)),
  };
}
