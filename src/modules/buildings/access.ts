// Who may see a building: the caller's membership role, or platform admin standing.
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { buildings, type MemberRole, memberships } from './tables';

/** The caller's role in a live (not deleted) building, or undefined when they are not a member. */
export async function membershipRole(db: Database, buildingId: string, userId: string): Promise<MemberRole | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .innerJoin(buildings, eq(buildings.id, memberships.buildingId))
    .where(and(eq(memberships.buildingId, buildingId), eq(memberships.userId, userId), isNull(buildings.deletedAt)))
    .limit(1);
  return row?.role;
}

export async function buildingExists(db: Database, buildingId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.id, buildingId), isNull(buildings.deletedAt)))
    .limit(1);
  return row !== undefined;
}
