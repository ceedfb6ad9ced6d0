// Buildings use cases: buildings, their members and invite codes, over D1; throws `Problem`, knows nothing of HTTP.
import {
  and,
  asc,
  count,
  eq,
  exists,
  gt,
  inArray,
  isNull,
  ne,
  notExists,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import type { PageSource } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import { users } from '../auth/tables';
import { type CreateBuilding, type CreateInvite, DEFAULT_INVITE_HOURS, type UpdateBuilding } from './schema';
import { buildings, invites, type MemberRole, memberships } from './tables';

export type { BuildingRecord } from './access';

import type { BuildingRecord } from './access';

export interface MemberRecord {
  userId: string;
  name: string;
  role: MemberRole;
  joinedAt: Date;
}

/** `undefined`: no If-Match, any version may be changed; otherwise only one of these versions. */
export type ExpectedVersions = readonly number[] | undefined;

const notFound = () => new Problem('not_found');
const bumpVersion = (
  column: typeof buildings.version | typeof memberships.version | typeof invites.version,
) => sql`${column} + 1`;
const live = (buildingId: string): SQL | undefined =>
  and(eq(buildings.id, buildingId), isNull(buildings.deletedAt));

// ---------------------------------------------------------------------------------------------------------
// Buildings

type AddressColumns = Pick<
  BuildingRecord,
  'addressLine1' | 'addressLine2' | 'city' | 'postalCode' | 'country'
>;

const addressColumns = (address: CreateBuilding['address']): AddressColumns => ({
  addressLine1: address.line1,
  addressLine2: address.line2 || null,
  city: address.city,
  postalCode: address.postalCode || null,
  country: address.country,
});

/** Creates the building and makes its creator its manager, both or neither. */
export async function createBuilding(
  db: Database,
  creatorId: string,
  input: CreateBuilding,
  now = new Date(),
): Promise<BuildingRecord> {
  const record: BuildingRecord = {
    id: newId(),
    name: input.name,
    ...addressColumns(input.address),
    timeZone: input.timeZone,
    currency: input.currency,
    monthlyDues: input.monthlyDues,
    createdBy: creatorId,
    createdAt: now,
    updatedAt: now,
    version: 1,
    deletedAt: null,
  };
  await db.batch([
    db.insert(buildings).values(record),
    db.insert(memberships).values({
      buildingId: record.id,
      userId: creatorId,
      role: 'manager',
      createdAt: now,
      updatedAt: now,
      version: 1,
    }),
  ]);
  return record;
}

/** A live building; 404 when it does not exist or was deleted. */
export async function getBuilding(db: Database, buildingId: string): Promise<BuildingRecord> {
  const [row] = await db.select().from(buildings).where(live(buildingId)).limit(1);
  if (!row) throw notFound();
  return row;
}

/** The live buildings `userId` belongs to, with their role in each, keyed by building ID. */
export function listBuildingsOf(
  db: Database,
  userId: string,
): PageSource<{ building: BuildingRecord; role: MemberRole }> {
  // memberships_user_idx (user_id, building_id) gives both the filter and the order.
  const where = (after?: string) =>
    and(
      eq(memberships.userId, userId),
      isNull(buildings.deletedAt),
      after === undefined ? undefined : gt(memberships.buildingId, after),
    );
  const rows = () =>
    db
      .select({ building: buildings, role: memberships.role })
      .from(memberships)
      .innerJoin(buildings, eq(buildings.id, memberships.buildingId));
  return {
    keyset: (after, limit) => rows().where(where(after)).orderBy(asc(memberships.buildingId)).limit(limit),
    offset: async (offset, limit) => {
      const [page, [total]] = await Promise.all([
        rows().where(where()).orderBy(asc(memberships.buildingId)).limit(limit).offset(offset),
        db
          .select({ n: count() })
          .from(memberships)
          .innerJoin(buildings, eq(buildings.id, memberships.buildingId))
          .where(where()),
      ]);
      return { rows: page, total: total?.n ?? 0 };
    },
    key: (item) => item.building.id,
  };
}

/**
 * Applies a partial change (the address as a whole). Only one of `expected` versions is changed, in the
 * same statement, so two clients holding the same ETag cannot both win.
 */
export async function updateBuilding(
  db: Database,
  buildingId: string,
  patch: UpdateBuilding,
  expected: ExpectedVersions,
  now = new Date(),
): Promise<BuildingRecord> {
  const [row] = await db
    .update(buildings)
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.address === undefined ? {} : addressColumns(patch.address)),
      ...(patch.timeZone === undefined ? {} : { timeZone: patch.timeZone }),
      ...(patch.currency === undefined ? {} : { currency: patch.currency }),
      ...(patch.monthlyDues === undefined ? {} : { monthlyDues: patch.monthlyDues }),
      updatedAt: now,
      version: bumpVersion(buildings.version),
    })
    .where(
      and(live(buildingId), expected === undefined ? undefined : inArray(buildings.version, [...expected])),
    )
    .returning();
  if (row) return row;
  await getBuilding(db, buildingId);
  throw new Problem('precondition_failed');
}

