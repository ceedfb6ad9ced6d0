// Picks the response language from `?lang`, the user's saved locale and Accept-Language (RFC 9110 §12.5.4).
import { DEFAULT_LANGUAGE, isSupportedLanguage, type Language, SUPPORTED_LANGUAGES } from './languages';

/** Accept-Language beyond these bounds is ignored, so a hostile header costs a fixed amount of work. */
export const MAX_ACCEPT_LANGUAGE_LENGTH = 4096;
export const MAX_ACCEPT_LANGUAGE_ENTRIES = 50;

/** Deprecated ISO 639 codes that browsers and old devices still send. */
const ALIASES: Readonly<Record<string, Language>> = { iw: 'he' };

// A primary language subtag (1 to 8 letters), then optional subtags split by '-' (or '_', which some
// clients send in place of '-').
const LANGUAGE_RANGE = /^([A-Za-z]{1,8})(?:[-_][A-Za-z0-9]{1,8})*$/;
// RFC 9110 qvalue: 0 to 1 with at most three decimals.
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The supported language a tag or range names ('he-IL', 'iw', 'EN'), or null. */
export const matchLanguage = (tag: string | null | undefined): Language | null => {
  if (typeof tag !== 'string') return null;
  const match = LANGUAGE_RANGE.exec(tag.trim().slice(0, 64));
  const primary = match?.[1]?.toLowerCase();
  if (primary === undefined) return null;
  const language = ALIASES[primary] ?? primary;
  return isSupportedLanguage(language) ? language : null;
};

interface Preference {
  q: number;
  /** Position in the header, to keep header order on equal weights. */
  order: number;
  /** An exact range ('he') outranks a range with subtags ('he-IL') for the same language. */
  exact: boolean;
}

const parseQ = (params: string[]): number | null => {
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
    const value = param.slice(eq + 1).trim();
    return QVALUE.test(value) ? Number(value) : null;
  }
  return 1;
};

/** The best supported language for an Accept-Language header, or null when none is acceptable. */
export const languageFromAcceptLanguage = (header: string | null | undefined): Language | null => {
  if (typeof header !== 'string' || header === '') return null;
  const truncated = header.length > MAX_ACCEPT_LANGUAGE_LENGTH;
  const entries = header.slice(0, MAX_ACCEPT_LANGUAGE_LENGTH).split(',', MAX_ACCEPT_LANGUAGE_ENTRIES + 1);
  // The entry cut by the length bound is unreliable ('he;q=0.9' cut to 'he;q=0.'), so it goes too.
  if (truncated || entries.length > MAX_ACCEPT_LANGUAGE_ENTRIES) entries.pop();

  const prefs = new Map<Language, Preference>();
  let wildcard: Preference | undefined;
  for (const [order, entry] of entries.entries()) {
    const [rangePart = '', ...params] = entry.split(';');
    const range = rangePart.trim();
    if (range === '') continue;
    const q = parseQ(params);
    if (q === null) continue; // a malformed weight makes the whole entry meaningless
    if (range === '*') {
      wildcard ??= { q, order, exact: true };
      continue;
    }
    const language = matchLanguage(range);
    if (language === null) continue;
    const exact = !/[-_]/.test(range);
    const seen = prefs.get(language);
    // An exact range settles its language; among ranges with subtags the most welcome one counts.
    if (seen === undefined || (exact && !seen.exact) || (!exact && !seen.exact && q > seen.q)) {
      prefs.set(language, { q, order, exact });
    }
  }

  const candidates = [...prefs];
  // '*' stands for every language the header does not name; the default comes first among those.
  if (wildcard !== undefined) {
    const unnamed = [DEFAULT_LANGUAGE, ...SUPPORTED_LANGUAGES].find((l) => !prefs.has(l));
    if (unnamed !== undefined) candidates.push([unnamed, wildcard]);
  }
  let best: [Language, Preference] | undefined;
  for (const candidate of candidates) {
    const { q, order } = candidate[1];
    if (q <= 0) continue; // q=0 means "not acceptable"
    if (best === undefined || q > best[1].q || (q === best[1].q && order < best[1].order)) best = candidate;
  }
  return best === undefined ? null : best[0];
};

export interface LanguageSources {
  /** The `?lang` query parameter. */
  query?: string | null;
  /** The signed-in user's saved `locale`. */
  userLocale?: string | null;
  /** The `Accept-Language` request header. */
  acceptLanguage?: string | null;
}

/** `?lang`, then the user's locale, then Accept-Language, then English. Never throws. */
export const negotiateLanguage = (sources: LanguageSources): Language => {
  try {
    return (
      matchLanguage(sources.query) ??
      matchLanguage(sources.userLocale) ??
      languageFromAcceptLanguage(sources.acceptLanguage) ??
      DEFAULT_LANGUAGE
    );
  } catch {
    return DEFAULT_LANGUAGE;
  }
};
