/**
 * Per-instance localization: each element reads its own `lang` or the closest `[lang]` ancestor
 * (crossing shadow roots), so two boxes on one page may speak two languages. English is bundled;
 * the other dictionaries are separate chunks loaded on first use.
 */
import type { ErrorCode } from '../api/errors.js';
import { en } from './en.js';
import { matchLanguage, RTL_LANGUAGES } from './languages.js';
import type { Messages } from './messages.js';
import { counting } from './plural.js';

export interface Localized {
  /** The language actually shown: a shipped one, else `en`. */
  lang: string;
  dir: 'ltr' | 'rtl';
  messages: Messages;
}

// Which chunk holds which dictionary is a chunk of its own, loaded with the first non-English
// language: its 23 hashed file names would otherwise cost every page about 300 B of the embed.
const dictionaryChunks = () => import('./dictionary-chunks.js');

const ENGLISH: Localized = { lang: 'en', dir: 'ltr', messages: en };
/** A built locale chunk's values back under their names (en's key order, as the build wrote them). */
const KEYS = Object.keys(en);
const keyed = (values: readonly unknown[]) => Object.fromEntries(KEYS.map((key, i) => [key, values[i]])) as unknown as Messages;
const loaded = new Map<string, Promise<Localized>>();

/** The element's own `lang`, else its closest ancestor's; '' when none is set. */
export function languageOf(element: Element): string {
  let node: Element | null = element;
  while (node) {
    if (node.hasAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentElement ?? ((node.getRootNode() as Partial<ShadowRoot>).host ?? null);
  }
  return '';
}

/** English at once; a shipped language (see matchLanguage) once its chunk has loaded (English if that fails). */
export function localize(lang: string): Localized | Promise<Localized> {
  const language = matchLanguage(lang);
  if (!language || language === 'en') return ENGLISH;
  let pending = loaded.get(language);
  if (!pending) {
    pending = dictionaryChunks().then(({ DICTIONARIES }) => DICTIONARIES[language]()).then(
      (module) => ({ lang: language, dir: RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr', messages: module.default(counting(language), keyed) }),
      () => {
        loaded.delete(language); // let a later attempt retry the chunk
        return ENGLISH;
      },
    );
    loaded.set(language, pending);
  }
  return pending;
}

/** `invalid_grant` → `InvalidGrant`. */
type Pascal<S extends string> = S extends `${infer Head}_${infer Rest}` ? `${Capitalize<Head>}${Pascal<Rest>}` : Capitalize<S>;

/**
 * The localized text for an error code (never the server's text): the dictionary key is the code
 * in PascalCase after `error` (`invalid_grant` → `errorInvalidGrant`), so a code without a text
 * fails the type check. An aborted request reads as an unknown error.
 */
export const errorText = (messages: Messages, code: ErrorCode): string =>
  messages[code === 'aborted' ? 'errorUnknown' : (`error${code.replace(/(?:^|_)(.)/g, (_, letter: string) => letter.toUpperCase())}` as `error${Pascal<Exclude<ErrorCode, 'aborted'>>}`)];
