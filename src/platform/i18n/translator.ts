// Wraps an i18next instance: a key's text in the asked language, else in English, else one generic message.
import { createInstance } from 'i18next';
import { DEFAULT_LANGUAGE, isSupportedLanguage, type Language, SUPPORTED_LANGUAGES } from './languages';

/** What `t()` answers for a key that neither the language nor English has: a bug, never shown as a raw key. */
export const FALLBACK_MESSAGE = 'Something went wrong.';

const NAMESPACE = 'translation';

export type TranslationParams = Record<string, unknown>;

/** Nested resources per language; English is complete, the others may lack keys. */
export type Bundles = { en: Record<string, unknown> } & Partial<Record<Language, Record<string, unknown>>>;

export interface Translator {
  /**
   * The text of `key` in `lang`, else in English, else FALLBACK_MESSAGE; never the key, never empty.
   * `params` fill `{{name}}` placeholders (a missing one becomes empty); a numeric `count` picks the plural
   * form (`key_one`, `key_two`, `key_other`).
   */
  t(lang: Language, key: string, params?: TranslationParams): string;
  /** Whether `lang` itself has a text for `key` (not through fallback, not only as plural forms). */
  hasTranslation(lang: Language, key: string): boolean;
}

/** Builds one i18next instance over `bundles`, initialised synchronously (no backend, no timers). */
export const createTranslator = (bundles: Bundles): Translator => {
  const instance = createInstance();
  // With resources given and initAsync off, init() finishes before it returns; its promise carries nothing.
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(
      SUPPORTED_LANGUAGES.map((lang) => [lang, { [NAMESPACE]: bundles[lang] ?? {} }]),
    ),
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: SUPPORTED_LANGUAGES,
    load: 'languageOnly',
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    // Keys are dot paths only; a ':' in a key is part of the key, not a namespace prefix.
    nsSeparator: false,
    returnNull: false,
    returnEmptyString: false,
    returnObjects: false,
    // Output goes into JSON, not HTML, so values are not HTML-escaped.
    interpolation: { escapeValue: false },
    // Never show a raw key; t() below checks first, this is the instance's own last line.
    parseMissingKeyHandler: () => FALLBACK_MESSAGE,
    // Never show a raw {{placeholder}} when a caller forgets a parameter.
    missingInterpolationHandler: () => '',
  });

  const pluralRules = new Map<Language, Intl.PluralRules>();
  const pluralCategory = (lang: Language, count: number): string => {
    let rules = pluralRules.get(lang);
    if (rules === undefined) {
      rules = new Intl.PluralRules(lang);
      pluralRules.set(lang, rules);
    }
    return rules.select(count);
  };

  const has = (lang: Language, key: string): boolean => {
    const value: unknown = instance.getResource(lang, NAMESPACE, key);
    return typeof value === 'string' && value !== '';
  };

  // The lookups i18next itself makes for a key, plural forms included.
  const resolves = (lang: Language, key: string, count: number | undefined): boolean => {
    if (has(lang, key)) return true;
    if (count === undefined) return false;
    return (
      has(lang, `${key}_${pluralCategory(lang, count)}`) ||
      has(lang, `${key}_other`) ||
      (count === 0 && has(lang, `${key}_zero`))
    );
  };

  const t = (lang: Language, key: string, params?: TranslationParams): string => {
    if (typeof key !== 'string' || key === '') return FALLBACK_MESSAGE;
    const language = isSupportedLanguage(lang) ? lang : DEFAULT_LANGUAGE;
    const count =
      typeof params?.count === 'number' && Number.isFinite(params.count) ? params.count : undefined;
    let source: Language | undefined;
    if (resolves(language, key, count)) source = language;
    else if (resolves(DEFAULT_LANGUAGE, key, count)) source = DEFAULT_LANGUAGE;
    if (source === undefined) return FALLBACK_MESSAGE;
    // Parameters go under `replace` so none of them (lng, ns, defaultValue…) can act as an i18next option.
    const text: unknown = instance.t(key, {
      lng: source,
      replace: { ...params },
      ...(count === undefined ? {} : { count }),
    });
    return typeof text === 'string' && text !== '' ? text : FALLBACK_MESSAGE;
  };

  const hasTranslation = (lang: Language, key: string): boolean =>
    isSupportedLanguage(lang) && typeof key === 'string' && key !== '' && has(lang, key);

  return { t, hasTranslation };
};
