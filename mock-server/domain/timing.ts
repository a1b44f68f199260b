/** Equal work whether or not an account exists, so response times reveal nothing. */
import { MAX_PASSWORD_BYTES } from '../../src/password-policy.js';
import type { PasswordHasher } from './ports.js';

const dummies = new WeakMap<PasswordHasher, Promise<string>>();

/** A hash (made once per hasher) to verify against when there is no account to verify against. */
export function dummyHash(hasher: PasswordHasher): Promise<string> {
  let hash = dummies.get(hasher);
  if (!hash) {
    dummies.set(hasher, (hash = hasher.hash('login-box timing equaliser')));
    hash.catch(() => dummies.delete(hasher)); // refused (the hasher was busy): made on a later call instead
  }
  return hash;
}

const utf8 = new TextEncoder();

/**
 * Longer than any password the policy lets anyone set (normalised, as the policy measures it): a
 * sign-in with it is wrong for every account, so it is refused without hashing, known user or not.
 */
export const tooLongToMatch = (normalized: string): boolean =>
  utf8.encode(normalized).length > MAX_PASSWORD_BYTES;
