// Tests t() and hasTranslation(): fallback to English then to a generic message, interpolation, plurals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FALLBACK_MESSAGE, hasTranslation, t } from './index';
import type { Language } from './languages';
import { en } from './locales/en';
import { he } from './locales/he';
import { leaves, placeholders, withoutLeaves } from './test-helpers';
import { createTranslator } from './translator';

const enLeaves = leaves(en);
const heLeaves = leaves(he);
const realKeys = [...enLeaves.keys()];

// Keys that are not texts: object nodes, prototype members, namespace- and nesting-looking strings.
const trickyKeys = [
  '',
  'problems',
  'problems.not_found',
  'validation.formats',
  'validation.too_small_string',
  'constructor',
  '__proto__',
  'toString',
  'problems.__proto__',
  'problems.constructor.name',
  'hasOwnProperty',
  'translation:problems.not_found.title',
  '$t(problems.internal.title)',
  '{{key}}',
  'problems..not_found.title',
  'problems.not_found.title.',
  '.',
  'cimode',
];

const languageArb = fc.constantFrom<Language>('en', 'he');
const keyArb = fc.oneof(
  fc.constantFrom(...realKeys),
  fc.constantFrom(...trickyKeys),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc
    .array(fc.constantFrom('problems', 'validation', 'password', 'title', 'not_found', 'x'), {
      minLength: 1,
      maxLength: 4,
    })
    .map((parts) => parts.join('.')),
);

/** What t() must answer, computed without i18next: own text, else English, else the generic message. */
const expected = (
  own: ReadonlyMap<string, string>,
  lang: Language,
  key: string,
  params: Record<string, string>,
): string => {
  const text = (lang === 'he' ? own.get(key) : undefined) || enLeaves.get(key);
  if (text === undefined || text === '') return FALLBACK_MESSAGE;
  return text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => params[name] ?? '');
};

describe('t', () => {
  it('Property 44: Translation fallback', () => {
    fc.assert(
      fc.property(
        // Which Hebrew texts to drop, so keys exist in English only as well as in both and in neither.
        fc.subarray([...heLeaves.keys()]),
        languageArb,
        keyArb,
        fc.string(),
        (dropped, lang, key, value) => {
          const partialHe = withoutLeaves(he, new Set(dropped));
          const own = leaves(partialHe);
          const translator = createTranslator({ en, he: partialHe });
          const text = enLeaves.get(key) ?? '';
          const params = Object.fromEntries(placeholders(text).map((name) => [name, value]));
          const out = translator.t(lang, key, params);

          expect(out).toBe(expected(own, lang, key, params));
          expect(out).not.toBe('');
          if (!enLeaves.has(key)) expect(out).toBe(FALLBACK_MESSAGE);
          if (key !== FALLBACK_MESSAGE && !enLeaves.has(key)) expect(out).not.toBe(key);
          expect(translator.hasTranslation(lang, key)).toBe(lang === 'en' ? enLeaves.has(key) : own.has(key));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the shared instance never answers a raw key or an empty string', () => {
    fc.assert(
      fc.property(languageArb, keyArb, (lang, key) => {
        const out = t(lang, key);
        expect(typeof out).toBe('string');
        expect(out).not.toBe('');
        if (!enLeaves.has(key)) expect(out).toBe(FALLBACK_MESSAGE);
      }),
      { numRuns: 300 },
    );
  });

  it('answers the language’s own text, or English when the language lacks the key', () => {
    const translator = createTranslator({
      en: { both: 'Both', enOnly: 'English only', empty: 'Not empty in English' },
      he: { both: 'שניהם', empty: '' },
    });
    expect(translator.t('he', 'both')).toBe('שניהם');
    expect(translator.t('en', 'both')).toBe('Both');
    expect(translator.t('he', 'enOnly')).toBe('English only');
    // An empty translation counts as missing.
    expect(translator.t('he', 'empty')).toBe('Not empty in English');
    expect(translator.t('he', 'neither')).toBe(FALLBACK_MESSAGE);
    expect(translator.hasTranslation('he', 'enOnly')).toBe(false);
    expect(translator.hasTranslation('en', 'enOnly')).toBe(true);
    expect(translator.hasTranslation('he', 'empty')).toBe(false);
  });

  it('interpolates in Hebrew and English', () => {
    expect(t('he', 'password.too_short', { minimum: 12 })).toBe('הסיסמה צריכה להכיל לפחות 12 תווים.');
    expect(t('en', 'password.too_short', { minimum: 12 })).toBe(
      'Password must be at least 12 characters long.',
    );
    expect(t('he', 'validation.formats.starts_with', { prefix: 'IL' })).toBe('הערך צריך להתחיל ב-"IL".');
  });

  it('does not HTML-escape, re-interpolate or nest parameter values', () => {
    expect(t('en', 'validation.formats.includes', { includes: '<b>&"' })).toBe('Must contain "<b>&"".');
    expect(t('he', 'validation.formats.includes', { includes: '{{includes}}' })).toBe(
      'הערך צריך לכלול את "{{includes}}".',
    );
    expect(t('en', 'validation.formats.includes', { includes: '$t(problems.internal.title)' })).toBe(
      'Must contain "$t(problems.internal.title)".',
    );
  });

  it('leaves no placeholder behind when a parameter is missing', () => {
    expect(t('en', 'password.too_short')).toBe('Password must be at least  characters long.');
    expect(t('he', 'password.too_short')).not.toContain('{{');
  });

  it('does not let parameters act as i18next options', () => {
    expect(t('he', 'problems.not_found.title', { lng: 'en', defaultValue: 'x', ns: 'other' })).toBe(
      'לא נמצא',
    );
    expect(t('en', 'nope', { defaultValue: 'x' })).toBe(FALLBACK_MESSAGE);
  });

  it('picks plural forms by count, including the Hebrew dual', () => {
    const key = 'validation.too_small_string';
    expect(t('en', key, { count: 1, minimum: 1 })).toBe('Must be at least 1 character long.');
    expect(t('en', key, { count: 5, minimum: 5 })).toBe('Must be at least 5 characters long.');
    expect(t('he', key, { count: 1, minimum: 1 })).toBe('יש להזין לפחות תו אחד.');
    expect(t('he', key, { count: 2, minimum: 2 })).toBe('יש להזין לפחות שני תווים.');
    expect(t('he', key, { count: 5, minimum: 5 })).toBe('יש להזין לפחות 5 תווים.');
    expect(t('he', key, { count: 20, minimum: 20 })).toBe('יש להזין לפחות 20 תווים.');
    // Plural forms exist, but the bare key does not: hasTranslation is about the key itself.
    expect(hasTranslation('he', key)).toBe(false);
    expect(hasTranslation('he', `${key}_two`)).toBe(true);
  });

  it('falls back per plural family when the language lacks it', () => {
    const translator = createTranslator({
      en: { apples_one: '{{count}} apple', apples_other: '{{count}} apples' },
      he: { pears_one: 'אגס אחד', pears_other: '{{count}} אגסים' },
    });
    expect(translator.t('he', 'apples', { count: 2 })).toBe('2 apples');
    expect(translator.t('he', 'pears', { count: 7 })).toBe('7 אגסים');
    expect(translator.t('en', 'pears', { count: 7 })).toBe(FALLBACK_MESSAGE);
  });

  it('treats an unsupported language as English instead of failing', () => {
    expect(t('fr' as Language, 'problems.not_found.title')).toBe('Not found');
  });
});
