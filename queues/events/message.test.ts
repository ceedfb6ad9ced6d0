import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryBaseSeconds, retryDelaySeconds } from './message';

describe('retry backoff', () => {
  it('Property: the delay doubles per attempt within ±20 % jitter and never passes 12 h', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, base, random) => {
          const delay = retryDelaySeconds(attempt, base, () => random);
          const nominal = Math.min(base * 2 ** (attempt - 1), 43_200);
          expect(delay).toBeLessThanOrEqual(43_200);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
          expect(delay).toBeLessThanOrEqual(Math.min(43_200, Math.ceil(nominal * 1.2)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads EVENT_RETRY_BASE_SECONDS, falling back to 10', () => {
    expect(retryBaseSeconds({ EVENT_RETRY_BASE_SECONDS: '30' })).toBe(30);
    expect(retryBaseSeconds({ EVENT_RETRY_BASE_SECONDS: '0' })).toBe(0);
    expect(retryBaseSeconds({ EVENT_RETRY_BASE_SECONDS: 'x' })).toBe(10);
    expect(retryBaseSeconds({})).toBe(10);
  });
});
