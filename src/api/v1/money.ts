// v1 spoke money as a decimal number of major units beside a `currency`; v2 speaks integer minor units.
import { Problem } from '../../platform/problems';

const digitsCache = new Map<string, number>();

/** The currency's minor-unit digits (ILS 2, JPY 0, KWD 3), from ICU. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

export const toMajorUnits = (amount: number, currency: string): number =>
  amount / 10 ** minorUnitDigits(currency);

/** A v1 decimal to v2 minor units; more decimals than the currency has is a 422 on `path`. */
export function toMinorUnits(value: unknown, currency: string, path: string): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value; // v2's schema reports the type error
  const digits = minorUnitDigits(currency);
  const minor = Math.round(value * 10 ** digits);
  if (Math.abs(minor / 10 ** digits - value) > 1e-9) {
    throw new Problem('validation_failed', {
      errors: [{ path, code: 'invalid_precision', messageKey: 'validation.custom', params: { digits } }],
    });
  }
  return minor;
}

const isMoney = (value: unknown): value is { amount: number; currency: string; formatted: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { amount?: unknown }).amount === 'number' &&
  typeof (value as { currency?: unknown }).currency === 'string' &&
  typeof (value as { formatted?: unknown }).formatted === 'string';

/** Every v2 Money object in `value` becomes v1's decimal number of major units. */
export function moneyToDecimals(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(moneyToDecimals);
  if (isMoney(value)) return toMajorUnits(value.amount, value.currency);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, moneyToDecimals(item)]));
  }
  return value;
}
