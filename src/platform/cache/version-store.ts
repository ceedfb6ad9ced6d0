// The authoritative cache namespace versions in D1: read one, bump several in one transaction, prune old rows.
import { eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { cacheVersions } from './tables';

/** The namespace's current version; 0 when it was never bumped (or its row was pruned). */
export async function readVersion(db: Database, namespace: string): Promise<number> {
  const [row] = await db
    .select({ version: cacheVersions.version })
    .from(cacheVersions)
    .where(eq(cacheVersions.namespace, namespace))
    .limit(1);
  return row?.version ?? 0;
}

/** The statement that bumps one namespace; it returns `{ namespace, version }`. Put it in a write's own batch. */
export const bumpStatement = (db: Database, namespace: string, nowMs: number) =>
  db
    .insert(cacheVersions)
    .values({ namespace, version: nowMs, updatedAt: new Date(nowMs) })
    .onConflictDoUpdate({
      target: cacheVersions.namespace,
      // Time-based and monotonic: a row deleted and re-created never returns to a version readers once used.
      set: {
        version: sql`max(${cacheVersions.version} + 1, excluded.version)`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning({ namespace: cacheVersions.namespace, version: cacheVersions.version });

/** Bumps every namespace (one D1 batch, one transaction) and returns each one's new version. */
export async function bumpVersions(
  db: Database,
  namespaces: readonly string[],
  nowMs: number,
): Promise<Map<string, number>> {
  const [first, ...rest] = [...new Set(namespaces)].map((namespace) => bumpStatement(db, namespace, nowMs));
  const versions = new Map<string, number>();
  if (!first) return versions;
  const results = await db.batch([first, ...rest]);
  for (const rows of results) for (const row of rows) versions.set(row.namespace, row.version);
  return versions;
}

/**
 * Deletes the rows not bumped for longer than `olderThanMs` (the longest cache TTL, never less: until then an
 * entry stored under the version may be alive). A pruned namespace restarts above it (versions are times).
 */
export async function pruneVersions(db: Database, olderThanMs: number, nowMs: number): Promise<number> {
  const result = await db
    .delete(cacheVersions)
    .where(lte(cacheVersions.updatedAt, new Date(nowMs - olderThanMs)));
  return result.meta.changes;
}
