// Buildings use cases over D1 (create, read, list, update, delete); throws `Problem`, knows nothing of HTTP.
import { and, asc, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Cache } from '../../platform/cache';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import type { PageSource } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import { commit, newEvent, prepareEvents, raise } from '../events';
import { buildingEventData } from './present';
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

/** Creates the building and makes its creator its manager, both or neither; raises `building.created`. */
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
  await commit(db, [
    db.insert(buildings).values(record),
    db.insert(memberships).values({
      buildingId: record.id,
      userId: creatorId,
      role: 'manager',
      createdAt: now,
      updatedAt: now,
      version: 1,
    }),
    raise(newEvent('building.created', record.id, buildingEventData(record), now)),
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

/** A write that finds no version to change, this many times in a row, gives up (only under extreme contention). */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * Applies a partial change (the address as a whole) to the version it read, so `building.updated` carries
 * exactly the state written; with `expected` (If-Match) only one of those versions is changed, so two
 * clients holding the same ETag cannot both win. The cache bump and the event share the write's batch.
 */
export async function updateBuilding(
  db: Database,
  cache: Cache,
  buildingId: string,
  patch: UpdateBuilding,
  expected: ExpectedVersions,
  now = new Date(),
): Promise<BuildingRecord> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
    const current = await getBuilding(db, buildingId);
    if (expected !== undefined && !expected.includes(current.version))
      throw new Problem('precondition_failed');
    const next: BuildingRecord = {
      ...current,
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.address === undefined ? {} : addressColumns(patch.address)),
      ...(patch.timeZone === undefined ? {} : { timeZone: patch.timeZone }),
      ...(patch.currency === undefined ? {} : { currency: patch.currency }),
      ...(patch.monthlyDues === undefined ? {} : { monthlyDues: patch.monthlyDues }),
      updatedAt: now,
      version: current.version + 1,
    };
    const { id: _id, createdBy: _by, createdAt: _at, deletedAt: _gone, ...changes } = next;
    const write = prepareEvents(db, [
      db
        .update(buildings)
        .set(changes)
        .where(and(live(buildingId), eq(buildings.version, current.version))),
      raise(newEvent('building.updated', buildingId, buildingEventData(next), now), { ifChanged: true }),
    ]);
    const results = await cache.writeAndInvalidate(write.statements, buildingCacheNamespace(buildingId));
    if (write.committed(results).length > 0) return next;
  }
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
  const write = prepareEvents(db, [
    db
      .update(buildings)
      .set({ deletedAt: now, updatedAt: now, version: bumpVersion(buildings.version) })
      .where(
        and(live(buildingId), expected === undefined ? undefined : inArray(buildings.version, [...expected])),
      ),
    raise(newEvent('building.deleted', buildingId, { id: buildingId }, now), { ifChanged: true }),
  ]);
  const results = await cache.writeAndInvalidate(write.statements, buildingCacheNamespace(buildingId));
  if (write.committed(results).length > 0) return;
  await getBuilding(db, buildingId);
  throw new Problem('precondition_failed');
}

// ---------------------------------------------------------------------------------------------------------
// Members
