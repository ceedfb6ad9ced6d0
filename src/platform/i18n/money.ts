// Formats money held in minor units (agorot, cents) for display in a language, with the currency's own decimals.
import type { Language } from './languages';

const CURRENCY_CODE = /^[A-Z]{3}$/;
// Bounded: a well-formed code is 3 letters, but nothing stops a caller from trying all 17,576 of them.
const MAX_CACHED_FORMATTERS = 256;
/** A formatter and its currency's minor-unit digits, both resolved once per isolate (resolvedOptions allocates). */
interface CurrencyFormat {
  formatter: Intl.NumberFormat;
  digits: number;
}
const formatters = new Map<string, CurrencyFormat>();

const currencyFormatter = (lang: Language, currency: string): CurrencyFormat => {
  const cacheKey = `${lang}:${currency}`;
  let format = formatters.get(cacheKey);
  if (format === undefined) {
    const formatter = new Intl.NumberFormat(lang, { style: 'currency', currency });
    format = { formatter, digits: formatter.resolvedOptions().maximumFractionDigits ?? 2 };
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    formatters.set(cacheKey, format);
  }
  return format;
};

/**
 * The exact decimal string of `amountMinor / 10^digits` ("45000", 2 → "450.00"), so large amounts are not
 * rounded through floating point; non-integers and unsafe integers go through division instead.
 */
const majorUnits = (amountMinor: number, digits: number): `${number}` | number => {
  if (!Number.isSafeInteger(amountMinor)) return amountMinor / 10 ** digits;
  if (digits === 0) return `${amountMinor}`;
  const sign = amountMinor < 0 ? '-' : '';
  const abs = `${Math.abs(amountMinor)}`.padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` as `${number}`;
};

/**
 * `formatMoney(45000, 'ILS', 'he')` → "‏450.00 ‏₪" (whatever the runtime's ICU produces). Minor-unit digits
 * come from the currency itself (ILS 2, JPY 0, KWD 3). A malformed currency code never throws: the amount is
 * shown with two decimals and the code after it ("450.00 XXX").
 */
export const formatMoney = (amountMinor: number, currency: string, lang: Language): string => {
  const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
  if (CURRENCY_CODE.test(code)) {
    try {
      const { formatter, digits } = currencyFormatter(lang, code);
      return formatter.format(majorUnits(amountMinor, digits));
    } catch {
      // fall through to the plain rendering below
    }
  }
  const shown = /^[A-Z0-9]{1,8}$/.test(code) ? code : 'XXX';
  try {
    const number = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return `${number.format(majorUnits(amountMinor, 2))} ${shown}`;
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${shown}`;
  }
};
