/**
 * Which version of a multilingual mail template goes out (config.ts `localizedMail`, the same for
 * every kind of mail): the first of the wanted languages the template has — the requesting
 * component's (its Accept-Language), then the user's stored locale — else the template's own
 * version, the tenant default. Tags negotiate as in the components (`zh-HK` reads zh-TW).
 */
import { matchLanguage, type Language } from '../../src/i18n/languages.js';
import type { MailText } from '../config.js';

export interface MultilingualMail extends MailText {
  language: Language;
  translations: Partial<Record<Language, MailText>>;
}

export function mailIn(template: MultilingualMail, wanted: readonly (string | null | undefined)[]): MailText {
  for (const tag of wanted) {
    const language = tag ? matchLanguage(tag) : undefined;
    if (language === template.language) break;
    const version = language && template.translations[language];
    if (version) return version;
  }
  return { subject: template.subject, text: template.text, html: template.html };
}
