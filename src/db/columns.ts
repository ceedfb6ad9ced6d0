// Columns every table shares: a UUIDv7 key, timestamps, and a version that changes on every write.
import { integer, text } from 'drizzle-orm/sqlite-core';

export const id = () => text('id').primaryKey();

/** createdAt, updatedAt (epoch ms) and version; writes go through `touch()` so version always moves. */
export const auditColumns = () => ({
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  version: integer('version').notNull().default(1),
});

/** Soft deletion keeps a tombstone that offline clients can sync. */
export const deletedAt = () => integer('deleted_at', { mode: 'timestamp_ms' });
