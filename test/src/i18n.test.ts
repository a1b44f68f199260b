/// <reference types="node" />
// The dictionaries and the language negotiation, over the modules themselves (Node has full ICU,
// as browsers do, so Intl.PluralRules and Intl.NumberFormat answer as they would in a page).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transformWithOxc, type Plugin } from 'vite';
import viteConfig from '../../vite.config.js';
import { en } from '../../src/i18n/en.js';
import { LANGUAGES, matchLanguage, RTL_LANGUAGES, type Language } from '../../src/i18n/languages.js';
import { localize } from '../../src/i18n/localize.js';
import type { Dictionary, Messages } from '../../src/i18n/messages.js';
import { counting } from '../../src/i18n/plural.js';

const OTHERS = LANGUAGES.filter((language): language is Exclude<Language, 'en'> => language !== 'en');
const notBuilt = () => assert.fail('an unbuilt dictionary returns its object: keyed() is for built chunks');
const source = (language: string) => new URL(`../../src/i18n/locales/${language}.ts`, import.meta.url);
const dictionary = async (language: string): Promise<Dictionary> =>
  ((await import(`../../src/i18n/locales/${language}.js`)) as { default: Dictionary }).default;
const messagesOf = async (language: string): Promise<Messages> => (await dictionary(language))(counting(language), notBuilt);

/** Keys whose text is genuinely the same word as in English (loanwords the language writes alike). */
const SAME_AS_ENGLISH: Partial<Record<Language, readonly (keyof Messages)[]>> = {
  it: ['emailLabel', 'passwordLabel'],
  de: ['codeLabel'],
  fr: ['codeLabel'],
  nl: ['codeLabel'],
};

/** Arguments for each function key, and what the output must then contain. */
const CALLS: { [K in keyof Messages]?: Messages[K] extends (...args: infer A) => string ? A[] : never } = {
  retryIn: [[1], [2], [5], [22]],
  resetFor: [['ada@example.com']],
  rulesProgress: [[0, 3], [1, 1], [2, 5]],
  ruleLengthAtLeast: [[1], [2], [8], [21], [1024]],
  ruleContainsAtLeast: [[3, 4]],
  ruleIdenticalChars: [[2]],
  ruleMaxLength: [[1024]],
  codeFormat: [[1], [3], [8], [22]],
};
const call = (messages: Messages, key: keyof Messages, args: unknown[]) => (messages[key] as (...a: unknown[]) => string)(...args);

test('24 languages ship: English and 23 dictionaries, each its own module', () => {
  assert.ok(LANGUAGES.length >= 24);
  for (const language of OTHERS) assert.ok(readFileSync(source(language), 'utf8').includes('satisfies Dictionary'), language);
});

describe('every dictionary is complete, typed like English and never English', () => {
  for (const language of OTHERS) {
    test(language, async () => {
      const messages = await messagesOf(language);
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(en).sort(), 'the same keys as English');
      const { num } = counting(language);
      for (const key of Object.keys(en) as (keyof Messages)[]) {
        const value = messages[key];
        assert.equal(typeof value, typeof en[key], key);
        if (typeof value === 'string') {
          assert.ok(value.trim() !== '' && value === value.trim(), `${key} is blank or padded`);
          if (!SAME_AS_ENGLISH[language]?.includes(key)) assert.notEqual(value, en[key], `${key} is the English text`);
          continue;
        }
        const calls = (CALLS[key] ?? assert.fail(`no sample arguments for ${key}`)) as unknown[][];
        for (const args of calls) {
          const text = call(messages, key, args);
          assert.notEqual(text, call(en, key, args), `${key}(${args.join(', ')}) is the English text`);
          assert.doesNotMatch(text, /#|undefined|NaN|\$\{/, `${key}(${args.join(', ')}): ${text}`);
          for (const arg of args) {
            // A number appears written the language's way, unless the form spells it out ("one second").
            if (typeof arg === 'number' && arg !== 1 && !(arg === 2 && language === 'ar')) assert.ok(text.includes(num(arg)), `${key}(${args.join(', ')}) lacks ${num(arg)}: ${text}`);
            if (typeof arg === 'string') assert.ok(text.includes(arg), `${key} drops the address`);
          }
        }
      }
    });
  }
});

