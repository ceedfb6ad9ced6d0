// Who may see a building: the caller's membership role (or none) and the building itself, cached per caller.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { cached } from '../../platform/cache';
import type { Database } from '../../platform/database';
import { users } from '../auth/tables';
import { buildings, type MemberRole, memberships } from './tables';

export type BuildingRecord = typeof buildings.$inferSelect;

// A type alias, not an interface: cached values must be provably JSON (see Cacheable).
export type BuildingAccessRecord = {
  /** The live building, or null when it does not exist or was deleted. */
  building: BuildingRecord | null;
  /** The caller's role in it, or null when they are not a member. */
  role: MemberRole | null;
};

/** One query: the live building and the caller's membership in it. */
export async function loadBuildingAccess(
  db: Database,
  buildingId: string,
  userId: string,
): Promise<BuildingAccessRecord> {
  const [row] = await db
    .select({ building: buildings, role: memberships.role })
    .from(buildings)
    .leftJoin(memberships, and(eq(memberships.buildingId, buildings.id), eq(memberships.userId, userId)))
    .where(and(eq(buildings.id, buildingId), isNull(buildings.deletedAt)))
    .limit(1);
  return { building: row?.building ?? null, role: row?.role ?? null };
}

/** Every cached read about a building lives in this namespace; any write to it or its members bumps it. */
export const buildingCacheNamespace = (buildingId: string): string => `building:${buildingId}`;

/**
 * The access record from the cache: on a warm cache an authenticated building request makes no D1 query.
 * "No such building" is not stored: anyone can ask for random IDs, and each would cost a KV write.
 */
export const buildingAccessCached = cached(
  {
    namespace: (buildingId) => buildingCacheNamespace(buildingId),
    key: (_, userId) => `access:${userId}`,
    ttlSeconds: 300,
    keep: (access) => access.building !== null,
  },
  loadBuildingAccess,
);

/**
 * The access record and the user's admin flag straight from D1, for writes that depend on a role (remove a
 * member, change a role, invite, delete the building): a demotion seen by D1 counts at once, not after the
 * cache's bound. One query.
 */
export async function loadBuildingAccessFresh(
  db: Database,
  buildingId: string,
  userId: string,
): Promise<BuildingAccessRecord & { isAdmin: boolean }> {
  const [row] = await db
    .select({
      building: buildings,
      role: memberships.role,
      isAdmin: sql<number | null>`(select ${users.isAdmin} from ${users} where ${users.id} = ${userId})`,
    })
    .from(buildings)
    .leftJoin(memberships, and(eq(memberships.buildingId, buildings.id), eq(memberships.userId, userId)))
    .where(and(eq(buildings.id, buildingId), isNull(buildings.deletedAt)))
    .limit(1);
  return { building: row?.building ?? null, role: row?.role ?? null, isAdmin: row?.isAdmin === 1 };
}
