/** The connection's password policy as the live checklist shows it, evaluated by the same code the server enforces. */
import type { ManagementConnection } from '../../src/api/contract.js';
import { evaluatePassword, fill, type PasswordOwner, type PasswordPolicy, type RuleResult } from '../../src/password-policy.js';

/** Auth0's connection options back to the policy shape src/password-policy.ts takes. */
export const policyOf = ({ options }: ManagementConnection): PasswordPolicy => ({
  level: options.passwordPolicy ?? 'none',
  ...(options.password_complexity_options && { minLength: options.password_complexity_options.min_length }),
  noPersonalInfo: options.password_no_personal_info?.enable ?? false,
});

/** The rules with their %d / %s filled in, nested items included. */
export interface DashboardRule { text: string; verified: boolean; items: DashboardRule[] }

const shown = (rule: RuleResult): DashboardRule => ({ text: fill(rule.message, rule.format), verified: rule.verified, items: (rule.items ?? []).map(shown) });

/** The rules for `password` as typed: normalised and checked against `user`'s profile by the server's own pipeline. */
export function liveRules(policy: PasswordPolicy, password: string, user: PasswordOwner) {
  const check = evaluatePassword(policy, password, user);
  return { verified: check.verified, rules: check.rules.map(shown) };
}
