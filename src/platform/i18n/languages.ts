// The languages Doorman speaks, their writing direction and their names for a language picker.

export type Language = 'en' | 'he';

export const SUPPORTED_LANGUAGES: readonly Language[] = ['en', 'he'];

export const DEFAULT_LANGUAGE: Language = 'en';

export type TextDirection = 'ltr' | 'rtl';

export interface LanguageInfo {
  code: Language;
  /** The language's name in English. */
  name: string;
  /** The language's name in itself. */
  nativeName: string;
  direction: TextDirection;
}

export const LANGUAGE_INFO: Readonly<Record<Language, LanguageInfo>> = {
  en: { code: 'en', name: 'English', nativeName: 'English', direction: 'ltr' },
  he: { code: 'he', name: 'Hebrew', nativeName: 'עברית', direction: 'rtl' },
};

export const isSupportedLanguage = (value: unknown): value is Language => value === 'en' || value === 'he';

export const textDirection = (lang: Language): TextDirection =>
  isSupportedLanguage(lang) ? LANGUAGE_INFO[lang].direction : 'ltr';

export const isRightToLeft = (lang: Language): boolean => textDirection(lang) === 'rtl';
