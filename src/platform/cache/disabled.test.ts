// CACHE_DISABLED = "true" (bench and diagnostics): the cache steps aside without touching L1 or KV, and writers still
// invalidate, so the readers of an enabled cache stay correct.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { type CacheBindings, cacheFor, storageKey } from '.';
import { inRequest, uniqueNamespace } from './test-helpers';

const disabled: CacheBindings = { ...env, CACHE_DISABLED: 'true' };

describe('Cache with CACHE_DISABLED = "true"', () => {
  it('remember() calls the loader every time, get() misses, set() stores nothing, invalidate() still bumps', async () => {
    const cache = cacheFor(disabled);
    expect(cache).not.toBe(cacheFor(env));
    expect(cacheFor(disabled)).toBe(cache);
    const ns = uniqueNamespace();
    let loads = 0;
    const { result, metrics } = await inRequest(async () => [
      await cache.remember(ns, 'record', 300, async () => ++loads),
      await cache.remember(ns, 'record', 300, async () => ++loads),
      await cache.set(ns, 'other', 'ignored', { ttlSeconds: 300 }),
      await cache.get(ns, 'other'),
    ]);
    expect(result).toEqual([1, 2, undefined, undefined]);
    // No version read from D1 and no KV entry: the cache layer is not there at all.
    expect([metrics.cacheHits, metrics.cacheMisses, metrics.dbQueries]).toEqual([0, 3, 0]);
    const version = await cacheFor(env).versionOf(ns);
    for (const key of ['record', 'other'])
      expect(await env.CACHE.get(storageKey(ns, version, key))).toBeNull();
    // The enabled cache of the same KV did not get the values either.
    expect(await cacheFor(env).get(ns, 'other')).toBeUndefined();

    await cache.invalidate(ns);
    expect(await cache.versionOf(ns)).toBeGreaterThan(version);
    expect(await cacheFor(env).versionOf(ns)).toBeGreaterThan(version);
  });
});
