/**
 * Per-instance localization: each element reads its own `lang` or the closest `[lang]` ancestor
 * (crossing shadow roots), so two boxes on one page may speak two languages. English is bundled;
 * the other dictionaries are separate chunks loaded on first use.
 */
import type { ErrorCode } from '../api/errors.js';
import { en } from './en.js';
import { RTL_LANGUAGES, type Language } from './languages.js';
import type { Messages } from './messages.js';

export interface Localized {
  /** The language actually shown: a shipped one, else `en`. */
  lang: string;
  dir: 'ltr' | 'rtl';
  messages: Messages;
}

const LOCALES: Record<Exclude<Language, 'en'>, () => Promise<{ default: Messages }>> = {
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
  ja: () => import('./locales/ja.js'),
  ar: () => import('./locales/ar.js'),
};

const ENGLISH: Localized = { lang: 'en', dir: 'ltr', messages: en };
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

/** English at once; a shipped language once its chunk has loaded (English if that fails). */
export function localize(lang: string): Localized | Promise<Localized> {
  const base = lang.trim().toLowerCase().split(/[-_]/)[0]!;
  // hasOwn: "constructor" or "__proto__" are not languages.
  const load = Object.hasOwn(LOCALES, base) ? LOCALES[base as keyof typeof LOCALES] : undefined;
  if (!load) return ENGLISH;
  let pending = loaded.get(base);
  if (!pending) {
    pending = load().then(
      (module) => ({ lang: base, dir: RTL_LANGUAGES.has(base) ? 'rtl' : 'ltr', messages: module.default }),
      () => {
        loaded.delete(base); // let a later attempt retry the chunk
        return ENGLISH;
      },
    );
    loaded.set(base, pending);
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
