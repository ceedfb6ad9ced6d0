// Invalidation by namespace version: the writer's isolate at once, every other isolate within the bound.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { type CacheOptions, createCache, DEFAULT_VERSION_TTL_MS, storageKey } from '.';
import { DeferredWork, FakeClock, gate, inRequest, uniqueNamespace } from './test-helpers';

const BOUND = DEFAULT_VERSION_TTL_MS;

/** One isolate's cache; isolates of one test share the world's clock, each has its own memo and L1. */
const isolate = (clock: FakeClock, options: Partial<CacheOptions> = {}) =>
  createCache({ kv: env.CACHE, db: env.DB, now: clock.now, defer: new DeferredWork().defer, ...options });

/** Stands in for a row in D1 that a loader reads and a write changes. */
const row = (initial: string) => {
  const state = { value: initial, loads: 0 };
  const load = async () => {
    state.loads += 1;
    return state.value;
  };
  return { state, load };
};

describe('Cache invalidation', () => {
  it('lets the isolate that invalidated read the new value at once', async () => {
    const clock = new FakeClock();
    const cache = isolate(clock);
    const ns = uniqueNamespace('building');
    const building = row('Maple Court');
    await expect(cache.remember(ns, 'record', 300, building.load)).resolves.toBe('Maple Court');

    building.state.value = 'Maple Court East'; // the write commits…
    await cache.invalidate(ns); // …then the bump
    const { result, metrics } = await inRequest(() => cache.remember(ns, 'record', 300, building.load));
    expect(result).toBe('Maple Court East');
    expect(building.state.loads).toBe(2);
    expect([metrics.cacheHits, metrics.cacheMisses]).toEqual([0, 1]);
  });

  it('leaves old entries in KV but out of reach, so KV propagation delay cannot serve them', async () => {
    const clock = new FakeClock();
    const cache = isolate(clock);
    const ns = uniqueNamespace('building');
    await cache.set(ns, 'record', 'old', { ttlSeconds: 300 });
    const oldKey = storageKey(ns, await cache.versionOf(ns), 'record');

    await cache.invalidate(ns);
    const newKey = storageKey(ns, await cache.versionOf(ns), 'record');
    expect(newKey).not.toBe(oldKey);
    await expect(env.CACHE.get(oldKey)).resolves.not.toBeNull(); // still there, as a lagging KV replica would be
    await expect(cache.get(ns, 'record')).resolves.toBeUndefined();
    await expect(isolate(clock).get(ns, 'record')).resolves.toBeUndefined();
  });

  it('reaches another isolate once its version is as old as the bound, and not later', async () => {
    const clock = new FakeClock();
    const writer = isolate(clock);
    const reader = isolate(clock);
    const ns = uniqueNamespace('building');
    const building = row('old');
    await expect(reader.remember(ns, 'record', 300, building.load)).resolves.toBe('old'); // version read now

    clock.advance(1_000);
    building.state.value = 'new';
    await writer.invalidate(ns);
    await expect(writer.remember(ns, 'record', 300, building.load)).resolves.toBe('new');
    // Within the bound the reader may still answer from the version it knows: that is the stated staleness.
    await expect(reader.remember(ns, 'record', 300, building.load)).resolves.toBe('old');

    clock.advance(BOUND - 1_000); // the reader's version is now exactly BOUND old
    await expect(reader.remember(ns, 'record', 300, building.load)).resolves.toBe('new');
  });

  it('renews a version in the background past half the bound, so the read does not wait on D1', async () => {
    const clock = new FakeClock();
    const background = new DeferredWork();
    const reader = isolate(clock, { defer: background.defer });
    const writer = isolate(clock);
    const ns = uniqueNamespace('building');
    await reader.set(ns, 'record', 'old', { ttlSeconds: 300 });
    await writer.invalidate(ns);
    await writer.set(ns, 'record', 'new', { ttlSeconds: 300 });

    clock.advance(BOUND / 2 - 1);
    await expect(reader.get(ns, 'record')).resolves.toBe('old');
    expect(background.count).toBe(0);

    clock.advance(1);
    const { result, metrics } = await inRequest(() => reader.get(ns, 'record'));
    expect(result).toBe('old'); // answered with the known version…
    expect(metrics.cacheHits).toBe(1);
    expect(background.count).toBe(1); // …while one renewal was handed to waitUntil
    await expect(reader.get(ns, 'record')).resolves.toBe('old');
    expect(background.count).toBe(1); // one renewal at a time

    await background.settle();
    await expect(reader.get(ns, 'record')).resolves.toBe('new'); // earlier than the bound
  });

  it('never moves a version back when a renewal sent before a bump returns after it', async () => {
    const clock = new FakeClock();
    const background = new DeferredWork();
    const cache = isolate(clock, { defer: background.defer });
    const ns = uniqueNamespace('building');
    const before = await cache.versionOf(ns);

    clock.advance(BOUND / 2);
    await cache.versionOf(ns); // sends the renewal (D1 runs it before the bump below)
    expect(background.count).toBe(1);
    await cache.invalidate(ns);
    const bumped = await cache.versionOf(ns);
    await background.settle();
    expect(bumped).toBeGreaterThan(before);
    await expect(cache.versionOf(ns)).resolves.toBe(bumped);
  });

  it('stores a load that raced an invalidation under the old version only', async () => {
    const clock = new FakeClock();
    const reader = isolate(clock);
    const writer = isolate(clock);
    const ns = uniqueNamespace('building');
    const started = gate<void>();
    const loaded = gate<void>();
    let value = 'old';
    const slowLoad = async () => {
      const seen = value; // the reader's query runs before the write…
      started.resolve();
      await loaded.promise;
      return seen;
    };
    const reading = reader.remember(ns, 'record', 300, slowLoad);
    await started.promise;
    value = 'new'; // …the write commits and is invalidated while the reader is still loading
    await writer.invalidate(ns);
    loaded.resolve();
    await expect(reading).resolves.toBe('old');

    await expect(writer.remember(ns, 'record', 300, async () => value)).resolves.toBe('new');
    await expect(isolate(clock).remember(ns, 'record', 300, async () => value)).resolves.toBe('new');
  });

  it('bumps several namespaces together and leaves the others alone', async () => {
    const clock = new FakeClock();
    const cache = isolate(clock);
    const [a, b, c] = [
      uniqueNamespace('building'),
      uniqueNamespace('user-memberships'),
      uniqueNamespace('x'),
    ];
    for (const ns of [a, b, c]) await cache.set(ns, 'k', ns, { ttlSeconds: 300 });
    await cache.invalidate(a, b);
    const other = isolate(clock);
    await expect(other.get(a, 'k')).resolves.toBeUndefined();
    await expect(other.get(b, 'k')).resolves.toBeUndefined();
    await expect(other.get(c, 'k')).resolves.toBe(c);
  });
});
