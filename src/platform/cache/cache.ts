// The KV cache: namespaced, versioned JSON entries, cache-aside with single-flight loads, and an in-isolate L1.
import { waitUntil } from 'cloudflare:workers';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import { currentContext } from '../context';
import { database } from '../database';
import { logger } from '../logger';
import { type Cacheable, open, seal, unseal } from './envelope';
import { checkNamespace, checkTtl, storageKey } from './keys';
import { Lru } from './lru';
import { errorText, NamespaceVersions } from './versions';

/**
 * How long an isolate trusts a namespace version it read from D1. Readers in other isolates see an
 * invalidation within this bound; the isolate that invalidated sees it at once. docs/caching.md.
 */
export const DEFAULT_VERSION_TTL_MS = 5_000;

export interface L1Options {
  /** At most `versionTtlMs` (and never past the entry's own expiry). */
  ttlMs?: number;
  maxEntries?: number;
  /** Budget in UTF-16 code units of stored text (≈ 2 bytes each). */
  maxChars?: number;
}

export interface CacheOptions {
  kv: KVNamespace;
  db: D1Database;
  versionTtlMs?: number;
  /** The in-isolate L1; `false` turns it off. */
  l1?: L1Options | false;
  /** Epoch ms; injectable so tests can move time instead of sleeping. */
  now?: () => number;
  /** Keeps background work alive past the response; `waitUntil` by default. */
  defer?: (work: Promise<unknown>) => void;
  /** How many namespace versions an isolate remembers. */
  maxNamespaces?: number;
  /**
   * Bypasses L1 and KV entirely (the `CACHE_DISABLED` var; bench and diagnostics): `remember` calls the loader,
   * `get` misses, `set` and `delete` do nothing. `invalidate` still bumps, so enabled readers stay correct.
   */
  disabled?: boolean;
}

export interface RememberOptions<T> {
  /**
   * Whether a loaded value is stored (L1 and KV); default all. A value that anyone can make the loader return
   * for keys of their choosing (e.g. "no such building" for random IDs) should not be: each would cost a KV
   * write, the expensive and rate-limited operation, and push useful entries out of L1.
   */
  keep?: (value: T) => boolean;
}

/** The bindings a cache needs: `c.env` has them. */
export interface CacheBindings {
  CACHE: KVNamespace;
  DB: D1Database;
  /** "true" turns the cache off (src/env.ts validates it); absent means on. */
  CACHE_DISABLED?: string;
}

function deferToRuntime(work: Promise<unknown>): void {
  try {
    waitUntil(work);
  } catch {
    // Outside an invocation there is nothing to extend; the promise runs on by itself.
  }
}

const record = (hit: boolean): void => currentContext()?.metrics.recordCache(hit);

export class Cache {
  private readonly kv: KVNamespace;
  private readonly now: () => number;
  private readonly versions: NamespaceVersions;
  private readonly l1: Lru | undefined;
  private readonly l1TtlMs: number;
  private readonly disabled: boolean;
  private readonly options: CacheOptions;
  /** KV reads in flight by full key: concurrent lookups of one key in this isolate share one read. */
  private readonly reads = new Map<string, Promise<string | null>>();
  /** Loads in flight by full key: concurrent misses of one key in this isolate share one loader call. */
  private readonly flights = new Map<string, Promise<string>>();

  /** `shared.versions`: the version memo of another instance (see `withStorageDisabled`). */
  constructor(options: CacheOptions, shared?: { versions: NamespaceVersions }) {
    const versionTtlMs = options.versionTtlMs ?? DEFAULT_VERSION_TTL_MS;
    this.options = options;
    this.kv = options.kv;
    this.disabled = options.disabled ?? false;
    this.now = options.now ?? Date.now;
    this.versions =
      shared?.versions ??
      new NamespaceVersions({
        db: database(options.db),
        ttlMs: versionTtlMs,
        now: this.now,
        defer: options.defer ?? deferToRuntime,
        maxNamespaces: options.maxNamespaces ?? 10_000,
      });
    const l1 = options.l1 === false ? undefined : (options.l1 ?? {});
    this.l1 = l1 && new Lru(l1.maxEntries ?? 1_000, l1.maxChars ?? 2_000_000);
    this.l1TtlMs = Math.min(l1?.ttlMs ?? versionTtlMs, versionTtlMs);
  }

