/// <reference types="node" />
// Node's types are not in tsconfig.json's `types` (the browser tests use mocha's), hence the reference.
// The module is imported as `.js`, per the house style: tsc and tsx both resolve it to the .ts file.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  checkPassword,
  describePolicy,
  evaluatePassword,
  fill,
  HISTORY_RANGE,
  MAX_PASSWORD_BYTES,
  MIN_LENGTH_RANGE,
  normalizePassword,
  POLICY_LEVELS,
  type PasswordPolicy,
  type PolicyCheck,
  type PolicyLevel,
  type RuleCode,
} from '../../src/password-policy.js';
import { mulberry32 } from '../prng.js';

// Auth0's own implementation, the oracle our output must match.
interface SheriffPolicy {
  missing(password: string): { rules: unknown[]; verified: boolean };
  toString(): string;
}
type Charset = object;
interface Sheriff {
  (level: string): SheriffPolicy;
  PasswordPolicy: new (rules: object) => SheriffPolicy;
  charsets: { lowerCase: Charset; upperCase: Charset; numbers: Charset; specialCharacters: Charset };
}
const sheriff = createRequire(import.meta.url)('password-sheriff') as Sheriff;

const { lowerCase, upperCase, numbers, specialCharacters } = sheriff.charsets;
// password-sheriff's index.js level definitions without `length`, to rebuild a level with another minimum.
const SHERIFF_LEVEL_RULES: Record<PolicyLevel, object> = {
  none: {},
  low: {},
  fair: { contains: { expressions: [lowerCase, upperCase, numbers] } },
  good: { containsAtLeast: { atLeast: 3, expressions: [lowerCase, upperCase, numbers, specialCharacters] } },
  excellent: {
    containsAtLeast: { atLeast: 3, expressions: [lowerCase, upperCase, numbers, specialCharacters] },
    identicalChars: { max: 2 },
  },
};
const sheriffWithMinLength = (level: PolicyLevel, minLength: number): SheriffPolicy =>
  new sheriff.PasswordPolicy({ length: { minLength }, ...SHERIFF_LEVEL_RULES[level] });

const OWASP_SPECIALS = ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const EMOJI = '\u{1F600}'; // one code point, two UTF-16 units, four UTF-8 bytes

/** Codes of the rules that fail, each followed by its own failing items: why a password is rejected. */
function failing(check: PolicyCheck): RuleCode[] {
  return check.rules
    .filter((rule) => !rule.verified)
    .flatMap((rule) => [rule.code, ...(rule.items ?? []).filter((item) => !item.verified).map((item) => item.code)]);
}

const codes = (check: PolicyCheck): RuleCode[] => check.rules.map((rule) => rule.code);

const POOLS = [
  'abcdefghijklmnopqrstuvwxyz',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  '0123456789',
  OWASP_SPECIALS,
  ' ',
  'éßñøÄÖÜΩλЖж中文İı\t\n', // non-ASCII BMP letters, tab and newline: in none of sheriff's classes
];

/** BMP-only strings of 0..16 characters (around every level's length edge), with runs of repeats. */
function randomPasswords(seed: number, count: number): string[] {
  const rand = mulberry32(seed);
  const pick = (s: string): string => s[Math.floor(rand() * s.length)]!;
  return Array.from({ length: count }, () => {
    const length = Math.floor(rand() * 17);
    let password = '';
    for (let i = 0; i < length; i++) {
      const repeat = password !== '' && rand() < 0.2;
      password += repeat ? password.slice(-1) : pick(POOLS[Math.floor(rand() * POOLS.length)]!);
    }
    return password;
  });
}

