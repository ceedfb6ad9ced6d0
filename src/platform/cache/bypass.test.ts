// When D1 cannot give a namespace version, the cache steps aside: loaders answer, nothing is cached.
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../../test/helpers/logs';
import { createCache } from '.';
import { inRequest, uniqueNamespace } from './test-helpers';

let logs: ReturnType<typeof captureLogs> | undefined;
afterEach(() => logs?.restore());

beforeAll(async () => {
  // Storage is per test file: only this file loses the table, and with it every version read.
  await env.DB.prepare('DROP TABLE cache_versions').run();
});

describe('Cache without namespace versions', () => {
  it('calls the loader every time, caches nothing, logs why, and refuses to pretend it invalidated', async () => {
    logs = captureLogs();
    const cache = createCache({ kv: env.CACHE, db: env.DB });
    const ns = uniqueNamespace();
    let loads = 0;
    const { result, metrics } = await inRequest(async () => [
      await cache.remember(ns, 'record', 300, async () => ++loads),
      await cache.remember(ns, 'record', 300, async () => ++loads),
      await cache.set(ns, 'record', 'ignored', { ttlSeconds: 300 }),
      await cache.get(ns, 'record'),
    ]);
    expect(result).toEqual([1, 2, undefined, undefined]);
    expect([metrics.cacheHits, metrics.cacheMisses]).toEqual([0, 3]);
    await expect(cache.invalidate(ns)).rejects.toThrow();
    const warnings = logs
      .records()
      .filter((line) => line.msg === 'cache: namespace version unavailable; cache bypassed');
    expect(warnings.length).toBeGreaterThanOrEqual(4);
  });
});
