// Members use cases: list, change role, remove (never the last manager); throws `Problem`, knows nothing of HTTP.
import { and, asc, count, eq, gt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Cache } from '../../platform/cache';
import type { Database } from '../../platform/database';
import type { PageSource } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import { users } from '../auth/tables';
import { newEvent, prepareEvents, raise } from '../events';
import { buildingCacheNamespace } from './access';
import { presentMember } from './present';
import { bumpVersion, notFound } from './shared';
import { type MemberRole, memberships } from './tables';

export interface MemberRecord {
  userId: string;
  name: string;
  role: MemberRole;
  joinedAt: Date;
}

const memberFields = {
  userId: memberships.userId,
  name: users.name,
  role: memberships.role,
  joinedAt: memberships.createdAt,
};

/** The members of a building with their display names (never their email addresses), keyed by user ID. */
export function listMembers(db: Database, buildingId: string): PageSource<MemberRecord> {
  const where = (after?: string) =>
    and(
      eq(memberships.buildingId, buildingId),
      after === undefined ? undefined : gt(memberships.userId, after),
    );
  const rows = () =>
    db.select(memberFields).from(memberships).innerJoin(users, eq(users.id, memberships.userId));
  return {
    keyset: (after, limit) => rows().where(where(after)).orderBy(asc(memberships.userId)).limit(limit),
    offset: async (offset, limit) => {
      const [page, [total]] = await Promise.all([
        rows().where(where()).orderBy(asc(memberships.userId)).limit(limit).offset(offset),
        db.select({ n: count() }).from(memberships).where(where()),
      ]);
      return { rows: page, total: total?.n ?? 0 };
    },
    key: (member) => member.userId,
  };
}

async function findMember(
  db: Database,
  buildingId: string,
  userId: string,
): Promise<MemberRecord | undefined> {
  const [row] = await db
    .select(memberFields)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.buildingId, buildingId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

/**
 * True while the building has a manager other than `userId`. Evaluated inside the write that needs it, so
 * two managers demoting each other at once cannot leave the building without one.
 */
const anotherManager = (buildingId: string, userId: string): SQL =>
  sql`exists (select 1 from ${memberships} as other where other.building_id = ${buildingId} and other.role = 'manager' and other.user_id <> ${userId})`;

const lastManager = () =>
  new Problem('conflict', { detailKey: 'buildings.last_manager', extensions: { reason: 'last_manager' } });

/** A role change that finds no role to change, this many times in a row, gives up (extreme contention only). */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * Changes the role of the role it read (so `member.role_changed` says from what), and bumps the building's
 * cache namespace, in one transaction. Never demotes the last manager.
 */
export async function changeMemberRole(
  db: Database,
  cache: Cache,
  buildingId: string,
  userId: string,
  role: MemberRole,
  now = new Date(),
): Promise<MemberRecord> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
    const member = await findMember(db, buildingId, userId);
    if (!member) throw notFound();
    const next: MemberRecord = { ...member, role };
    const write = prepareEvents(db, [
      db
        .update(memberships)
        .set({ role, updatedAt: now, version: bumpVersion(memberships.version) })
        .where(
          and(
            eq(memberships.buildingId, buildingId),
            eq(memberships.userId, userId),
            eq(memberships.role, member.role),
            role === 'manager'
              ? undefined
              : or(ne(memberships.role, 'manager'), anotherManager(buildingId, userId)),
          ),
        ),
      raise(
        newEvent(
          'member.role_changed',
          buildingId,
          { ...presentMember(next), buildingId, previousRole: member.role },
          now,
        ),
        { ifChanged: true },
      ),
    ]);
    const results = await cache.writeAndInvalidate(write.statements, buildingCacheNamespace(buildingId));
    if (write.committed(results).length > 0) return next;
    const fresh = await findMember(db, buildingId, userId);
    if (!fresh) throw notFound();
    // The role it read is still there, so the last-manager guard refused.
    if (fresh.role === member.role) throw lastManager();
  }
  throw new Problem('conflict');
}

export interface Actor {
  id: string;
  role: 'manager' | 'resident' | 'admin';
}

/**
 * A manager (or admin) removes anyone; a resident only themselves. The last manager cannot go. The removal
 * and the bump of the building's cache namespace are one transaction: a removed member's cached access ends
 * with it.
 */
export async function removeMember(
  db: Database,
  cache: Cache,
  buildingId: string,
  userId: string,
  actor: Actor,
): Promise<void> {
  if (actor.role === 'resident' && actor.id !== userId) {
    throw new Problem('forbidden', { detailKey: 'buildings.remove_others' });
  }
  const write = prepareEvents(db, [
    db
      .delete(memberships)
      .where(
        and(
          eq(memberships.buildingId, buildingId),
          eq(memberships.userId, userId),
          or(ne(memberships.role, 'manager'), anotherManager(buildingId, userId)),
        ),
      ),
    raise(newEvent('member.left', buildingId, { buildingId, userId }), { ifChanged: true }),
  ]);
  const results = await cache.writeAndInvalidate(write.statements, buildingCacheNamespace(buildingId));
  if (write.committed(results).length > 0) return;
  if (await findMember(db, buildingId, userId)) throw lastManager();
  throw notFound();
}

// ---------------------------------------------------------------------------------------------------------
// Invites