describe('password-sheriff test vectors', () => {
  const vectors: Record<PolicyLevel, { pass: string[]; fail: string[] }> = {
    none: { pass: ['a', ' ', 'hello'], fail: [''] },
    low: { pass: ['mypwd!', 'goodpassword'], fail: ['', 'helo', 'hello'] },
    fair: {
      pass: ['someP123', 'somePASSWORD123'],
      fail: ['', 'hello', '7charac', 'KTHXBYE123', '123hellogoodbye', 'helloGOODBYE'],
    },
    good: {
      pass: ['someP1! ', 'somePASSWORD123!@# '],
      fail: [
        '', 'hello', '7C arac',
        'HELLO123', 'HELLO1234BYE', '!@ HELLO', '!@#     HELLO', '1234!@# ', '1234!@# 999',
        'hello@# ', 'hello  !@# ', '1234@# ', '1234!@# 123', 'helo1234', 'hello1234567',
        'hello!@# ', '@# HELLO', 'helloHELLO', 'helloHELLOBYE', 'helloHEL', 'hello123',
      ],
    },
    excellent: {
      pass: ['somePas1! ', 'somePas!! ', 'somePas123', 'some!as123', 'somePASSWORD123!@# '],
      fail: [
        '', 'hello', '7C arac#',
        'HELLO12345', 'HELLO1234BYE', '!@#  HELLO', '!@#     HELLO', '1234!@#   ', '1234!@# 99999',
        'hello!@#  ', 'hello  !@#   ', '1234!@#  ', '1234!@#   123', 'hello12345', 'hello123456789',
        'hello  !@#  ', '!# HELLOBY', '!@#     HELLOBYEBYE', 'helloHELLO', 'helloHELLOBYE', 'hello1234567',
        'hello111HELLO',
      ],
    },
  };

  for (const level of POLICY_LEVELS) {
    test(`${level}: accepts and rejects the ported vectors`, () => {
      for (const password of vectors[level].pass) {
        assert.equal(checkPassword({ level }, password).verified, true, `${level} should accept ${JSON.stringify(password)}`);
      }
      for (const password of vectors[level].fail) {
        assert.equal(checkPassword({ level }, password).verified, false, `${level} should reject ${JSON.stringify(password)}`);
      }
    });
  }

  test('edge lengths fail on the length rule alone', () => {
    assert.deepEqual(failing(checkPassword({ level: 'none' }, '')), ['nonEmpty']);
    assert.deepEqual(failing(checkPassword({ level: 'low' }, 'abcde')), ['lengthAtLeast']);
    assert.deepEqual(failing(checkPassword({ level: 'low' }, 'abcdef')), []);
    assert.deepEqual(failing(checkPassword({ level: 'fair' }, 'someP12')), ['lengthAtLeast']);
    assert.deepEqual(failing(checkPassword({ level: 'fair' }, 'someP123')), []);
    assert.deepEqual(failing(checkPassword({ level: 'good' }, 'someP1!')), ['lengthAtLeast']);
    assert.deepEqual(failing(checkPassword({ level: 'good' }, 'someP1! ')), []);
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, 'somePas1!')), ['lengthAtLeast']);
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, 'somePas1! ')), []);
  });

  test('fair names the missing character class', () => {
    assert.deepEqual(failing(checkPassword({ level: 'fair' }, 'KTHXBYE123')), ['shouldContain', 'lowerCase']);
    assert.deepEqual(failing(checkPassword({ level: 'fair' }, '123hellogoodbye')), ['shouldContain', 'upperCase']);
    assert.deepEqual(failing(checkPassword({ level: 'fair' }, 'helloGOODBYE')), ['shouldContain', 'numbers']);
  });

  test('excellent allows "aa" but not "aaa"', () => {
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, 'somePaa1!x')), []);
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, 'somePaaa1!')), ['identicalChars']);
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, 'Pass   w0rd')), ['identicalChars']);
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, 'hello111HELLO')), ['identicalChars']);
  });

  test('every OWASP special character, space included, counts as special; others do not', () => {
    assert.equal([...OWASP_SPECIALS].length, 33);
    for (const special of OWASP_SPECIALS) {
      assert.deepEqual(failing(checkPassword({ level: 'good' }, `abcdefg${special}`)), ['containsAtLeast', 'upperCase', 'numbers'], JSON.stringify(special));
      assert.equal(checkPassword({ level: 'good' }, `abcDEFG${special}`).verified, true, JSON.stringify(special));
    }
    for (const other of ['é', 'Ä', '£', '€', '\t', '\n', '·', '¡']) {
      assert.equal(checkPassword({ level: 'good' }, `abcDEFG${other}`).verified, false, JSON.stringify(other));
    }
  });

  test('character classes are ASCII-only, as in sheriff', () => {
    assert.deepEqual(failing(checkPassword({ level: 'good' }, 'ÄÖÜäöü12')), [
      'containsAtLeast', 'lowerCase', 'upperCase', 'specialCharacters',
    ]);
    assert.deepEqual(failing(checkPassword({ level: 'fair' }, 'abcDEF١٢٣')), ['shouldContain', 'numbers']); // Arabic-Indic digits
  });
});

