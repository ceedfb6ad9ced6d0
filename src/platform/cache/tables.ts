// Storage of cache namespace versions: the consistent place a KV cache key's version is read from.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per namespace that was ever invalidated (`building:<id>`, …); no row reads as version 0.
 * A bump sets `max(version + 1, now in ms)`, so versions only grow, even across a deleted row. A row may be
 * deleted once `updated_at` is older than the longest cache TTL (docs/caching.md), never earlier.
 */
export const cacheVersions = sqliteTable(
  'cache_versions',
  {
    namespace: text('namespace').primaryKey(),
    version: integer('version').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  // The hourly prune deletes by age.
  (t) => [index('cache_versions_updated_idx').on(t.updatedAt)],
);
