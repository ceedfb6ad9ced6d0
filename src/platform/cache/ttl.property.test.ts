// Property 35 (cache TTL enforcement): an entry is served while it is younger than its TTL, and never after.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCache, MAX_TTL_SECONDS, MIN_TTL_SECONDS } from '.';
import { FakeClock, uniqueNamespace } from './test-helpers';

const isolate = (clock: FakeClock) => createCache({ kv: env.CACHE, db: env.DB, now: clock.now });

describe('Property 35: Cache TTL enforcement', () => {
  // 100 runs of real KV and D1 round trips: seconds, not the default 5 s, when other files run alongside.
  it('serves an entry from L1, from KV and through remember exactly while age < TTL', {
    timeout: 60_000,
  }, async () => {
    const ttlSeconds = fc.integer({ min: MIN_TTL_SECONDS, max: MAX_TTL_SECONDS });
    // Ages anywhere up to twice the TTL, and many within two seconds of it, where an off-by-one would show.
    const case_ = ttlSeconds.chain((ttl) =>
      fc.record({
        ttl: fc.constant(ttl),
        age: fc.oneof(
          fc.integer({ min: 0, max: 2 * ttl * 1_000 }),
          fc.integer({ min: ttl * 1_000 - 2_000, max: ttl * 1_000 + 2_000 }),
          fc.constantFrom(ttl * 1_000 - 1, ttl * 1_000),
        ),
      }),
    );

    await fc.assert(
      fc.asyncProperty(case_, async ({ ttl, age }) => {
        const clock = new FakeClock();
        const ns = uniqueNamespace('ttl');
        const writer = isolate(clock);
        await writer.set(ns, 'entry', { stored: true }, { ttlSeconds: ttl });
        const remembering = isolate(clock);
        await remembering.remember(ns, 'remembered', ttl, async () => 'first load');

        clock.advance(age);
        const served = age < ttl * 1_000;
        const expected = served ? { stored: true } : undefined;
        expect(await writer.get(ns, 'entry')).toEqual(expected); // the writer's isolate: L1 while it lasts
        expect(await isolate(clock).get(ns, 'entry')).toEqual(expected); // any other isolate: KV
        expect(await remembering.remember(ns, 'remembered', ttl, async () => 'second load')).toBe(
          served ? 'first load' : 'second load',
        );
      }),
      { numRuns: 100 },
    );
  });
});