describe('parity with password-sheriff', () => {
  const passwords = randomPasswords(0x5eed, 2500);

  test('the random corpus is BMP-only and covers both outcomes at every level', () => {
    assert.ok(passwords.every((p) => [...p].length === p.length));
    for (const level of POLICY_LEVELS) {
      const accepted = passwords.filter((p) => checkPassword({ level }, p).verified).length;
      assert.ok(accepted > 50 && accepted < passwords.length - 50, `${level}: ${accepted} accepted`);
    }
  });

  for (const level of POLICY_LEVELS) {
    test(`${level}: rules and verified equal sheriff's missing() for ${passwords.length} passwords`, () => {
      for (const password of passwords) {
        const ours = checkPassword({ level }, password);
        const theirs = sheriff(level).missing(password);
        assert.deepEqual(ours.rules, theirs.rules, JSON.stringify(password));
        assert.equal(ours.verified, theirs.verified, JSON.stringify(password));
        // Byte-for-byte, key order included: this JSON goes on the wire.
        assert.equal(JSON.stringify(ours), JSON.stringify(theirs), JSON.stringify(password));
      }
    });
  }

  for (const minLength of [1, 3, 9, 12, 15]) {
    test(`minLength ${minLength} matches sheriff's PasswordPolicy with the same rules`, () => {
      for (const level of POLICY_LEVELS) {
        const oracle = sheriffWithMinLength(level, minLength);
        for (const password of passwords.slice(0, 500)) {
          assert.equal(
            JSON.stringify(checkPassword({ level, minLength }, password)),
            JSON.stringify(oracle.missing(password)),
            `${level}/${minLength}: ${JSON.stringify(password)}`,
          );
        }
        assert.equal(describePolicy({ level, minLength }), oracle.toString());
      }
    });
  }

  test('minLength 1 gives the nonEmpty rule, as in sheriff', () => {
    const check = checkPassword({ level: 'good', minLength: 1 }, 'aB1');
    assert.deepEqual(check.rules[0], { message: 'Non-empty password required', code: 'nonEmpty', verified: true });
    assert.equal(check.verified, true);
  });
});

describe('golden error descriptions (auth0-wire.md §3.4)', () => {
  const items = (upper: boolean, numbers: boolean) =>
    '[{"message":"lower case letters (a-z)","code":"lowerCase","verified":true},' +
    `{"message":"upper case letters (A-Z)","code":"upperCase","verified":${upper}},` +
    `{"message":"numbers (i.e. 0-9)","code":"numbers","verified":${numbers}},` +
    '{"message":"special characters (e.g. !@#$%^&*)","code":"specialCharacters","verified":false}]';

  test("'hello' under good", () => {
    assert.equal(
      JSON.stringify(checkPassword({ level: 'good' }, 'hello')),
      '{"rules":[{"message":"At least %d characters in length","format":[8],"code":"lengthAtLeast","verified":false},' +
        '{"message":"Contain at least %d of the following %d types of characters:","code":"containsAtLeast","format":[3,4],' +
        `"items":${items(false, false)},"verified":false}],"verified":false}`,
    );
  });

  test("'hello1234' under good", () => {
    assert.equal(
      JSON.stringify(checkPassword({ level: 'good' }, 'hello1234')),
      '{"rules":[{"message":"At least %d characters in length","format":[8],"code":"lengthAtLeast","verified":true},' +
        '{"message":"Contain at least %d of the following %d types of characters:","code":"containsAtLeast","format":[3,4],' +
        `"items":${items(false, true)},"verified":false}],"verified":false}`,
    );
  });
});

