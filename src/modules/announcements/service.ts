// Announcement use cases: a building's feed (newest first, keyset paged), post, edit and soft delete.
import { and, count, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId, UUID_PATTERN } from '../../platform/ids';
import { type Page, type PageQuery, readPage } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import { users } from '../auth/tables';
import { commit, newEvent, raise } from '../events';
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

/** The author's display name, as announcements show it. */
async function authorName(db: Database, authorId: string): Promise<string> {
  const [author] = await db.select({ name: users.name }).from(users).where(eq(users.id, authorId)).limit(1);
  return author?.name ?? '';
}

/** Posts it; `announcement.created` is raised in the same batch. */
export async function createAnnouncement(
  db: Database,
  args: { buildingId: string; authorId: string; input: CreateAnnouncementInput; now?: Date },
): Promise<Announcement> {
  const now = args.now ?? new Date();
  const row: AnnouncementRow = {
    id: newId(),
    buildingId: args.buildingId,
    authorId: args.authorId,
    authorName: await authorName(db, args.authorId),
    title: args.input.title,
    body: args.input.body,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const announcement = toAnnouncement(row);
  const { authorName: _name, ...stored } = row;
  await commit(db, [
    db.insert(announcements).values(stored),
    raise(newEvent('announcement.created', args.buildingId, announcement, now)),
  ]);
  return announcement;
}

/** Why a conditional write changed nothing: the record is gone (404) or its version moved on (412). */
async function missedWrite(db: Database, buildingId: string, announcementId: string): Promise<never> {
  await findRow(db, buildingId, announcementId);
  throw new Problem('precondition_failed');
}

/** A write that finds no version to change, this many times in a row, gives up (only under extreme contention). */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * Applies the changes to the version it read (so the event carries exactly the state it wrote); a concurrent
 * write makes it read again and retry when no `If-Match` was sent, and 412 when one was.
 */
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
  const now = args.now ?? new Date();
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
    const current = await findRow(db, args.buildingId, args.announcementId);
    if (args.ifMatch && !args.ifMatch.includes(current.version)) throw new Problem('precondition_failed');
    const next = toAnnouncement({
      ...current,
      title: args.changes.title ?? current.title,
      body: args.changes.body ?? current.body,
      updatedAt: now,
      version: current.version + 1,
    });
    const { raised } = await commit(db, [
      db
        .update(announcements)
        .set({ title: next.title, body: next.body, updatedAt: now, version: next.version })
        .where(and(one(args.buildingId, args.announcementId), eq(announcements.version, current.version))),
      raise(newEvent('announcement.updated', args.buildingId, next, now), { ifChanged: true }),
    ]);
    if (raised.length > 0) return next;
  }
  return missedWrite(db, args.buildingId, args.announcementId);
}

/** Soft delete: the row stays as a tombstone (offline clients sync deletions), out of every read. */
export async function deleteAnnouncement(
  db: Database,
  args: { buildingId: string; announcementId: string; ifMatch?: readonly number[]; now?: Date },
): Promise<void> {
  if (!UUID_PATTERN.test(args.announcementId)) throw new Problem('not_found');
  if (args.ifMatch?.length === 0) return missedWrite(db, args.buildingId, args.announcementId);
  const now = args.now ?? new Date();
  const { raised } = await commit(db, [
    db
      .update(announcements)
      .set({ deletedAt: now, updatedAt: now, version: sql`${announcements.version} + 1` })
      .where(and(one(args.buildingId, args.announcementId), versionIn(args.ifMatch))),
    raise(newEvent('announcement.deleted', args.buildingId, { id: args.announcementId }, now), {
      ifChanged: true,
    }),
  ]);
  if (raised.length === 0) await missedWrite(db, args.buildingId, args.announcementId);
}
