/** The connection's password policy as the live checklist shows it, evaluated by the same code the server enforces. */
import type { ManagementConnection } from '../../src/api/contract.js';
import { checkPassword, type PasswordPolicy, type RuleResult } from '../../src/password-policy.js';

/** Auth0's connection options back to the policy shape src/password-policy.ts takes. */
export const policyOf = ({ options }: ManagementConnection): PasswordPolicy => ({
  level: options.passwordPolicy ?? 'none',
  ...(options.password_complexity_options && { minLength: options.password_complexity_options.min_length }),
  noPersonalInfo: options.password_no_personal_info?.enable ?? false,
});

/** The rules with their %d / %s filled in, nested items included. */
export interface ShownRule { text: string; verified: boolean; items: ShownRule[] }

const fill = (rule: RuleResult): string => {
  const values = [...(rule.format ?? [])];
  return rule.message.replace(/%[ds]/g, () => String(values.shift() ?? ''));
};

const shown = (rule: RuleResult): ShownRule => ({ text: fill(rule), verified: rule.verified, items: (rule.items ?? []).map(shown) });

/** `personalInfo` mirrors the server's: the email's local part and the words of the name. */
export function liveRules(policy: PasswordPolicy, password: string, user: { email: string; name: string }) {
  const personalInfo = [user.email.split('@')[0] ?? '', ...user.name.split(/\s+/)].filter(Boolean);
  const check = checkPassword(policy, password, { personalInfo });
  return { verified: check.verified, rules: check.rules.map(shown) };
}