describe('length counts code points (deliberate deviation from sheriff)', () => {
  test('8 emoji (16 UTF-16 units) are 8 characters, short of excellent\'s 10', () => {
    const password = EMOJI.repeat(8);
    assert.equal(password.length, 16);
    assert.deepEqual(checkPassword({ level: 'excellent' }, password).rules[0], {
      message: 'At least %d characters in length', format: [10], code: 'lengthAtLeast', verified: false,
    });
    // sheriff counts UTF-16 units and would call it long enough
    assert.equal((sheriff('excellent').missing(password).rules[0] as { verified: boolean }).verified, true);
  });

  test('a password otherwise passing excellent needs 10 code points', () => {
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, `Aa1!${EMOJI.repeat(5)}`)), ['lengthAtLeast']);
    assert.equal(sheriff('excellent').missing(`Aa1!${EMOJI.repeat(5)}`).verified, true);
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, `Aa1!${EMOJI.repeat(6)}`)), []);
  });

  test('low: 3 emoji are too short, 6 are enough', () => {
    assert.equal(checkPassword({ level: 'low' }, EMOJI.repeat(3)).verified, false);
    assert.equal(sheriff('low').missing(EMOJI.repeat(3)).verified, true);
    assert.equal(checkPassword({ level: 'low' }, EMOJI.repeat(6)).verified, true);
  });

  test('a 64-emoji password is accepted under low', () => {
    const check = checkPassword({ level: 'low' }, EMOJI.repeat(64));
    assert.equal(check.verified, true);
    assert.deepEqual(codes(check), ['lengthAtLeast']);
  });

  test('identicalChars still compares UTF-16 units, as sheriff does', () => {
    // An emoji tripled is not caught; kept for parity with Auth0, see the module comment.
    assert.deepEqual(failing(checkPassword({ level: 'excellent' }, `Abc1!xy${EMOJI.repeat(3)}`)), []);
  });
});

describe('maxLength', () => {
  const MAX_RULE = { message: 'Maximum password length exceeded', code: 'maxLength', format: [MAX_PASSWORD_BYTES], verified: false };

  test('the cap is 1024 bytes', () => {
    assert.equal(MAX_PASSWORD_BYTES, 1024);
  });

  test('1025 ASCII bytes fail with the maxLength rule after sheriff\'s', () => {
    const password = 'a'.repeat(1025);
    const check = checkPassword({ level: 'low' }, password);
    assert.equal(check.verified, false);
    assert.deepEqual(check.rules, [...sheriff('low').missing(password).rules, MAX_RULE]);
  });

  test('1024 ASCII bytes pass and the rule is not listed', () => {
    const password = 'a'.repeat(1024);
    const check = checkPassword({ level: 'low' }, password);
    assert.equal(check.verified, true);
    assert.deepEqual(check.rules, sheriff('low').missing(password).rules);
  });

  test('multi-byte characters count in UTF-8 bytes', () => {
    const cases: [string, number][] = [['é', 2], ['中', 3], [EMOJI, 4]];
    for (const [char, bytes] of cases) {
      const fits = Math.floor(MAX_PASSWORD_BYTES / bytes);
      assert.equal(checkPassword({ level: 'low' }, char.repeat(fits)).verified, true, `${fits} × ${char}`);
      const over = checkPassword({ level: 'low' }, char.repeat(fits + 1));
      assert.equal(over.verified, false, `${fits + 1} × ${char}`);
      assert.deepEqual(over.rules.at(-1), MAX_RULE);
    }
  });
});

describe('notCommon', () => {
  const common = new Set(['password1', 'qwertyuiop']);
  const isCommon = (password: string): boolean => common.has(password.toLowerCase());
  const RULE = { message: 'Not a common password', code: 'notCommon' };

  test('listed after the sheriff rules when enabled and a lookup is given', () => {
    assert.deepEqual(checkPassword({ level: 'low', dictionary: true }, 'Password1', { isCommon }), {
      rules: [
        { message: 'At least %d characters in length', format: [6], code: 'lengthAtLeast', verified: true },
        { ...RULE, verified: false },
      ],
      verified: false,
    });
    const fine = checkPassword({ level: 'low', dictionary: true }, 'correct horse', { isCommon });
    assert.deepEqual(fine.rules.at(-1), { ...RULE, verified: true });
    assert.equal(fine.verified, true);
  });

  test('the lookup gets the password unchanged', () => {
    const seen: string[] = [];
    checkPassword({ level: 'none', dictionary: true }, ' MiXed ', { isCommon: (p) => (seen.push(p), false) });
    assert.deepEqual(seen, [' MiXed ']);
  });

  test('not listed when disabled, or when no lookup is supplied (e.g. in the browser)', () => {
    let called = false;
    const spy = (): boolean => ((called = true), true);
    assert.deepEqual(codes(checkPassword({ level: 'low' }, 'password1', { isCommon: spy })), ['lengthAtLeast']);
    assert.equal(called, false);
    assert.deepEqual(codes(checkPassword({ level: 'low', dictionary: true }, 'password1')), ['lengthAtLeast']);
    assert.deepEqual(codes(checkPassword({ level: 'low', dictionary: true }, 'password1', {})), ['lengthAtLeast']);
  });
});