describe('counted phrases follow each language\'s plural rules', () => {
  test('Russian, Polish and Czech: three forms of the countdown', async () => {
    for (const [language, expected] of [
      ['ru', ['Повторите через 1 секунду', 'Повторите через 3 секунды', 'Повторите через 5 секунд', 'Повторите через 21 секунду']],
      ['pl', ['Spróbuj ponownie za 1 sekundę', 'Spróbuj ponownie za 3 sekundy', 'Spróbuj ponownie za 5 sekund', 'Spróbuj ponownie za 21 sekund']],
      ['cs', ['Zkuste to znovu za 1 sekundu', 'Zkuste to znovu za 3 sekundy', 'Zkuste to znovu za 5 sekund', 'Zkuste to znovu za 21 sekund']],
    ] as const) {
      const messages = await messagesOf(language);
      assert.deepEqual([1, 3, 5, 21].map((n) => messages.retryIn(n)), expected, language);
    }
  });
  test('the reset code\'s 8 digits in Russian, Polish, Czech and Arabic', async () => {
    assert.equal((await messagesOf('ru')).codeFormat(8), 'Код состоит из 8 цифр.');
    assert.equal((await messagesOf('pl')).codeFormat(8), 'Kod ma 8 cyfr.');
    assert.equal((await messagesOf('cs')).codeFormat(8), 'Kód má 8 číslic.');
    assert.equal((await messagesOf('ar')).codeFormat(8), `يتكون الرمز من ${counting('ar').num(8)} أرقام.`);
    assert.equal(en.codeFormat(8), 'The code has 8 digits.');
  });
  test('English, French and Arabic rule counts', async () => {
    assert.deepEqual([1, 8].map(en.ruleLengthAtLeast), ['At least 1 character', 'At least 8 characters']);
    const fr = await messagesOf('fr');
    assert.deepEqual([0, 1, 2].map((met) => fr.rulesProgress(met, 3)), ['0 exigence sur 3 respectée.', '1 exigence sur 3 respectée.', '2 exigences sur 3 respectées.']);
    const ar = await messagesOf('ar');
    assert.deepEqual([1, 2, 8, 12].map(ar.ruleLengthAtLeast).map((text) => text.replace(/ على الأقل$/, '')), ['حرف واحد', 'حرفان', `${counting('ar').num(8)} أحرف`, `${counting('ar').num(12)} حرفًا`]);
  });
  test('numbers are written the language\'s way (Intl.NumberFormat)', async () => {
    assert.equal((await messagesOf('fa')).retryIn(15), '۱۵ ثانیهٔ دیگر دوباره امتحان کنید');
    assert.equal((await messagesOf('de')).ruleMaxLength(1024), 'Nicht zu lang (höchstens 1.024 Byte)');
    assert.equal(en.ruleMaxLength(1024), 'Not too long (at most 1,024 bytes)');
  });
});

describe('negotiation: the full tag first, then shorter ones', () => {
  test('matchLanguage', () => {
    const cases: [string, Language | undefined][] = [
      ['zh-TW', 'zh-TW'], ['zh-tw', 'zh-TW'], ['zh_TW', 'zh-TW'], ['zh-Hant', 'zh-TW'], ['zh-Hant-HK', 'zh-TW'], ['zh-HK', 'zh-TW'],
      ['zh-CN', 'zh-CN'], ['zh', 'zh-CN'], ['zh-Hans-SG', 'zh-CN'], ['zh-SG', 'zh-CN'],
      ['pt-BR', 'pt-BR'], ['pt-PT', 'pt-PT'], ['pt-pt', 'pt-PT'], ['pt', 'pt-BR'],
      ['de-AT', 'de'], ['en-GB', 'en'], ['nb-NO', 'nb'], ['no', 'nb'], ['iw', 'he'], ['fa-IR', 'fa'], [' fr ', 'fr'],
      ['xx', undefined], ['', undefined], ['__proto__', undefined], ['constructor', undefined], ['toString', undefined],
    ];
    assert.deepEqual(cases.map(([tag]) => [tag, matchLanguage(tag)]), cases);
  });
  test('localize: the chunk of the matched language, its direction; English at once for anything else', async () => {
    const shown = async (tag: string) => { const { lang, dir, messages } = await localize(tag); return [lang, dir, messages.signInTitle]; };
    assert.deepEqual(await shown('zh-TW'), ['zh-TW', 'ltr', '登入']);
    assert.deepEqual(await shown('zh-HK'), ['zh-TW', 'ltr', '登入']);
    assert.deepEqual(await shown('zh'), ['zh-CN', 'ltr', '登录']);
    assert.deepEqual(await shown('pt-BR'), ['pt-BR', 'ltr', 'Entrar']);
    assert.deepEqual(await shown('pt-PT'), ['pt-PT', 'ltr', 'Iniciar sessão']);
    assert.deepEqual(await shown('he'), ['he', 'rtl', 'כניסה']);
    assert.deepEqual(await shown('fa-IR'), ['fa', 'rtl', 'ورود']);
    assert.deepEqual(await shown('ar'), ['ar', 'rtl', 'تسجيل الدخول']);
    const unknown = localize('xx');
    assert.ok(!(unknown instanceof Promise), 'English needs no chunk');
    assert.deepEqual([unknown.lang, unknown.dir, unknown.messages], ['en', 'ltr', en]);
    for (const language of LANGUAGES) assert.equal(RTL_LANGUAGES.has(language), ['ar', 'he', 'fa'].includes(language), language);
  });
});

test('the build writes each dictionary without its key names, and it reads back the same', async () => {
  const plugin = (viteConfig as { plugins: Plugin[] }).plugins.find((p) => p?.name === 'login-box-keyed-dictionaries')!;
  const transform = plugin.transform as (this: unknown, code: string, id: string) => string;
  const keyed = (values: readonly unknown[]) => Object.fromEntries(Object.keys(en).map((key, i) => [key, values[i]])) as unknown as Messages;
  for (const language of OTHERS) {
    const id = source(language).pathname;
    const { code: js } = await transformWithOxc(readFileSync(id, 'utf8'), id); // what Vite hands the plugin
    const built = transform.call({ error: (message: string) => assert.fail(message) }, js, id);
    assert.ok(!built.includes('signInTitle'), `${language}: key names left in the chunk`);
    const module = (await import(`data:text/javascript,${encodeURIComponent(built)}`)) as { default: Dictionary };
    const fromChunk = module.default(counting(language), keyed);
    const fromSource = await messagesOf(language);
    for (const key of Object.keys(en) as (keyof Messages)[]) {
      const [a, b] = [fromChunk[key], fromSource[key]];
      if (typeof b === 'string') assert.equal(a, b, `${language}.${key}`);
      else for (const args of (CALLS[key] ?? []) as unknown[][]) assert.equal(call(fromChunk, key, args), call(fromSource, key, args), `${language}.${key}`);
    }
  }
});
