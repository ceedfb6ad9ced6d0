// The cache's public surface: the KV cache service, the cached() wrapper, and the key and TTL rules.
export {
  Cache,
  type CacheBindings,
  type CacheOptions,
  cacheFor,
  createCache,
  DEFAULT_VERSION_TTL_MS,
  type L1Options,
  type RememberOptions,
} from './cache';
export { type CachedOptions, type CachedOptionsOf, cached } from './cached';
export type { Cacheable } from './envelope';
export { MAX_TTL_SECONDS, MIN_TTL_SECONDS, storageKey } from './keys';
