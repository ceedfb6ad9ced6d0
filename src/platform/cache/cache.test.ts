// Unit tests of the cache service (seed task 4.4): hit and miss, cache-aside, single flight, TTL, failures.
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../../test/helpers/logs';
import { createCache, MAX_TTL_SECONDS, storageKey } from '.';
import { FakeClock, gate, inRequest, uniqueNamespace } from './test-helpers';

const clock = new FakeClock();
const cacheAt = (now = clock.now, l1 = true) =>
  createCache({ kv: env.CACHE, db: env.DB, now, ...(l1 ? {} : { l1: false as const }) });

/** The KV key an entry of `namespace` lives under right now. */
const kvKey = async (namespace: string, key: string) =>
  storageKey(namespace, await cacheAt().versionOf(namespace), key);

let logs: ReturnType<typeof captureLogs> | undefined;
afterEach(() => {
  logs?.restore();
  logs = undefined;
});

describe('Cache: hit and miss', () => {
  it('is a miss before a set and a hit after it; each lookup counts once in the request metrics', async () => {
    const cache = cacheAt();
    const ns = uniqueNamespace();
    const { result, metrics } = await inRequest(async () => {
      const before = await cache.get<{ name: string }>(ns, 'record');
      await cache.set(ns, 'record', { name: 'Maple Court' }, { ttlSeconds: 300 });
      return { before, after: await cache.get<{ name: string }>(ns, 'record') };
    });
    expect(result).toEqual({ before: undefined, after: { name: 'Maple Court' } });
    expect([metrics.cacheHits, metrics.cacheMisses]).toEqual([1, 1]);
    expect(metrics.serverTiming(1)).toContain('cache;desc="1 hit 1 miss"');
  });

  it('serves what one isolate stored to another through KV, with Dates, nulls and nesting intact', async () => {
    const ns = uniqueNamespace();
    const value = {
      id: 'b-1',
      createdAt: new Date('2026-11-25T10:00:00.000Z'),
      deletedAt: null,
      nested: { list: [1, 'two', null, { at: new Date(0) }], flag: true },
    };
    await cacheAt().set(ns, 'record', value, { ttlSeconds: 300 });
    await cacheAt().set(ns, 'nothing', null, { ttlSeconds: 300 });

    const other = cacheAt(); // a fresh instance: empty L1 and version memo, like another isolate
    const { result, metrics } = await inRequest(async () => ({
      record: await other.get<typeof value>(ns, 'record'),
      nothing: await other.get<null>(ns, 'nothing'),
    }));
    expect(result.record).toEqual(value);
    expect(result.record?.createdAt).toBeInstanceOf(Date);
    expect(result.nothing).toBeNull(); // a cached null is a hit, not a miss
    expect([metrics.cacheHits, metrics.cacheMisses]).toEqual([2, 0]);
  });

  it('remember loads on the first call only, and a later request costs no D1 query', async () => {
    const cache = cacheAt();
    const ns = uniqueNamespace();
    let loads = 0;
    const loader = async () => ({ name: `load ${++loads}` });

    const first = await inRequest(() => cache.remember(ns, 'record', 300, loader));
    const second = await inRequest(async () => [
      await cache.remember(ns, 'record', 300, loader),
      await cache.remember(ns, 'record', 300, loader),
    ]);
    expect(first.result).toEqual({ name: 'load 1' });
    expect(second.result).toEqual([{ name: 'load 1' }, { name: 'load 1' }]);
    expect(loads).toBe(1);
    expect([first.metrics.cacheHits, first.metrics.cacheMisses]).toEqual([0, 1]);
    expect(first.metrics.dbQueries).toBe(1); // the namespace version, once per isolate per bound
    expect([second.metrics.cacheHits, second.metrics.cacheMisses, second.metrics.dbQueries]).toEqual([
      2, 0, 0,
    ]);
  });

  it('answers hot reads from the in-isolate L1: no KV read, no D1 query, counted as a hit', async () => {
    const cache = cacheAt();
    const ns = uniqueNamespace();
    await cache.remember(ns, 'record', 300, async () => 'from the loader');
    await env.CACHE.delete(await kvKey(ns, 'record')); // KV no longer has it: only L1 can answer

    const { result, metrics } = await inRequest(() =>
      cache.remember(ns, 'record', 300, async () => 'loaded again'),
    );
    expect(result).toBe('from the loader');
    expect([metrics.cacheHits, metrics.cacheMisses, metrics.dbQueries]).toEqual([1, 0, 0]);
    // Without L1 the same read goes to KV, finds nothing and loads.
    await expect(
      cacheAt(clock.now, false).remember(ns, 'record', 300, async () => 'loaded again'),
    ).resolves.toBe('loaded again');
  });

  it('calls the loader once for ten concurrent misses of one key, and all ten get its value', async () => {
    const cache = cacheAt();
    const ns = uniqueNamespace();
    const release = gate<void>();
    let loads = 0;
    const loader = async () => {
      loads += 1;
      await release.promise;
      return { answer: 42 };
    };
    const { result, metrics } = await inRequest(async () => {
      const calls = Array.from({ length: 10 }, () => cache.remember(ns, 'record', 300, loader));
      release.resolve();
      return Promise.all(calls);
    });
    expect(loads).toBe(1);
    expect(result).toEqual(Array.from({ length: 10 }, () => ({ answer: 42 })));
    expect(new Set(result).size).toBe(10); // each caller gets its own copy, not one shared object
    expect([metrics.cacheHits, metrics.cacheMisses]).toEqual([0, 10]);
  });

  it('does not cache a loader that throws, and lets the next call load again', async () => {
    const cache = cacheAt();
    const ns = uniqueNamespace();
    const release = gate<void>();
    let loads = 0;
    const failing = async (): Promise<string> => {
      loads += 1;
      await release.promise;
      throw new Error('D1 is down');
    };
    const calls = [1, 2, 3].map(() => cache.remember(ns, 'record', 300, failing));
    release.resolve();
    for (const call of calls) await expect(call).rejects.toThrow('D1 is down');
    expect(loads).toBe(1);

    await expect(cache.remember(ns, 'record', 300, async () => 'recovered')).resolves.toBe('recovered');
    await expect(cacheAt().get(ns, 'record')).resolves.toBe('recovered');
  });

  it('treats an undecodable KV value as a miss (logged), never an error, and remember replaces it', async () => {
    logs = captureLogs();
    const ns = uniqueNamespace();
    const garbage = ['not json', '{"e":"soon","v":1}', '[1,2]', '{"v":1}', 'null', '{"e":'];
    for (const [index, text] of garbage.entries()) {
      await env.CACHE.put(await kvKey(ns, `k${index}`), text);
      const { result, metrics } = await inRequest(() => cacheAt().get(ns, `k${index}`));
      expect(result).toBeUndefined();
      expect([metrics.cacheHits, metrics.cacheMisses]).toEqual([0, 1]);
    }
    await expect(cacheAt().remember(ns, 'k0', 300, async () => 'good')).resolves.toBe('good');
    await expect(cacheAt().get(ns, 'k0')).resolves.toBe('good');
    const warnings = logs
      .records()
      .filter((line) => line.msg === 'cache: undecodable entry treated as a miss');
    expect(warnings).toHaveLength(garbage.length + 1); // the last: remember found `k0` undecodable first
  });

  it('logs a refused KV write and still answers with the loaded value', async () => {
    logs = captureLogs();
    const ns = uniqueNamespace();
    const huge = 'x'.repeat(25 * 1024 * 1024 + 1); // over KV's 25 MiB value limit: the real KV refuses it
    const value = await cacheAt().remember(ns, 'record', 300, async () => huge);
    expect(value.length).toBe(huge.length);
    expect(
      logs.records().some((line) => line.level === 'warn' && line.msg.startsWith('cache: KV write failed')),
    ).toBe(true);
    await expect(env.CACHE.get(await kvKey(ns, 'record'))).resolves.toBeNull();
  });

  it('delete removes the entry from this isolate and from KV', async () => {
    const cache = cacheAt();
    const ns = uniqueNamespace();
    await cache.set(ns, 'record', 'here', { ttlSeconds: 300 });
    await cache.delete(ns, 'record');
    await expect(cache.get(ns, 'record')).resolves.toBeUndefined();
    await expect(env.CACHE.get(await kvKey(ns, 'record'))).resolves.toBeNull();
  });
});

