// Namespace versions as this isolate knows them: read from D1, trusted for a bounded time, refreshed ahead.
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { Database } from '../database';
import { logger } from '../logger';
import { bumpStatement, bumpVersions, readVersion } from './version-store';

export interface VersionOptions {
  db: Database;
  /** How long a version read from D1 is trusted: the staleness bound for every isolate but the writer's. */
  ttlMs: number;
  now: () => number;
  /** Keeps background work (the refresh ahead of expiry) alive after the response: `waitUntil`. */
  defer: (work: Promise<unknown>) => void;
  maxNamespaces: number;
}

interface Known {
  readonly version: number;
  /** When the D1 read (or bump) that returned `version` was sent: the conservative end. */
  readonly readAt: number;
  refreshing: boolean;
}

interface Read {
  readonly startedAt: number;
  readonly promise: Promise<number>;
}

export class NamespaceVersions {
  private readonly known = new Map<string, Known>();
  private readonly reads = new Map<string, Read>();
  private readonly options: VersionOptions;

  constructor(options: VersionOptions) {
    this.options = options;
  }

  /**
   * The namespace's version, never from a D1 read older than `ttlMs`. Past half of that, the version is
   * still used and a background read renews it, so steady traffic never waits on D1 for a version.
   */
  current(namespace: string): Promise<number> {
    const now = this.options.now();
    const known = this.known.get(namespace);
    if (known && now - known.readAt < this.options.ttlMs) {
      if (now - known.readAt >= this.options.ttlMs / 2 && !known.refreshing) {
        known.refreshing = true;
        this.options.defer(
          this.read(namespace, now).catch((error: unknown) => {
            logger.warn('cache: namespace version refresh failed', { namespace, error: errorText(error) });
          }),
        );
      }
      return Promise.resolve(known.version);
    }
    return this.read(namespace, now);
  }

  /** Bumps in D1 (one transaction); this isolate uses the new versions at once. */
  async bump(namespaces: readonly string[]): Promise<void> {
    const startedAt = this.options.now();
    const versions = await bumpVersions(this.options.db, namespaces, startedAt);
    for (const [namespace, version] of versions) this.learn(namespace, version, startedAt);
  }

  /**
   * Runs `statements` and the namespaces' bumps as one D1 batch (one transaction): the write and its
   * invalidation commit together or not at all. This isolate uses the new versions at once.
   */
  async bumpWith<T extends readonly BatchItem<'sqlite'>[]>(
    statements: readonly [...T],
    namespaces: readonly string[],
  ): Promise<BatchResponse<T>> {
    const startedAt = this.options.now();
    const { db } = this.options;
    const bumps = [...new Set(namespaces)].map((namespace) => bumpStatement(db, namespace, startedAt));
    const all = [...statements, ...bumps] as unknown as Parameters<typeof db.batch>[0];
    const results: readonly unknown[] = await db.batch(all);
    for (const rows of results.slice(statements.length) as Array<
      Array<{ namespace: string; version: number }>
    >) {
      for (const row of rows) this.learn(row.namespace, row.version, startedAt);
    }
    return results.slice(0, statements.length) as unknown as BatchResponse<T>;
  }

  /** One D1 read per namespace at a time; a read sent too long ago to honour the bound is not joined. */
  private read(namespace: string, now: number): Promise<number> {
    const pending = this.reads.get(namespace);
    if (pending && now - pending.startedAt < this.options.ttlMs) return pending.promise;
    const startedAt = this.options.now();
    const promise = readVersion(this.options.db, namespace)
      .then((version) => this.learn(namespace, version, startedAt))
      .finally(() => {
        if (this.reads.get(namespace)?.promise === promise) this.reads.delete(namespace);
        const known = this.known.get(namespace);
        if (known) known.refreshing = false;
      });
    this.reads.set(namespace, { startedAt, promise });
    return promise;
  }

  /**
   * Versions only grow, so a lower version than the one known came from a read sent before the bump that
   * produced the known one (a race with `bump`), and is dropped.
   */
  private learn(namespace: string, version: number, readAt: number): number {
    const known = this.known.get(namespace);
    if (known && (version < known.version || (version === known.version && readAt <= known.readAt))) {
      return known.version;
    }
    this.known.delete(namespace);
    this.known.set(namespace, { version, readAt, refreshing: false });
    while (this.known.size > this.options.maxNamespaces) {
      const oldest = this.known.keys().next();
      if (oldest.done) break;
      this.known.delete(oldest.value);
    }
    return version;
  }
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
