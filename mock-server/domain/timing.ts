/** Equal work whether or not an account exists, so response times reveal nothing. */
import type { PasswordHasher } from './ports.js';

const dummies = new WeakMap<PasswordHasher, Promise<string>>();

/** A hash (made once per hasher) to verify against when there is no account to verify against. */
export function dummyHash(hasher: PasswordHasher): Promise<string> {
  let hash = dummies.get(hasher);
  if (!hash) dummies.set(hasher, (hash = hasher.hash('login-box timing equaliser')));
  return hash;
}