describe('noPersonalInfo', () => {
  const policy: PasswordPolicy = { level: 'none', noPersonalInfo: true };
  const personalInfo = ['alice', 'Smith', 'al', 'bob', ' jo '];
  const verdict = (password: string): boolean | undefined =>
    checkPassword(policy, password, { personalInfo }).rules.find((r) => r.code === 'noPersonalInfo')?.verified;

  test('listed last, with its message', () => {
    const check = checkPassword(policy, 'x', { personalInfo });
    assert.deepEqual(check.rules.at(-1), {
      message: 'Does not contain your personal information', code: 'noPersonalInfo', verified: true,
    });
  });

  test('rejects a case-insensitive substring of any piece', () => {
    assert.equal(verdict('xxALICE99'), false);
    assert.equal(verdict('my-smith-pw'), false);
    assert.equal(verdict('ilikeBoB!'), false); // exactly 3 characters counts
    assert.equal(checkPassword(policy, 'xxALICE99', { personalInfo }).verified, false);
  });

  test('ignores pieces shorter than 3 characters', () => {
    assert.equal(verdict('pal ok'), true); // 'al'
    assert.equal(verdict('jojo'), true); // ' jo ' is 2 characters once trimmed
    assert.equal(checkPassword(policy, 'pal ok', { personalInfo }).verified, true);
  });

  test('not listed when disabled or when no personal info is supplied', () => {
    assert.deepEqual(codes(checkPassword({ level: 'none' }, 'alice', { personalInfo })), ['nonEmpty']);
    assert.deepEqual(codes(checkPassword(policy, 'alice')), ['nonEmpty']);
    assert.deepEqual(codes(checkPassword(policy, 'alice', { personalInfo: [] })), ['nonEmpty', 'noPersonalInfo']);
  });

  test('extra rules come in a fixed order after sheriff\'s, and all feed verified', () => {
    const check = checkPassword(
      { level: 'low', dictionary: true, noPersonalInfo: true },
      `alice${'x'.repeat(1100)}`,
      { isCommon: () => false, personalInfo },
    );
    assert.deepEqual(codes(check), ['lengthAtLeast', 'maxLength', 'notCommon', 'noPersonalInfo']);
    assert.deepEqual(failing(check), ['maxLength', 'noPersonalInfo']);
    assert.equal(check.verified, false);
  });
});

