// Storage of announcements: managers write, members read.
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { auditColumns, deletedAt, id } from '../../db/columns';
import { users } from '../auth/tables';
import { buildings } from '../buildings/tables';

export const announcements = sqliteTable(
  'announcements',
  {
    id: id(),
    buildingId: text('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    ...auditColumns(),
    deletedAt: deletedAt(),
  },
  // Lists page by (building, id): id is a UUIDv7, so this is creation order and a unique keyset.
  (t) => [index('announcements_building_id_idx').on(t.buildingId, t.id)],
);