/** Soft deletion: the building disappears from every read but stays as a tombstone for sync. */
export async function deleteBuilding(
  db: Database,
  buildingId: string,
  expected: ExpectedVersions,
  now = new Date(),
): Promise<void> {
  const [row] = await db
    .update(buildings)
    .set({ deletedAt: now, updatedAt: now, version: bumpVersion(buildings.version) })
    .where(
      and(live(buildingId), expected === undefined ? undefined : inArray(buildings.version, [...expected])),
    )
    .returning({ id: buildings.id });
  if (row) return;
  await getBuilding(db, buildingId);
  throw new Problem('precondition_failed');
}

// ---------------------------------------------------------------------------------------------------------
// Members

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

export async function changeMemberRole(
  db: Database,
  buildingId: string,
  userId: string,
  role: MemberRole,
  now = new Date(),
): Promise<MemberRecord> {
  const [row] = await db
    .update(memberships)
    .set({ role, updatedAt: now, version: bumpVersion(memberships.version) })
    .where(
      and(
        eq(memberships.buildingId, buildingId),
        eq(memberships.userId, userId),
        role === 'manager'
          ? undefined
          : or(ne(memberships.role, 'manager'), anotherManager(buildingId, userId)),
      ),
    )
    .returning({ userId: memberships.userId });
  const member = await findMember(db, buildingId, userId);
  if (!member) throw notFound();
  if (!row) throw lastManager();
  return member;
}

export interface Actor {
  id: string;
  role: 'manager' | 'resident' | 'admin';
}

/** A manager (or admin) removes anyone; a resident only themselves. The last manager cannot go. */
export async function removeMember(
  db: Database,
  buildingId: string,
  userId: string,
  actor: Actor,
): Promise<void> {
  if (actor.role === 'resident' && actor.id !== userId) {
    throw new Problem('forbidden', { detailKey: 'buildings.remove_others' });
  }
  const [row] = await db
    .delete(memberships)
    .where(
      and(
        eq(memberships.buildingId, buildingId),
        eq(memberships.userId, userId),
        or(ne(memberships.role, 'manager'), anotherManager(buildingId, userId)),
      ),
    )
    .returning({ userId: memberships.userId });
  if (row) return;
  if (await findMember(db, buildingId, userId)) throw lastManager();
  throw notFound();
}

// ---------------------------------------------------------------------------------------------------------
// Invites

// No 0/O, 1/I/L: codes are read aloud and typed from paper.
const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const INVITE_CODE_LENGTH = 10;

