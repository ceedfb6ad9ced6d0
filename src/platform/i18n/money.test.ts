// Tests formatMoney against the runtime's own Intl, with each currency's minor-unit digits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Language } from './languages';
import { formatMoney } from './money';

const viaIntl = (major: number, currency: string, lang: Language): string =>
  new Intl.NumberFormat(lang, { style: 'currency', currency }).format(major);

describe('formatMoney', () => {
  it.each([
    ['en', 'ILS', 45000, 450],
    ['he', 'ILS', 45000, 450],
    ['en', 'USD', 45000, 450],
    ['he', 'USD', 45000, 450],
    ['en', 'JPY', 450, 450],
    ['he', 'JPY', 450, 450],
    ['en', 'KWD', 450000, 450],
  ] as const)('%s %s %d minor units', (lang, currency, minor, major) => {
    const out = formatMoney(minor, currency, lang);
    expect(out).toBe(viaIntl(major, currency, lang));
    expect(out).toContain('450');
  });

  it('uses two decimals for ILS and USD and none for JPY', () => {
    expect(formatMoney(45000, 'ILS', 'he')).toContain('450.00');
    expect(formatMoney(45050, 'USD', 'en')).toContain('450.50');
    expect(formatMoney(450, 'JPY', 'en')).not.toMatch(/450[.,]\d/);
  });

  it('keeps Hebrew output right-to-left marked as Intl does', () => {
    const out = formatMoney(45000, 'ILS', 'he');
    expect(out).toContain('₪');
    expect(out).toBe(new Intl.NumberFormat('he', { style: 'currency', currency: 'ILS' }).format(450));
  });

  it('handles negatives, small amounts, lower-case codes and large integers exactly', () => {
    expect(formatMoney(-5, 'ILS', 'en')).toBe(viaIntl(-0.05, 'ILS', 'en'));
    expect(formatMoney(7, 'USD', 'en')).toBe(viaIntl(0.07, 'USD', 'en'));
    expect(formatMoney(45000, 'ils', 'en')).toBe(viaIntl(450, 'ILS', 'en'));
    expect(formatMoney(9_007_199_254_740_991, 'USD', 'en')).toContain('90,071,992,547,409.91');
  });

  it('does not throw on an unknown or malformed currency', () => {
    expect(formatMoney(45000, 'XYZ', 'en')).toBe(viaIntl(450, 'XYZ', 'en'));
    expect(formatMoney(45000, 'US', 'en')).toBe('450.00 US');
    expect(formatMoney(45000, '', 'en')).toBe('450.00 XXX');
    expect(formatMoney(45000, '€€€', 'he')).toMatch(/450\.00 XXX$/);
    expect(formatMoney(45000, 'DOLLARS!', 'en')).toBe('450.00 XXX');
  });

  it('never throws, whatever the amount and the code', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.double()),
        fc.oneof(fc.string(), fc.stringMatching(/^[A-Z]{3}$/)),
        fc.constantFrom<Language>('en', 'he'),
        (amount, currency, lang) => {
          expect(typeof formatMoney(amount, currency, lang)).toBe('string');
        },
      ),
      { numRuns: 200 },
    );
  });
});
