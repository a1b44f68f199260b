/**
 * Applies a database connection's password policy to a candidate password for one user: the rules
 * shared with the browser (src/password-policy.ts) plus the history rule, which needs the stored
 * hashes and so only runs here.
 */
import { checkPassword, describePolicy, type PolicyCheck } from '../../src/password-policy.js';
import type { DatabaseConnection } from '../config.js';
import { DomainError, type PolicyErrorName } from './errors.js';
import type { Deps, User } from './ports.js';

const STRENGTH_CODES = new Set(['nonEmpty', 'lengthAtLeast', 'shouldContain', 'containsAtLeast', 'identicalChars', 'maxLength']);

/** NIST: normalise before checking and hashing, so "é" typed two ways is the same password. */
export const normalizePassword = (password: string): string => password.normalize('NFKC');

/** The pieces of a user's profile a password may not contain. */
const personalInfo = (user: Pick<User, 'email' | 'name'>): string[] =>
  [user.email.split('@')[0] ?? '', ...(user.name ?? '').split(/\s+/)].filter(Boolean);

const failure = (name: PolicyErrorName, message: string, check: PolicyCheck, description: string) =>
  new DomainError('password_policy', message, { name, check, description });

/** Throws a password_policy DomainError (Auth0's error names) unless `password` (already normalised) is acceptable. */
export async function enforcePolicy(deps: Deps, connection: DatabaseConnection, user: User, password: string): Promise<void> {
  const policy = connection.passwordPolicy;
  const check = checkPassword(policy, password, { isCommon: deps.isCommonPassword, personalInfo: personalInfo(user) });
  if (!check.verified) {
    const failed = (code: string) => check.rules.some((rule) => rule.code === code && !rule.verified);
    if (check.rules.some((rule) => STRENGTH_CODES.has(rule.code) && !rule.verified)) {
      throw failure('PasswordStrengthError', 'Password is too weak', check, describePolicy(policy));
    }
    if (failed('notCommon')) throw failure('PasswordDictionaryError', 'Password is too common', check, describePolicy(policy));
    throw failure('PasswordNoUserInfoError', 'Password contains user information', check, describePolicy(policy));
  }
  if (policy.history > 0) {
    const previous = [user.passwordHash, ...(await deps.store.passwordHistory(user.id, policy.history))].filter((h): h is string => !!h);
    for (const hash of new Set(previous)) {
      if (await deps.hasher.verify(hash, password)) {
        throw failure('PasswordHistoryError', 'Password has previously been used', check, describePolicy(policy));
      }
    }
  }
}