/** Uniformly random: bytes past the largest multiple of the alphabet's size are thrown away, not folded. */
export function newInviteCode(): string {
  const size = INVITE_ALPHABET.length;
  const ceiling = 256 - (256 % size);
  let code = '';
  while (code.length < INVITE_CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(INVITE_CODE_LENGTH * 2))) {
      if (byte < ceiling && code.length < INVITE_CODE_LENGTH) code += INVITE_ALPHABET[byte % size];
    }
  }
  return code;
}

/** People type codes in lower case, with spaces or dashes: they all name the same invite. */
export const normalizeInviteCode = (code: string): string => code.toUpperCase().replace(/[\s-]+/g, '');

/** Only this is stored: a leaked table does not let anyone join. */
export async function hashInviteCode(code: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalizeInviteCode(code))),
  );
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface CreatedInvite {
  code: string;
  role: MemberRole;
  expiresAt: Date;
}

export async function createInvite(
  db: Database,
  buildingId: string,
  createdBy: string,
  options: CreateInvite,
  now = new Date(),
): Promise<CreatedInvite> {
  const code = newInviteCode();
  const role = options.role ?? 'resident';
  const expiresAt = new Date(now.getTime() + (options.expiresInHours ?? DEFAULT_INVITE_HOURS) * 3_600_000);
  await db.insert(invites).values({
    id: newId(),
    buildingId,
    codeHash: await hashInviteCode(code),
    role,
    expiresAt,
    createdBy,
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  return { code, role, expiresAt };
}

const isMember = (buildingId: string, userId: string) =>
  and(eq(memberships.buildingId, buildingId), eq(memberships.userId, userId));

/**
 * Spends the invite and adds the membership in one batch (one transaction). The UPDATE is the gate: only
 * the request whose UPDATE changes the row inserts a membership, so racing joins with one code have one winner.
 */
export async function joinBuilding(
  db: Database,
  userId: string,
  code: string,
  now = new Date(),
): Promise<{ building: BuildingRecord; role: MemberRole }> {
  const codeHash = await hashInviteCode(code);
  const [invite] = await db
    .select({
      id: invites.id,
      buildingId: invites.buildingId,
      usedAt: invites.usedAt,
      expiresAt: invites.expiresAt,
    })
    .from(invites)
    .innerJoin(buildings, eq(buildings.id, invites.buildingId))
    .where(and(eq(invites.codeHash, codeHash), isNull(buildings.deletedAt)))
    .limit(1);
  if (!invite) throw notFound();
  const { buildingId } = invite;
  const alreadyMember = async () =>
    (
      await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(isMember(buildingId, userId))
        .limit(1)
    ).length > 0;
  if (await alreadyMember()) throw new Problem('already_member');
  if (invite.usedAt !== null || invite.expiresAt.getTime() <= now.getTime())
    throw new Problem('invite_expired');

  const [spent] = await db.batch([
    db
      .update(invites)
      .set({ usedAt: now, usedBy: userId, updatedAt: now, version: bumpVersion(invites.version) })
      .where(
        and(
          eq(invites.id, invite.id),
          isNull(invites.usedAt),
          gt(invites.expiresAt, now),
          exists(db.select({ id: buildings.id }).from(buildings).where(live(buildingId))),
          notExists(
            db.select({ userId: memberships.userId }).from(memberships).where(isMember(buildingId, userId)),
          ),
        ),
      )
      .returning({ role: invites.role }),
    db
      .insert(memberships)
      .select(
        sql`select ${invites.buildingId}, ${userId}, ${invites.role}, ${now.getTime()}, ${now.getTime()}, 1 from ${invites} where ${invites.id} = ${invite.id} and ${invites.usedBy} = ${userId} and ${invites.usedAt} = ${now.getTime()}`,
      )
      .onConflictDoNothing(),
  ]);
  const [won] = spent;
  if (won) return { building: await getBuilding(db, buildingId), role: won.role };
  // Lost a race: to the same user (already a member now), or to someone else (the code is spent).
  if (await alreadyMember()) throw new Problem('already_member');
  await getBuilding(db, buildingId);
  throw new Problem('invite_expired');
}
