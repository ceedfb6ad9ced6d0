// cached(): a service loader wrapped in cache-aside, its namespace, key and TTL declared once, typed by the loader.
import { type Database, database } from '../database';
import { type CacheBindings, cacheFor } from './cache';
import type { Cacheable } from './envelope';
import { checkTtl } from './keys';

export interface CachedOptions<A extends readonly unknown[]> {
  /** The invalidation unit, e.g. `building:<id>`; a write bumps it with `cacheFor(env).invalidate(…)`. */
  namespace: (...args: A) => string;
  /** The entry inside the namespace; name the shape too (`record`, `member:<userId>`), keys never share one. */
  key: (...args: A) => string;
  /** 60 s to 1 day; checked when `cached()` runs, so a wrong TTL fails at import, not on a request. */
  ttlSeconds: number;
}

export interface CachedOptionsOf<A extends readonly unknown[], R> extends CachedOptions<A> {
  /** Which loaded results are stored (default all); see `RememberOptions.keep`. */
  keep?: (value: R) => boolean;
}

/**
 * Wraps a loader of the usual service shape, `(db, ...args) => Promise<R>`, into
 * `(env, ...args) => Promise<R>` that answers from the cache and loads on a miss. The argument and result
 * types come from the loader alone (the options cannot widen them), and `R` must be `Cacheable`.
 *
 *   export const getBuildingCached = cached(
 *     { namespace: (id) => `building:${id}`, key: () => 'record', ttlSeconds: 300 },
 *     getBuilding,
 *   );
 *   const building = await getBuildingCached(c.env, buildingId);
 */
export function cached<A extends readonly unknown[], R extends Cacheable>(
  options: NoInfer<CachedOptionsOf<A, R>>,
  loader: (db: Database, ...args: A) => Promise<R>,
): (bindings: CacheBindings, ...args: A) => Promise<R> {
  const ttlSeconds = checkTtl(options.ttlSeconds);
  return (bindings, ...args) =>
    cacheFor(bindings).remember(
      options.namespace(...args),
      options.key(...args),
      ttlSeconds,
      () => loader(database(bindings.DB), ...args),
      options.keep === undefined ? {} : { keep: options.keep },
    );
}