  /**
   * This cache with L1 and KV bypassed (`disabled`), sharing its namespace versions: an `invalidate` through
   * either is seen at once by the other in this isolate.
   */
  withStorageDisabled(): Cache {
    return this.disabled ? this : new Cache({ ...this.options, disabled: true }, { versions: this.versions });
  }

  /**
   * The value, or undefined on a miss (absent, expired, undecodable, or the version unavailable). `T` is the
   * caller's claim about what was stored; `remember` and `cached` infer it from the loader instead.
   */
  async get<T extends Cacheable>(namespace: string, key: string): Promise<T | undefined> {
    if (this.disabled) {
      checkNamespace(namespace);
      record(false);
      return undefined;
    }
    const full = await this.locate(namespace, key);
    if (full === undefined) {
      record(false);
      return undefined;
    }
    return (await this.lookup(full))?.value as T | undefined;
  }

  /** Stores under the namespace's current version. A failed KV write is logged and otherwise ignored. */
  async set(
    namespace: string,
    key: string,
    value: Cacheable,
    options: { ttlSeconds: number },
  ): Promise<void> {
    const ttlSeconds = checkTtl(options.ttlSeconds);
    if (this.disabled) {
      checkNamespace(namespace);
      return;
    }
    const full = await this.locate(namespace, key);
    if (full === undefined) return;
    const expiresAt = this.now() + ttlSeconds * 1_000;
    await this.store(full, seal(value, expiresAt), expiresAt, ttlSeconds);
  }

  /**
   * Removes the entry of the current version here and from KV; other isolates may still serve it for up to
   * KV's propagation delay. Use `invalidate` when readers must not see the old value.
   */
  async delete(namespace: string, key: string): Promise<void> {
    if (this.disabled) {
      checkNamespace(namespace);
      return;
    }
    const full = await this.locate(namespace, key);
    if (full === undefined) return;
    this.l1?.delete(full);
    try {
      await this.kv.delete(full);
    } catch (error) {
      logger.warn('cache: KV delete failed', { key: full, error: errorText(error) });
    }
  }

  /**
   * Cache-aside: the cached value, or the loader's, stored for `ttlSeconds`. Concurrent misses of one key in
   * this isolate call the loader once; a loader that throws stores nothing and the next call tries again.
   * What it returns on a miss is decoded from what it stored, so a miss and a hit return the same shape.
   */
  async remember<T extends Cacheable>(
    namespace: string,
    key: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
    options: RememberOptions<T> = {},
  ): Promise<T> {
    checkTtl(ttlSeconds);
    if (this.disabled) {
      checkNamespace(namespace);
      record(false);
      return loader();
    }
    const full = await this.locate(namespace, key);
    if (full === undefined) {
      record(false);
      return loader();
    }
    const found = await this.lookup(full);
    if (found) return found.value as T;
    let flight = this.flights.get(full);
    if (!flight) {
      const started = this.load(full, ttlSeconds, loader, options.keep);
      const release = () => {
        if (this.flights.get(full) === started) this.flights.delete(full);
      };
      started.then(release, release);
      this.flights.set(full, started);
      flight = started;
    }
    const entry = unseal(await flight);
    if (!entry) throw new Error('cache: an entry this isolate sealed did not unseal');
    return entry.value as T;
  }

  /**
   * Bumps the namespaces' versions in D1 (one transaction), so every entry stored under an older version is
   * unreachable. Call it after the write commits. This isolate sees the bump at once, others within
   * `versionTtlMs`. Throws when D1 does: the caller's write is done but readers could go stale until TTL.
   */
  async invalidate(...namespaces: string[]): Promise<void> {
    for (const namespace of namespaces) checkNamespace(namespace);
    await this.versions.bump(namespaces);
  }

  /**
   * Runs the write `statements` and bumps `namespaces` in the same D1 batch (one transaction), so a failure can
   * never leave the write committed and the cache unaware of it. Returns the statements' own results. Like
   * `invalidate`, this isolate sees the bump at once and others within `versionTtlMs`.
   */
  writeAndInvalidate<T extends readonly BatchItem<'sqlite'>[]>(
    statements: readonly [...T],
    ...namespaces: string[]
  ): Promise<BatchResponse<T>> {
    for (const namespace of namespaces) checkNamespace(namespace);
    return this.versions.bumpWith(statements, namespaces);
  }

