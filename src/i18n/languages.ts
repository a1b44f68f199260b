/** The languages we ship dictionaries for; the hosted reset page negotiates among them too. */
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'ja', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Written right to left: the components mirror their layout for these. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'fa', 'he', 'ur']);
