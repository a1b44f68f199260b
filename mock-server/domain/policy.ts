/**
 * Applies a database connection's password policy to a candidate password for one user: the
 * pipeline shared with the browser (src/password-policy.ts's evaluatePassword), then the tenant's
 * breach rule and the history rule, which need an outside service or the stored hashes and so
 * only run here.
 */
import { describePolicy, evaluatePassword, NOT_BREACHED, type PolicyCheck } from '../../src/password-policy.js';
import type { DatabaseConnection } from '../config.js';
import { isBreached } from './breached-passwords.js';
import { DomainError, type PolicyErrorName } from './errors.js';
import type { Deps, User } from './ports.js';

const STRENGTH_CODES = new Set(['nonEmpty', 'lengthAtLeast', 'shouldContain', 'containsAtLeast', 'identicalChars', 'maxLength']);

/** Hashing and verifying normalise as the policy check does (sign-in, seeding, the dashboard's admins). */
export { normalizePassword } from '../../src/password-policy.js';

const failure = (name: PolicyErrorName, message: string, check: PolicyCheck, description: string) =>
  new DomainError('password_policy', message, { name, check, description });

/** Throws a password_policy DomainError (Auth0's error names) unless `password` (normalised for hashing by the caller; normalising again changes nothing) is acceptable. */
export async function enforcePolicy(deps: Deps, connection: DatabaseConnection, user: User, password: string): Promise<void> {
  const policy = connection.passwordPolicy;
  let check = evaluatePassword(policy, password, user, { isCommon: deps.isCommonPassword });
  if (!check.verified) {
    const failed = (code: string) => check.rules.some((rule) => rule.code === code && !rule.verified);
    if (check.rules.some((rule) => STRENGTH_CODES.has(rule.code) && !rule.verified)) {
      throw failure('PasswordStrengthError', 'Password is too weak', check, describePolicy(policy));
    }
    if (failed('notCommon')) throw failure('PasswordDictionaryError', 'Password is too common', check, describePolicy(policy));
    throw failure('PasswordNoUserInfoError', 'Password contains user information', check, describePolicy(policy));
  }
  // Asked only once the local rules pass, and listed as one more rule once it answered.
  const breached = await isBreached(deps, password);
  if (breached !== undefined) {
    check = { verified: !breached, rules: [...check.rules, { ...NOT_BREACHED, verified: !breached }] };
    if (breached) throw failure('PasswordBreachedError', 'Password has appeared in a data breach', check, describePolicy(policy));
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
