// Cache keys and TTL rules: one versioned KV key per (namespace, version, key), TTLs in KV's accepted range.

/** KV refuses an `expirationTtl` below 60 s. */
export const MIN_TTL_SECONDS = 60;
/** The longest TTL a cached read may ask for; a `cache_versions` row older than this may be pruned. */
export const MAX_TTL_SECONDS = 86_400;

/** Letters, digits and `_ . : -`: never `/`, which ends the namespace inside a storage key. */
const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
const MAX_KV_KEY_BYTES = 512;
const utf8 = new TextEncoder();

/**
 * A TTL outside [60 s, 1 day] or not whole seconds is a programming error: KV cannot keep an entry for less
 * than 60 s, and a shorter freshness need is met by invalidating on write, not by a short TTL.
 */
export function checkTtl(ttlSeconds: number): number {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
    throw new RangeError(
      `cache TTL must be whole seconds from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}, not ${ttlSeconds}`,
    );
  }
  return ttlSeconds;
}

export function checkNamespace(namespace: string): string {
  if (!NAMESPACE.test(namespace))
    throw new RangeError(`invalid cache namespace: ${JSON.stringify(namespace)}`);
  return namespace;
}

/**
 * `<namespace>/v<version>/<key>`. The namespace cannot hold `/`, so two different triples never share a key;
 * a bumped version makes every older key of the namespace unreachable.
 */
export function storageKey(namespace: string, version: number, key: string): string {
  checkNamespace(namespace);
  if (key.length === 0) throw new RangeError('a cache key cannot be empty');
  const full = `${namespace}/v${version}/${key}`;
  if (full.length * 3 > MAX_KV_KEY_BYTES && utf8.encode(full).length > MAX_KV_KEY_BYTES) {
    throw new RangeError(`cache key longer than ${MAX_KV_KEY_BYTES} bytes: ${full.slice(0, 80)}…`);
  }
  return full;
}
