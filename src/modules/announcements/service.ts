// Announcement use cases: a building's feed (newest first, keyset paged), post, edit and soft delete.
import { and, count, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId, UUID_PATTERN } from '../../platform/ids';
import { type Page, type PageQuery, readPage } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import { users } from '../auth/tables';
import type { Announcement, CreateAnnouncementInput, UpdateAnnouncementInput } from './schema';
import { announcements } from './tables';

/** An announcement joined with its author's name: everything its representation needs, in one row. */
export interface AnnouncementRow {
  id: string;
  buildingId: string;
  title: string;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const columns = {
  id: announcements.id,
  buildingId: announcements.buildingId,
  title: announcements.title,
  body: announcements.body,
  authorId: announcements.authorId,
  authorName: users.name,
  createdAt: announcements.createdAt,
  updatedAt: announcements.updatedAt,
  version: announcements.version,
};

export const toAnnouncement = (row: AnnouncementRow): Announcement => ({
  id: row.id,
  buildingId: row.buildingId,
  title: row.title,
  body: row.body,
  author: { id: row.authorId, name: row.authorName },
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  version: row.version,
});

/** The cursor scope: a cursor of one building's feed is refused on another's. */
export const feedScope = (buildingId: string): string => `announcements:${buildingId}`;

const live = (buildingId: string): SQL | undefined =>
  and(eq(announcements.buildingId, buildingId), isNull(announcements.deletedAt));

const one = (buildingId: string, announcementId: string): SQL | undefined =>
  and(live(buildingId), eq(announcements.id, announcementId));

/** The `If-Match` condition on the stored version; undefined when the write is unconditional. */
const versionIn = (ifMatch: readonly number[] | undefined): SQL | undefined =>
  ifMatch === undefined ? undefined : inArray(announcements.version, [...ifMatch]);

const withAuthor = (db: Database) =>
  db.select(columns).from(announcements).innerJoin(users, eq(users.id, announcements.authorId));

/** One page of the feed, newest first; authors come from the same query (no query per item). */
export async function listAnnouncements(
  db: Database,
  buildingId: string,
  query: PageQuery,
  cursorSecret: string,
): Promise<Page<Announcement>> {
  const page = await readPage<AnnouncementRow>(
    query,
    {
      // The feed runs newest first, so "after the cursor" means a smaller id. UUIDv7 ids order by creation,
      // and (building_id, id) is unique, so the walk stays exact; the index is read backwards.
      keyset: (after, limit) =>
        withAuthor(db)
          .where(after === undefined ? live(buildingId) : and(live(buildingId), lt(announcements.id, after)))
          .orderBy(desc(announcements.id))
          .limit(limit),
      offset: async (offset, limit) => {
        const [rows, totals] = await db.batch([
          withAuthor(db).where(live(buildingId)).orderBy(desc(announcements.id)).limit(limit).offset(offset),
          db.select({ total: count() }).from(announcements).where(live(buildingId)),
        ]);
        return { rows, total: totals[0]?.total ?? 0 };
      },
      key: (row) => row.id,
    },
    { secret: cursorSecret, scope: feedScope(buildingId) },
  );
  return { data: page.data.map(toAnnouncement), page: page.page };
}

async function findRow(db: Database, buildingId: string, announcementId: string): Promise<AnnouncementRow> {
  if (!UUID_PATTERN.test(announcementId)) throw new Problem('not_found');
  const [row] = await withAuthor(db).where(one(buildingId, announcementId)).limit(1);
  if (!row) throw new Problem('not_found');
  return row;
}

/** A live announcement of this building; another building's id, or a deleted one, is 404. */
export async function getAnnouncement(
  db: Database,
  buildingId: string,
  announcementId: string,
): Promise<Announcement> {
  return toAnnouncement(await findRow(db, buildingId, announcementId));
}

export async function createAnnouncement(
  db: Database,
  args: { buildingId: string; authorId: string; input: CreateAnnouncementInput; now?: Date },
): Promise<Announcement> {
  const now = args.now ?? new Date();
  const id = newId();
  // One round trip: the insert and the author's name.
  const [inserted, authors] = await db.batch([
    db
      .insert(announcements)
      .values({
        id,
        buildingId: args.buildingId,
        authorId: args.authorId,
        title: args.input.title,
        body: args.input.body,
        createdAt: now,
        updatedAt: now,
        version: 1,
      })
      .returning(),
    db.select({ name: users.name }).from(users).where(eq(users.id, args.authorId)).limit(1),
  ]);
  const row = inserted[0];
  if (!row) throw new Error('announcement insert returned no row');
  return toAnnouncement({ ...row, authorName: authors[0]?.name ?? '' });
}

/** Why a conditional write changed nothing: the record is gone (404) or its version moved on (412). */
async function missedWrite(db: Database, buildingId: string, announcementId: string): Promise<never> {
  await findRow(db, buildingId, announcementId);
  throw new Problem('precondition_failed');
}

export async function updateAnnouncement(
  db: Database,
  args: {
    buildingId: string;
    announcementId: string;
    changes: UpdateAnnouncementInput;
    ifMatch?: readonly number[];
    now?: Date;
  },
): Promise<Announcement> {
  const current = await findRow(db, args.buildingId, args.announcementId);
  if (args.ifMatch && !args.ifMatch.includes(current.version)) throw new Problem('precondition_failed');
  const now = args.now ?? new Date();
  const [row] = await db
    .update(announcements)
    .set({
      title: args.changes.title,
      body: args.changes.body,
      updatedAt: now,
      version: sql`${announcements.version} + 1`,
    })
    .where(and(one(args.buildingId, args.announcementId), versionIn(args.ifMatch)))
    .returning();
  if (!row) return missedWrite(db, args.buildingId, args.announcementId);
  return toAnnouncement({ ...row, authorName: current.authorName });
}

/** Soft delete: the row stays as a tombstone (offline clients sync deletions), out of every read. */
export async function deleteAnnouncement(
  db: Database,
  args: { buildingId: string; announcementId: string; ifMatch?: readonly number[]; now?: Date },
): Promise<void> {
  if (!UUID_PATTERN.test(args.announcementId)) throw new Problem('not_found');
  if (args.ifMatch?.length === 0) return missedWrite(db, args.buildingId, args.announcementId);
  const now = args.now ?? new Date();
  const [row] = await db
    .update(announcements)
    .set({ deletedAt: now, updatedAt: now, version: sql`${announcements.version} + 1` })
    .where(and(one(args.buildingId, args.announcementId), versionIn(args.ifMatch)))
    .returning({ id: announcements.id });
  if (!row) await missedWrite(db, args.buildingId, args.announcementId);
}