describe('evaluatePassword (the one pipeline the server, the reset form and the dashboard call)', () => {
  const ada = { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

  test('normalises with NFKC before checking: fullwidth letters are the ASCII ones', () => {
    const fullwidth = '\uFF41\uFF22\uFF13\uFF01xyz'; // ａＢ３！xyz
    assert.equal(normalizePassword(fullwidth), 'aB3!xyz');
    assert.deepEqual(evaluatePassword({ level: 'good', minLength: 7 }, fullwidth, ada), checkPassword({ level: 'good', minLength: 7 }, 'aB3!xyz'));
    assert.equal(checkPassword({ level: 'good', minLength: 7 }, fullwidth).verified, false, 'unnormalised, no class is ASCII');
  });

  test('counts the 1024 bytes of the normalised password, not of what was typed', () => {
    const expanding = '\uFDFA'; // 3 UTF-8 bytes typed, 33 once normalised
    assert.deepEqual(failing(evaluatePassword({ level: 'low' }, expanding.repeat(31), ada)), [], '31 × 33 = 1023 bytes');
    assert.deepEqual(failing(evaluatePassword({ level: 'low' }, expanding.repeat(32), ada)), ['maxLength'], '32 × 33 = 1056 bytes');
  });

  test("the personal information is the email's local part and each word of the name", () => {
    const policy: PasswordPolicy = { level: 'none', noPersonalInfo: true };
    assert.equal(evaluatePassword(policy, 'xADA.LOVELACEx', ada).verified, false);
    assert.equal(evaluatePassword(policy, 'lovelace!', ada).verified, false);
    assert.equal(evaluatePassword(policy, 'my-ada-99', ada).verified, false);
    assert.equal(evaluatePassword(policy, 'example.com', ada).verified, true, 'the domain is not personal');
    assert.equal(evaluatePassword(policy, 'lovelace!', { email: ada.email }).verified, true, 'without a name only the email counts');
    assert.equal(evaluatePassword(policy, 'lovelace!', { email: ada.email, name: null }).verified, true);
  });

  test('personal information is matched after normalising too', () => {
    assert.equal(evaluatePassword({ level: 'none', noPersonalInfo: true }, '\uFF2C\uFF4F\uFF56\uFF45lace', ada).verified, false); // Ｌｏｖｅlace
  });

  test('the common-password lookup gets the normalised password', () => {
    const seen: string[] = [];
    evaluatePassword({ level: 'none', dictionary: true }, '\uFF50assword', ada, { isCommon: (p) => (seen.push(p), false) });
    assert.deepEqual(seen, ['password']);
  });
});

describe('bounds', () => {
  test('minLength 1..128 and history 0..24, as the tenant file validates them', () => {
    assert.deepEqual(MIN_LENGTH_RANGE, [1, 128]);
    assert.deepEqual(HISTORY_RANGE, [0, 24]);
  });

  test('fill puts the format values in the placeholders', () => {
    assert.equal(fill('No more than %d identical characters in a row (e.g., "%s" not allowed)', [2, 'aaa']), 'No more than 2 identical characters in a row (e.g., "aaa" not allowed)');
    assert.equal(fill('Non-empty password required'), 'Non-empty password required');
  });
});

describe('describePolicy', () => {
  test("'good' equals sheriff's toString()", () => {
    const expected =
      '* At least 8 characters in length\n' +
      '* Contain at least 3 of the following 4 types of characters:\n' +
      ' * lower case letters (a-z)\n' +
      ' * upper case letters (A-Z)\n' +
      ' * numbers (i.e. 0-9)\n' +
      ' * special characters (e.g. !@#$%^&*)';
    assert.equal(describePolicy({ level: 'good' }), expected);
    assert.equal(sheriff('good').toString(), expected);
  });

  for (const level of POLICY_LEVELS) {
    test(`${level} equals sheriff's toString()`, () => {
      assert.equal(describePolicy({ level }), sheriff(level).toString());
    });
  }

  test('excellent fills both placeholders', () => {
    assert.match(describePolicy({ level: 'excellent' }), /\n\* No more than 2 identical characters in a row \(e\.g\., "aaa" not allowed\)$/);
  });

  test('lists the dictionary and personal-info rules when the policy enables them', () => {
    assert.equal(
      describePolicy({ level: 'low', minLength: 15, dictionary: true, noPersonalInfo: true, history: 5 }),
      '* At least 15 characters in length\n* Not a common password\n* Does not contain your personal information',
    );
  });
});

describe('policy validation', () => {
  test('rejects an out-of-range or fractional minLength', () => {
    for (const minLength of [0, -1, 129, 7.5, Number.NaN]) {
      assert.throws(() => checkPassword({ level: 'low', minLength }, 'whatever'), RangeError, String(minLength));
      assert.throws(() => describePolicy({ level: 'low', minLength }), RangeError, String(minLength));
    }
    assert.equal(checkPassword({ level: 'low', minLength: 128 }, 'x'.repeat(128)).verified, true);
    assert.equal(checkPassword({ level: 'low', minLength: 128 }, 'x'.repeat(127)).verified, false);
  });

  test('rejects an unknown level instead of falling back to none as sheriff does', () => {
    for (const level of ['strong', '__proto__', 'toString', '']) {
      assert.throws(() => checkPassword({ level: level as PolicyLevel }, 'x'), RangeError, level);
    }
  });

  test('POLICY_LEVELS lists the five Auth0 levels, weakest first', () => {
    assert.deepEqual(POLICY_LEVELS, ['none', 'low', 'fair', 'good', 'excellent']);
  });
});
