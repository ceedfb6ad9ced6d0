// Realtime use cases: the building's object, tickets, and who may connect. No Hono here.
import { eq } from 'drizzle-orm';
import type { Bindings } from '../../env';
import type { Database } from '../../platform/database';
import { Problem } from '../../platform/problems';
import { users } from '../auth/tables';
import { buildingAccessCached, loadBuildingAccessFresh } from '../buildings';

/** The building's object: one per building, addressed by its id. */
export const buildingRoom = (env: Bindings, buildingId: string) =>
  env.BUILDING_ROOM.get(env.BUILDING_ROOM.idFromName(buildingId));

/** Where a client opens its socket with a ticket (a relative URL on this API). */
export const socketPath = (buildingId: string, ticket: string): string =>
  `/api/v2/buildings/${buildingId}/ws?ticket=${encodeURIComponent(ticket)}`;

export const eventsPath = (buildingId: string): string => `/api/v2/buildings/${buildingId}/events`;

interface Caller {
  id: string;
  isAdmin: boolean;
}

/** The caller must be a member of the building (or a platform admin); anything else is 404, as elsewhere. */
export async function requireBuildingMember(
  env: Bindings,
  buildingId: string,
  caller: Caller,
): Promise<void> {
  const { building, role } = await buildingAccessCached(env, buildingId, caller.id);
  if (!building || (!role && !caller.isAdmin)) throw new Problem('not_found');
}

/**
 * Whether the ticket's user still belongs to the building, read from D1 rather than the cache: a member removed
 * a moment ago must not open a socket with a ticket issued before.
 */
export async function isStillMember(db: Database, buildingId: string, userId: string): Promise<boolean> {
  const { building, role, isAdmin } = await loadBuildingAccessFresh(db, buildingId, userId);
  return building !== null && (role !== null || isAdmin);
}

export async function issueTicket(
  env: Bindings,
  db: Database,
  buildingId: string,
  caller: Caller,
): Promise<{ ticket: string; expiresAt: string; url: string }> {
  await requireBuildingMember(env, buildingId, caller);
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, caller.id)).limit(1);
  const issued = await buildingRoom(env, buildingId).issueTicket({
    userId: caller.id,
    name: row?.name ?? '',
  });
  return {
    ticket: issued.ticket,
    expiresAt: new Date(issued.expiresAt).toISOString(),
    url: socketPath(buildingId, issued.ticket),
  };
}
