/**
 * Password-policy evaluation, shared by the browser component (live feedback) and the server
 * (enforcement) so the two can never disagree. It imports nothing, so it bundles tiny.
 *
 * For the five Auth0 levels, checkPassword() returns exactly what Auth0's own library,
 * password-sheriff@2.0.0, returns from `missing()`: Auth0 clients show those rules verbatim
 * (auth0-wire.md §3.4, §6). One deliberate deviation: lengths count Unicode code points, not
 * UTF-16 units, as NIST SP 800-63B asks ("😀" is one character, not two).
 *
 * The rules sheriff lacks (maxLength, notCommon, noPersonalInfo) are appended only when they
 * apply, so the usual output stays byte-for-byte Auth0's.
 *
 * Everything that judges a password a person typed calls evaluatePassword(): the server before it
 * stores one, the reset form's checklist and the dashboard's, so normalising and the personal
 * information taken from the profile are the same everywhere.
 */

export type PolicyLevel = 'none' | 'low' | 'fair' | 'good' | 'excellent';

export const POLICY_LEVELS: readonly PolicyLevel[] = Object.freeze(['none', 'low', 'fair', 'good', 'excellent']);

export interface PasswordPolicy {
  level: PolicyLevel;
  /** Replaces the level's minimum (Auth0 `password_complexity_options.min_length`), within MIN_LENGTH_RANGE. */
  minLength?: number;
  /** Reject common passwords; the server supplies the lookup as `PolicyContext.isCommon`. */
  dictionary?: boolean;
  /** Reject passwords containing the user's personal data (`PolicyContext.personalInfo`). */
  noPersonalInfo?: boolean;
  /** This many previous passwords (within HISTORY_RANGE) may not be reused. Only the server can check it; carried here. */
  history?: number;
  /** Reject passwords found in known data breaches. Only the server can check it (its BreachedPasswords port); carried here. */
  breachedPasswords?: boolean;
}

export type RuleCode =
  | 'nonEmpty'
  | 'lengthAtLeast'
  | 'shouldContain'
  | 'containsAtLeast'
  | 'lowerCase'
  | 'upperCase'
  | 'numbers'
  | 'specialCharacters'
  | 'identicalChars'
  | 'maxLength'
  | 'notCommon'
  | 'noPersonalInfo'
  /** Only the server checks it (a known-breach look-up); it never comes from evaluatePassword. */
  | 'notBreached';

/** One rule. `message` keeps its `%d`/`%s` placeholders; `format` holds their values (Auth0's wire shape). */
export interface RuleResult {
  code: RuleCode;
  message: string;
  format?: (number | string)[];
  verified: boolean;
  items?: RuleResult[];
}

export interface PolicyCheck {
  verified: boolean;
  rules: RuleResult[];
}

export interface PolicyContext {
  /** Dictionary lookup, supplied by the server. Without it the notCommon rule is not listed. */
  isCommon?: (password: string) => boolean;
  /** E.g. email local part, name, username. Pieces shorter than 3 characters are ignored. */
  personalInfo?: readonly string[];
}

/** Hard cap in UTF-8 bytes. Longer passwords fail with a clear rule; we never silently truncate. */
export const MAX_PASSWORD_BYTES = 1024;

/** Bounds of PasswordPolicy.minLength (Auth0's older docs: "1 to 128 characters"). */
export const MIN_LENGTH_RANGE = [1, 128] as const;

/** Bounds of PasswordPolicy.history (Auth0's `password_history.size`: up to 24). */
export const HISTORY_RANGE = [0, 24] as const;

/** Whose password it is: where the personal-information rule finds the words a password may not contain. */
export interface PasswordOwner {
  email: string;
  name?: string | null;
}

/** NIST SP 800-63B: normalise before checking and hashing, so "é" typed two ways is one password. */
export const normalizePassword = (raw: string): string => raw.normalize('NFKC');

/** The pieces of a profile a password may not contain: the email's local part and the words of the name. */
const personalInfoOf = ({ email, name }: PasswordOwner): string[] => [email.split('@')[0]!, ...(name ?? '').split(/\s+/)].filter(Boolean);

interface CharClass {
  message: string;
  code: RuleCode;
  pattern: RegExp;
}

