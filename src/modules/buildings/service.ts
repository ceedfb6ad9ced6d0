// Buildings use cases over D1 (create, read, list, update, delete); throws `Problem`, knows nothing of HTTP.
import { and, asc, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Cache } from '../../platform/cache';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import type { PageSource } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import type { CreateBuilding, UpdateBuilding } from './schema';
import { bumpVersion, type ExpectedVersions, live, notFound } from './shared';
import { buildings, type MemberRole, memberships } from './tables';

export type { BuildingRecord } from './access';
export type { ExpectedVersions } from './shared';

import { type BuildingRecord, buildingCacheNamespace } from './access';

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
  cache: Cache,
  buildingId: string,
  patch: UpdateBuilding,
  expected: ExpectedVersions,
  now = new Date(),
): Promise<BuildingRecord> {
  const update = db
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
  const [[row]] = await cache.writeAndInvalidate([update], buildingCacheNamespace(buildingId));
  if (row) return row;
  await getBuilding(db, buildingId);
  throw new Problem('precondition_failed');
}

/** Soft deletion: the building disappears from every read but stays as a tombstone for sync. */
export async function deleteBuilding(
  db: Database,
  cache: Cache,
  buildingId: string,
  expected: ExpectedVersions,
  now = new Date(),
): Promise<void> {
  const remove = db
    .update(buildings)
    .set({ deletedAt: now, updatedAt: now, version: bumpVersion(buildings.version) })
    .where(
      and(live(buildingId), expected === undefined ? undefined : inArray(buildings.version, [...expected])),
    )
    .returning({ id: buildings.id });
  const [[row]] = await cache.writeAndInvalidate([remove], buildingCacheNamespace(buildingId));
  if (row) return;
  await getBuilding(db, buildingId);
  throw new Problem('precondition_failed');
}

// ---------------------------------------------------------------------------------------------------------
// Members