describe('Cache: TTL', () => {
  it('refuses TTLs below 60 s, above a day or not whole seconds, before touching KV or the loader', async () => {
    const cache = cacheAt();
    const ns = uniqueNamespace();
    let loads = 0;
    for (const ttlSeconds of [0, 1, 59, 59.5, 60.5, MAX_TTL_SECONDS + 1, Number.NaN, -60]) {
      await expect(cache.set(ns, 'k', 1, { ttlSeconds })).rejects.toThrow(RangeError);
      await expect(cache.remember(ns, 'k', ttlSeconds, async () => ++loads)).rejects.toThrow(RangeError);
    }
    expect(loads).toBe(0);
    await cache.set(ns, 'min', 1, { ttlSeconds: 60 });
    await cache.set(ns, 'max', 2, { ttlSeconds: MAX_TTL_SECONDS });
    await expect(cacheAt().get(ns, 'min')).resolves.toBe(1);
    await expect(cacheAt().get(ns, 'max')).resolves.toBe(2);
  });

  it('serves an entry until its TTL and not at it, from L1 and from KV alike', async () => {
    const local = new FakeClock();
    const ns = uniqueNamespace();
    const writer = cacheAt(local.now);
    await writer.set(ns, 'record', 'fresh', { ttlSeconds: 60 });

    local.advance(59_999);
    await expect(writer.get(ns, 'record')).resolves.toBe('fresh'); // this isolate (L1 expired; KV)
    await expect(cacheAt(local.now).get(ns, 'record')).resolves.toBe('fresh'); // another isolate (KV)

    const l1Writer = cacheAt(local.now);
    await l1Writer.set(ns, 'hot', 'fresh', { ttlSeconds: 60 });
    local.advance(1_000);
    await expect(l1Writer.get(ns, 'hot')).resolves.toBe('fresh'); // from L1, 1 s old

    local.advance(1); // `record` is now exactly 60 s old
    await expect(writer.get(ns, 'record')).resolves.toBeUndefined();
    await expect(cacheAt(local.now).get(ns, 'record')).resolves.toBeUndefined();
    local.advance(59_000); // `hot` is now 60 s old: L1 must not outlive the entry
    await expect(l1Writer.get(ns, 'hot')).resolves.toBeUndefined();

    let loads = 0;
    await expect(writer.remember(ns, 'record', 60, async () => `reloaded ${++loads}`)).resolves.toBe(
      'reloaded 1',
    );
  });
});

describe('Cache: keys', () => {
  it('lays keys out as <namespace>/v<version>/<key>', () => {
    expect(storageKey('building:0192', 1795600607344, 'member:u-1')).toBe(
      'building:0192/v1795600607344/member:u-1',
    );
  });

  it('refuses a namespace with "/" or nothing in it, an empty key, and a key over 512 bytes', async () => {
    const cache = cacheAt();
    for (const namespace of ['', 'a/b', 'building/1', ' building', 'é']) {
      expect(() => storageKey(namespace, 1, 'k')).toThrow(RangeError);
      await expect(cache.get(namespace, 'k')).rejects.toThrow(RangeError);
      await expect(cache.invalidate(namespace)).rejects.toThrow(RangeError);
    }
    expect(() => storageKey('ns', 1, '')).toThrow(RangeError);
    expect(() => storageKey('ns', 1, '€'.repeat(169))).toThrow(RangeError); // 6 + 507 bytes
    expect(storageKey('ns', 1, '€'.repeat(168))).toHaveLength(174); // 6 + 504 bytes
    expect(storageKey('ns', 1, 'a'.repeat(400))).toHaveLength(406);
  });
});