  /** The namespace's version as this isolate uses it now. */
  versionOf(namespace: string): Promise<number> {
    return this.versions.current(checkNamespace(namespace));
  }

  /** The storage key under the namespace's current version, or undefined (logged) when D1 cannot say. */
  private async locate(namespace: string, key: string): Promise<string | undefined> {
    checkNamespace(namespace);
    let version: number;
    try {
      version = await this.versions.current(namespace);
    } catch (error) {
      logger.warn('cache: namespace version unavailable; cache bypassed', {
        namespace,
        error: errorText(error),
      });
      return undefined;
    }
    return storageKey(namespace, version, key);
  }

  /** L1, then KV; records one hit or one miss in the request's metrics. */
  private async lookup(full: string): Promise<{ value: Cacheable } | undefined> {
    const early = this.now();
    const local = this.l1?.get(full, early);
    if (local !== undefined) {
      const opened = open(local, early);
      if (opened.state === 'fresh') {
        record(true);
        return { value: opened.value };
      }
    }
    const stored = await this.readKv(full);
    const now = this.now();
    if (stored !== null) {
      const opened = open(stored, now);
      if (opened.state === 'fresh') {
        this.l1?.set(full, stored, Math.min(opened.expiresAt, now + this.l1TtlMs), now);
        record(true);
        return { value: opened.value };
      }
      if (opened.state === 'corrupt')
        logger.warn('cache: undecodable entry treated as a miss', { key: full });
    }
    record(false);
    return undefined;
  }

  private readKv(full: string): Promise<string | null> {
    let pending = this.reads.get(full);
    if (!pending) {
      const started = this.kv
        .get(full, 'text')
        .catch((error: unknown) => {
          logger.warn('cache: KV read failed; treated as a miss', { key: full, error: errorText(error) });
          return null;
        })
        .finally(() => {
          if (this.reads.get(full) === started) this.reads.delete(full);
        });
      this.reads.set(full, started);
      pending = started;
    }
    return pending;
  }

  private async load<T extends Cacheable>(
    full: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
    keep: ((value: T) => boolean) | undefined,
  ): Promise<string> {
    const value = await loader();
    const expiresAt = this.now() + ttlSeconds * 1_000;
    const text = seal(value, expiresAt);
    if (keep === undefined || keep(value)) await this.store(full, text, expiresAt, ttlSeconds);
    return text;
  }

  /** L1 first (this isolate sees it even if KV refuses the write), then KV. */
  private async store(full: string, text: string, expiresAt: number, ttlSeconds: number): Promise<void> {
    const now = this.now();
    this.l1?.set(full, text, Math.min(expiresAt, now + this.l1TtlMs), now);
    try {
      await this.kv.put(full, text, { expirationTtl: ttlSeconds });
    } catch (error) {
      // 1 write/s per key: a burst of misses can be refused. The answer is still right, only not cached.
      logger.warn('cache: KV write failed; entry not cached', { key: full, error: errorText(error) });
    }
  }
}

export const createCache = (options: CacheOptions): Cache => new Cache(options);

const perBinding = new WeakMap<KVNamespace, Cache>();
const withoutStorage = new WeakMap<Cache, Cache>();

/**
 * The isolate's cache for these bindings. One instance per isolate matters: the version memo, the L1 and
 * the single-flight maps live in it, and the writer's `invalidate` must update the memo its readers use.
 * With `CACHE_DISABLED = "true"` it is that cache with L1 and KV bypassed, sharing its version memo.
 */
export function cacheFor(bindings: CacheBindings): Cache {
  let cache = perBinding.get(bindings.CACHE);
  if (!cache) {
    cache = createCache({ kv: bindings.CACHE, db: bindings.DB });
    perBinding.set(bindings.CACHE, cache);
  }
  if (bindings.CACHE_DISABLED !== 'true') return cache;
  let bypass = withoutStorage.get(cache);
  if (!bypass) {
    bypass = cache.withStorageDisabled();
    withoutStorage.set(cache, bypass);
  }
  return bypass;
}
