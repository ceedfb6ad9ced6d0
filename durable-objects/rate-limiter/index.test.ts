// The RateLimiter Durable Object: exact counting (Property 12 at the counter), refusal timing and clean-up of idle counters.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '.';

/** A counter no other test uses. */
const freshLimiter = () => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`test:${crypto.randomUUID()}`));

describe('Property 12: Rate limit enforcement (at the counter)', () => {
  it('of k concurrent hits against a limit of n, exactly min(k, n) are allowed; the others wait ≥ 1 s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 20 }), async (n, k) => {
        const limiter = freshLimiter();
        const decisions = await Promise.all(Array.from({ length: k }, () => limiter.hit(n, 60)));
        const allowed = decisions.filter((d) => d.allowed);
        expect(allowed).toHaveLength(Math.min(k, n));
        // Every admitted hit saw a different count: the remaining values are n-1, n-2, … exactly once each.
        expect(allowed.map((d) => d.remaining).sort((a, b) => b - a)).toEqual(
          Array.from({ length: Math.min(k, n) }, (_, i) => n - 1 - i),
        );
        for (const d of decisions) {
          expect(d.limit).toBe(n);
          expect(d.resetSeconds).toBeGreaterThanOrEqual(1);
          expect(d.resetSeconds).toBeLessThanOrEqual(60);
          if (!d.allowed) expect(d.remaining).toBe(0);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('RateLimiter', () => {
  it('counters are independent per object (policy and client)', async () => {
    const a = freshLimiter();
    const b = freshLimiter();
    expect((await a.hit(1, 60)).allowed).toBe(true);
    expect((await a.hit(1, 60)).allowed).toBe(false);
    expect((await b.hit(1, 60)).allowed).toBe(true);
  });

  it('a lowered limit waits for enough hits to expire, and refused hits are not counted', async () => {
    const limiter = freshLimiter();
    for (let i = 0; i < 5; i += 1) await limiter.hit(10, 60);
    const refused = await limiter.hit(2, 60);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 2 });
    for (let i = 0; i < 5; i += 1) await limiter.hit(2, 60);
    await runInDurableObject(limiter, (_instance: RateLimiter, state) => {
      expect(state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM hits').one().n).toBe(5);
    });
  });

  it('hits leave the window when it ends: an expired hit frees its place', async () => {
    const limiter = freshLimiter();
    expect((await limiter.hit(1, 60)).allowed).toBe(true);
    await runInDurableObject(limiter, (_instance: RateLimiter, state) => {
      state.storage.sql.exec('UPDATE hits SET until = ?', Date.now() - 1);
    });
    expect(await limiter.hit(1, 60)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('the alarm keeps live hits and deletes the storage of an idle counter, which then starts afresh', async () => {
    const limiter = freshLimiter();
    await limiter.hit(3, 60);
    expect(await runDurableObjectAlarm(limiter)).toBe(true);
    await runInDurableObject(limiter, async (_instance: RateLimiter, state) => {
      expect(state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM hits').one().n).toBe(1);
      expect(await state.storage.getAlarm()).not.toBeNull();
      state.storage.sql.exec('UPDATE hits SET until = ?', Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(limiter)).toBe(true);
    await runInDurableObject(limiter, async (_instance: RateLimiter, state) => {
      const tables = state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'hits'")
        .toArray();
      expect(tables).toEqual([]);
      expect(await state.storage.getAlarm()).toBeNull();
    });
    expect(await limiter.hit(3, 60)).toMatchObject({ allowed: true, remaining: 2 });
  });
});
