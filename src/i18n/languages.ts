/** The languages we ship dictionaries for (BCP 47 tags); the hosted pages and the mail negotiate among them too. */
export const LANGUAGES = [
  'en', 'ar', 'cs', 'da', 'de', 'es', 'fa', 'fi', 'fr', 'he', 'it', 'ja',
  'ko', 'nb', 'nl', 'pl', 'pt-BR', 'pt-PT', 'ru', 'sv', 'tr', 'uk', 'zh-CN', 'zh-TW',
] as const;
export type Language = (typeof LANGUAGES)[number];

const BY_TAG = new Map<string, Language>(LANGUAGES.map((language) => [language.toLowerCase(), language]));
/** Tags that mean a shipped language without being its tag: Chinese by script or region, Portuguese and Norwegian unqualified, Hebrew's old code. */
const ALIASES: Record<string, Language> = {
  zh: 'zh-CN', 'zh-hans': 'zh-CN', 'zh-sg': 'zh-CN', 'zh-hant': 'zh-TW', 'zh-hk': 'zh-TW', 'zh-mo': 'zh-TW',
  pt: 'pt-BR', no: 'nb', nn: 'nb', iw: 'he',
};

/**
 * The shipped language for a tag: the full tag first, then ever shorter prefixes (`zh-Hant-HK` →
 * `zh-Hant` → zh-TW, `de-AT` → de, `pt` → pt-BR); undefined when none matches.
 */
export function matchLanguage(tag: string): Language | undefined {
  const subtags = tag.trim().toLowerCase().split(/[-_]/);
  for (let length = subtags.length; length > 0; length--) {
    const prefix = subtags.slice(0, length).join('-');
    const match = BY_TAG.get(prefix) ?? (Object.hasOwn(ALIASES, prefix) ? ALIASES[prefix] : undefined);
    if (match) return match;
  }
  return undefined;
}

/** Written right to left: the components mirror their layout for these. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'fa', 'he', 'ur']);
