/**
 * Counted phrases for the dictionaries: the form `Intl.PluralRules` picks for the count in the
 * dictionary's language, with `#` standing for the count as `Intl.NumberFormat` writes it there
 * (Persian and Arabic digits, for instance). Forms a language lacks fall back to `other`.
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Counting {
  /** A number written the language's way. */
  num: (n: number) => string;
  /** The phrase for `n`. */
  count: (n: number, forms: PluralForms) => string;
}

export function counting(lang: string): Counting {
  const rules = new Intl.PluralRules(lang);
  const format = new Intl.NumberFormat(lang);
  return {
    num: (n) => format.format(n),
    count: (n, forms) => (forms[rules.select(n)] ?? forms.other).replace('#', format.format(n)),
  };
}
