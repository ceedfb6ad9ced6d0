// The i18n core: bundled English and Hebrew texts behind one i18next instance per isolate, and locale helpers.
import type { core } from 'zod';
import type { Language } from './languages';
import { en } from './locales/en';
import { he } from './locales/he';
import { createTranslator, type TranslationParams, type Translator } from './translator';
import { translateIssue, type ValidationMessageOptions } from './validation';

export {
  DEFAULT_LANGUAGE,
  isRightToLeft,
  isSupportedLanguage,
  LANGUAGE_INFO,
  type Language,
  type LanguageInfo,
  SUPPORTED_LANGUAGES,
  type TextDirection,
  textDirection,
} from './languages';
export type { Messages } from './locales/en';
export { formatMoney } from './money';
export { type LanguageSources, matchLanguage, negotiateLanguage } from './negotiate';
export { FALLBACK_MESSAGE, type TranslationParams } from './translator';
export { type MessageRef, type ValidationMessageOptions, validationMessageRef } from './validation';

// Built on first use, then kept for the isolate's life: module scope runs once per isolate.
let shared: Translator | undefined;
const translator = (): Translator => {
  shared ??= createTranslator({ en, he });
  return shared;
};

/** The text of `key` in `lang`, else in English, else FALLBACK_MESSAGE; never the raw key, never empty. */
export const t = (lang: Language, key: string, params?: TranslationParams): string =>
  translator().t(lang, key, params);

/** Whether `lang` itself has a text for `key` (true only without fallback). */
export const hasTranslation = (lang: Language, key: string): boolean =>
  translator().hasTranslation(lang, key);

/** The client-facing message for one zod v4 issue, e.g. "Must be at least 3 characters long." */
export const validationMessage = (
  lang: Language,
  issue: core.$ZodIssue,
  options?: ValidationMessageOptions,
): string => translateIssue(t, lang, issue, options);
