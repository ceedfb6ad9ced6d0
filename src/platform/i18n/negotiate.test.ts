// Tests language negotiation: source precedence, Accept-Language q-values, aliases and hostile input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRightToLeft, SUPPORTED_LANGUAGES, textDirection } from './index';
import {
  languageFromAcceptLanguage,
  MAX_ACCEPT_LANGUAGE_ENTRIES,
  MAX_ACCEPT_LANGUAGE_LENGTH,
  matchLanguage,
  negotiateLanguage,
} from './negotiate';

describe('negotiateLanguage', () => {
  it('prefers ?lang, then the user locale, then Accept-Language, then English', () => {
    expect(negotiateLanguage({ query: 'he', userLocale: 'en', acceptLanguage: 'en' })).toBe('he');
    expect(negotiateLanguage({ query: 'en', userLocale: 'he', acceptLanguage: 'he' })).toBe('en');
    expect(negotiateLanguage({ query: null, userLocale: 'he', acceptLanguage: 'en' })).toBe('he');
    expect(negotiateLanguage({ userLocale: 'en-US', acceptLanguage: 'he' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'he' })).toBe('he');
    expect(negotiateLanguage({})).toBe('en');
    expect(negotiateLanguage({ query: null, userLocale: null, acceptLanguage: null })).toBe('en');
  });

  it('falls through an unsupported or malformed source to the next one', () => {
    expect(negotiateLanguage({ query: 'fr', userLocale: 'he', acceptLanguage: 'en' })).toBe('he');
    expect(negotiateLanguage({ query: 'fr', acceptLanguage: 'he' })).toBe('he');
    expect(negotiateLanguage({ query: '', userLocale: 'de-DE', acceptLanguage: 'he-IL' })).toBe('he');
    expect(negotiateLanguage({ query: 'he;q=1', acceptLanguage: 'en' })).toBe('en');
    expect(negotiateLanguage({ query: 'fr', userLocale: 'es' })).toBe('en');
  });

  it('weighs Accept-Language by q-value', () => {
    expect(negotiateLanguage({ acceptLanguage: 'en;q=0.2, he;q=0.9' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: 'he;q=0.5, en' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'fr-FR, fr;q=0.9, he;q=0.8, en;q=0.7' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: 'he;Q=0.9,en;q=0.3' })).toBe('he');
  });

  it('treats q=0 as "not acceptable"', () => {
    expect(negotiateLanguage({ acceptLanguage: 'he;q=0' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'he;q=0.000, en;q=0.1' })).toBe('en');
    expect(languageFromAcceptLanguage('he;q=0')).toBeNull();
    expect(negotiateLanguage({ acceptLanguage: 'en;q=0, he;q=0.1' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: 'en;q=0, *' })).toBe('he');
  });

  it('keeps header order on equal weights', () => {
    expect(negotiateLanguage({ acceptLanguage: 'he, en' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: 'en, he' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'he;q=0.5, en;q=0.5' })).toBe('he');
  });

  it('matches region subtags and the old code iw', () => {
    expect(negotiateLanguage({ acceptLanguage: 'he-IL,he;q=0.9,en-US;q=0.8' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: 'iw' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: 'iw-IL, en;q=0.5' })).toBe('he');
    expect(negotiateLanguage({ query: 'iw' })).toBe('he');
    expect(negotiateLanguage({ userLocale: 'he_IL' })).toBe('he');
    expect(negotiateLanguage({ query: 'HE-il' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: 'en-GB' })).toBe('en');
    // An exact range outranks a regional one for the same language.
    expect(negotiateLanguage({ acceptLanguage: 'he-IL;q=0.9, he;q=0, en;q=0.1' })).toBe('en');
  });

  it('lets * stand for the default language', () => {
    expect(negotiateLanguage({ acceptLanguage: '*' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'fr, *;q=0.5' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: '*;q=0.5, he;q=0.6' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: 'he;q=0, *;q=0.1' })).toBe('en');
  });

  it('ignores malformed entries and keeps the valid ones', () => {
    expect(negotiateLanguage({ acceptLanguage: 'he;q=abc, en;q=0.1' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: 'he;q=1.5, en;q=0.1' })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: ',,;;, he ;q=0.4 ,' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: '$$$, 12, he' })).toBe('he');
    expect(negotiateLanguage({ acceptLanguage: '' })).toBe('en');
  });

  it('ignores Accept-Language beyond 50 entries and 4 KiB', () => {
    const filler = Array.from({ length: MAX_ACCEPT_LANGUAGE_ENTRIES }, () => 'fr').join(',');
    expect(negotiateLanguage({ acceptLanguage: `${filler},he` })).toBe('en');
    const fewer = Array.from({ length: MAX_ACCEPT_LANGUAGE_ENTRIES - 1 }, () => 'fr').join(',');
    expect(negotiateLanguage({ acceptLanguage: `${fewer},he` })).toBe('he');

    const long = `${'x'.repeat(MAX_ACCEPT_LANGUAGE_LENGTH)},he`;
    expect(negotiateLanguage({ acceptLanguage: long })).toBe('en');
    // An entry cut by the length bound is dropped rather than misread ("heb" cut to "he").
    const head = 'en;q=0.5,';
    const cut = `${head}${'x'.repeat(MAX_ACCEPT_LANGUAGE_LENGTH - head.length - ',he'.length)},heb`;
    expect(cut.slice(0, MAX_ACCEPT_LANGUAGE_LENGTH).endsWith(',he')).toBe(true);
    expect(negotiateLanguage({ acceptLanguage: `${head}heb` })).toBe('en');
    expect(negotiateLanguage({ acceptLanguage: cut })).toBe('en');
  });

  it('handles a huge header quickly', () => {
    const huge = 'he-IL;q=0.5,'.repeat(200_000);
    const start = performance.now();
    expect(negotiateLanguage({ acceptLanguage: huge })).toBe('he');
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('never throws and always answers a supported language', () => {
    const tag = fc.stringMatching(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,2}$/);
    const entry = fc
      .tuple(fc.oneof(tag, fc.constant('*'), fc.string()), fc.option(fc.string()))
      .map(([range, q]) => (q === null ? range : `${range};q=${q}`));
    const header = fc.oneof(
      fc.string(),
      fc.array(entry, { maxLength: 60 }).map((e) => e.join(',')),
    );
    const source = fc.option(fc.oneof(fc.string(), fc.constantFrom('he', 'iw', 'en', 'he-IL')), {
      nil: undefined,
    });
    fc.assert(
      fc.property(
        source,
        source,
        fc.option(header, { nil: undefined }),
        (query, userLocale, acceptLanguage) => {
          const lang = negotiateLanguage({ query, userLocale, acceptLanguage });
          expect(SUPPORTED_LANGUAGES).toContain(lang);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('matchLanguage', () => {
  it('maps tags to supported languages', () => {
    expect(matchLanguage('he')).toBe('he');
    expect(matchLanguage('iw')).toBe('he');
    expect(matchLanguage('en-Latn-US')).toBe('en');
    expect(matchLanguage('english')).toBeNull();
    expect(matchLanguage('he IL')).toBeNull();
    expect(matchLanguage(undefined)).toBeNull();
  });
});

describe('text direction', () => {
  it('is right-to-left for Hebrew only', () => {
    expect(isRightToLeft('he')).toBe(true);
    expect(isRightToLeft('en')).toBe(false);
    expect(textDirection('he')).toBe('rtl');
    expect(textDirection('en')).toBe('ltr');
  });
});
