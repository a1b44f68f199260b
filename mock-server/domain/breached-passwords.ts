/**
 * The breach rule, through Have I Been Pwned's range API ("Pwned Passwords", k-anonymity): only the first 5 hex
 * characters of the password's SHA-1 leave the server. The service answers every hash suffix it knows under that
 * prefix as `SUFFIX:COUNT` lines, padded (`Add-Padding: true`) with made-up suffixes of count 0 so that the
 * answer's size tells an observer nothing either; the comparison with our suffix happens here.
 */
import type { BreachedPasswordsConfig, TenantConfig } from '../config.js';
import { describeFailure } from './deadline.js';
import { DomainError } from './errors.js';
import type { BreachedPasswords, Deps } from './ports.js';
import { digestHex } from './secrets.js';

const RANGE_LINE = /^([0-9A-F]{35}):(\d+)$/;

/** The range API at `endpoint`; a look-up that takes longer than `timeoutMs` (answer included) is aborted and throws. */
export function pwnedPasswordsRange({ endpoint, timeoutMs }: Pick<BreachedPasswordsConfig, 'endpoint' | 'timeoutMs'>): BreachedPasswords {
  return {
    async occurrences(password) {
      const hash = (await digestHex('SHA-1', password)).toUpperCase(); // the range API's case
      const response = await fetch(endpoint + hash.slice(0, 5), {
        headers: { 'Add-Padding': 'true' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error',
      });
      if (!response.ok) throw new Error(`the range API answered ${response.status}`);
      let count = 0;
      for (const line of (await response.text()).split('\n')) {
        if (line.trim() === '') continue;
        const match = RANGE_LINE.exec(line.trim().toUpperCase());
        if (!match) throw new Error('the range API answered a line that is not SUFFIX:COUNT');
        if (match[1] === hash.slice(5)) count = Number(match[2]);
      }
      return count;
    },
  };
}

/** The host's look-up for the tenant: undefined while the tenant has the rule off. */
export const breachedPasswordsOf = (config: TenantConfig): BreachedPasswords | undefined =>
  config.breachedPasswords.enabled ? pwnedPasswordsRange(config.breachedPasswords) : undefined;

/**
 * Whether `password` appears in at least `threshold` breaches; undefined when the rule is off, or when the look-up
 * failed and the tenant accepts passwords unchecked then. Refusing instead (`onFailure: refuse`) is a 503: the
 * password may be fine, so the user is asked to try again rather than told it was breached.
 */
export async function isBreached(deps: Deps, password: string): Promise<boolean | undefined> {
  if (!deps.breachedPasswords) return undefined;
  const { threshold, onFailure } = deps.config.breachedPasswords;
  try {
    return (await deps.breachedPasswords.occurrences(password)) >= threshold;
  } catch (error) {
    deps.logger.warn('breach_check_failed', { error: describeFailure(error), accepted: onFailure === 'accept' });
    if (onFailure === 'accept') return undefined;
    throw new DomainError('server_busy', 'The password could not be checked against known data breaches. Try again in a moment.');
  }
}