// Sheriff's character classes. The regexes are ASCII-only on purpose (no `u` flag, `\d` is 0-9):
// Auth0 does not count "é" as a lower-case letter, and neither may we.
const LOWER: CharClass = { message: 'lower case letters (a-z)', code: 'lowerCase', pattern: /[a-z]/ };
const UPPER: CharClass = { message: 'upper case letters (A-Z)', code: 'upperCase', pattern: /[A-Z]/ };
const NUMBERS: CharClass = { message: 'numbers (i.e. 0-9)', code: 'numbers', pattern: /\d/ };
// OWASP's special characters: space plus every printable ASCII symbol.
const SPECIAL: CharClass = {
  message: 'special characters (e.g. !@#$%^&*)',
  code: 'specialCharacters',
  pattern: /[ !"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/,
};
const FOUR_CLASSES = [LOWER, UPPER, NUMBERS, SPECIAL];

interface LevelSpec {
  minLength: number;
  /** Every one of these classes must appear (sheriff `contains`). */
  containsAll?: CharClass[];
  /** At least this many of FOUR_CLASSES must appear (sheriff `containsAtLeast`). */
  containsAtLeast?: number;
  /** Forbid runs of more than 2 identical characters (sheriff `identicalChars: {max: 2}`). */
  noIdenticalRuns?: boolean;
}

// password-sheriff@2.0.0 index.js, level by level.
const LEVELS: Record<PolicyLevel, LevelSpec> = {
  none: { minLength: 1 },
  low: { minLength: 6 },
  fair: { minLength: 8, containsAll: [LOWER, UPPER, NUMBERS] },
  good: { minLength: 8, containsAtLeast: 3 },
  excellent: { minLength: 10, containsAtLeast: 3, noIdenticalRuns: true },
};

// Three equal UTF-16 units in a row, compared as sheriff does (so an astral character repeated
// three times is not caught). `[\s\S]` so newlines count too, as in sheriff.
const IDENTICAL_RUN = /([\s\S])\1\1/;

const NOT_COMMON = { message: 'Not a common password', code: 'notCommon' } as const;
/** The server's breach rule, as its policy errors list it. */
export const NOT_BREACHED = { message: 'Not found in known data breaches', code: 'notBreached' } as const;
const NO_PERSONAL_INFO = { message: 'Does not contain your personal information', code: 'noPersonalInfo' } as const;

const utf8 = new TextEncoder();

/**
 * The password pipeline: normalises `raw` (NFKC), then checks it against `policy` with the personal
 * information of `owner` and, on the server, the common-password lookup. NFKC is idempotent, so an
 * already normalised password may be passed too.
 */
export function evaluatePassword(
  policy: PasswordPolicy,
  raw: string,
  owner: PasswordOwner,
  lookups: Pick<PolicyContext, 'isCommon'> = {},
): PolicyCheck {
  return checkPassword(policy, normalizePassword(raw), { ...lookups, personalInfo: personalInfoOf(owner) });
}

/**
 * evaluatePassword's last step: the policy check alone, on `password` as given and with the
 * personal information spelt out (the sheriff-parity tests call it directly). Every applicable rule is listed with its `verified` flag,
 * so the UI can show a checklist and the server can return it as Auth0's error `description`.
 * Throws RangeError for an unknown level or an out-of-range minLength (a config bug, never user input).
 */
export function checkPassword(policy: PasswordPolicy, password: string, context: PolicyContext = {}): PolicyCheck {
  const rules = sheriffRules(policy, password);
  if (utf8.encode(password).length > MAX_PASSWORD_BYTES) {
    rules.push({
      message: 'Maximum password length exceeded',
      code: 'maxLength',
      format: [MAX_PASSWORD_BYTES],
      verified: false,
    });
  }
  if (policy.dictionary && context.isCommon) {
    rules.push({ ...NOT_COMMON, verified: !context.isCommon(password) });
  }
  if (policy.noPersonalInfo && context.personalInfo) {
    rules.push({ ...NO_PERSONAL_INFO, verified: !containsPersonalInfo(password, context.personalInfo) });
  }
  // Key order {rules, verified} as sheriff's, so the serialized JSON matches Auth0's too.
  return { rules, verified: rules.every((rule) => rule.verified) };
}

/**
 * The policy as the markdown list of sheriff's `toString()` (Auth0's error `policy` field), e.g.
 * "* At least 8 characters in length\n* Contain at least 3 of the following 4 types of characters:\n * lower case letters (a-z)…".
 * The dictionary and personal-info rules are listed when the policy enables them.
 */
export function describePolicy(policy: PasswordPolicy): string {
  const rules: Describable[] = sheriffRules(policy, '');
  if (policy.dictionary) rules.push(NOT_COMMON);
  if (policy.noPersonalInfo) rules.push(NO_PERSONAL_INFO);
  return toMarkdown(rules, 0);
}

/** The rules sheriff's `missing()` lists, with its messages and key order. */
function sheriffRules(policy: PasswordPolicy, password: string): RuleResult[] {
  const spec = levelSpec(policy.level);
  const minLength = policy.minLength ?? spec.minLength;
  if (!Number.isInteger(minLength) || minLength < MIN_LENGTH_RANGE[0] || minLength > MIN_LENGTH_RANGE[1]) {
    throw new RangeError(`Password minLength must be an integer in ${MIN_LENGTH_RANGE.join('..')}, got ${minLength}`);
  }

  // The deviation from sheriff: code points, not `password.length` (UTF-16 units).
  const longEnough = password !== '' && [...password].length >= minLength;
  const rules: RuleResult[] = [
    minLength === 1
      ? { message: 'Non-empty password required', code: 'nonEmpty', verified: longEnough }
      : { message: 'At least %d characters in length', format: [minLength], code: 'lengthAtLeast', verified: longEnough },
  ];

  if (spec.containsAll) {
    const items = spec.containsAll.map((charClass) => classResult(charClass, password));
    // Sheriff puts `verified` before `items` here (and after it in containsAtLeast).
    rules.push({ message: 'Should contain:', code: 'shouldContain', verified: items.every((i) => i.verified), items });
  }
  if (spec.containsAtLeast) {
    const items = FOUR_CLASSES.map((charClass) => classResult(charClass, password));
    rules.push({
      message: 'Contain at least %d of the following %d types of characters:',
      code: 'containsAtLeast',
      format: [spec.containsAtLeast, FOUR_CLASSES.length],
      items,
      verified: items.filter((i) => i.verified).length >= spec.containsAtLeast,
    });
  }
  if (spec.noIdenticalRuns) {
    rules.push({
      message: 'No more than %d identical characters in a row (e.g., "%s" not allowed)',
      code: 'identicalChars',
      format: [2, 'aaa'],
      verified: password !== '' && !IDENTICAL_RUN.test(password),
    });
  }
  return rules;
}

function levelSpec(level: PolicyLevel): LevelSpec {
  // A typo in server config must not quietly weaken the policy (sheriff falls back to 'none').
  // hasOwn, so that '__proto__' or 'toString' are unknown levels too.
  if (!Object.hasOwn(LEVELS, level)) throw new RangeError(`Unknown password policy level: ${String(level)}`);
  return LEVELS[level];
}

function classResult({ message, code, pattern }: CharClass, password: string): RuleResult {
  return { message, code, verified: pattern.test(password) };
}

/** Case-insensitive substring match; pieces under 3 characters would reject far too much. */
function containsPersonalInfo(password: string, pieces: readonly string[]): boolean {
  const haystack = password.toLowerCase();
  return pieces.some((piece) => {
    const needle = piece.trim().toLowerCase();
    return [...needle].length >= 3 && haystack.includes(needle);
  });
}

type Describable = Pick<RuleResult, 'message' | 'format'> & { items?: Describable[] };

/** Sheriff's `flatDescriptions`: "* " bullets, one more space of indent per level, placeholders filled. */
function toMarkdown(rules: readonly Describable[], depth: number): string {
  const indent = ' '.repeat(depth);
  return rules
    .map(({ message, format, items }) => {
      const text = format ? fill(message, format) : message;
      const nested = items ? `\n${indent}${toMarkdown(items, depth + 1)}` : '';
      return `${indent}* ${text}${nested}`;
    })
    .join('\n');
}

/** A rule's message with its `%d` / `%s` filled from `format`, as Auth0's libraries show it. */
export function fill(message: string, format: readonly (number | string)[] = []): string {
  let next = 0;
  return message.replace(/%[ds]/g, (placeholder) => (next < format.length ? String(format[next++]) : placeholder));
}
