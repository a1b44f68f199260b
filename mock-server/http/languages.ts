/**
 * Which of our languages a request asks for: the pages and the mail negotiate the same way as the
 * components (matchLanguage: the full tag first, then shorter ones, so zh-HK reads zh-TW and
 * de-AT reads de), in the order of Accept-Language's q-values.
 */
import { parseAccept } from 'hono/utils/accept';
import { matchLanguage, type Language } from '../../src/i18n/languages.js';

/** The shipped languages in `header`, most wanted first; `q=0` means "not this one". */
export function acceptedLanguages(header: string | undefined): Language[] {
  const wanted = parseAccept(header ?? '').filter(({ q }) => q > 0).map(({ type }) => matchLanguage(type));
  return [...new Set(wanted.filter((language) => language !== undefined))];
}
