// Storage of domain events: the outbox, which subscriber has handled which event, and final failures.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The transactional outbox: one row per event, written in the same D1 batch as the write that raised it. */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    buildingId: text('building_id'),
    actorId: text('actor_id'),
    requestId: text('request_id').notNull(),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    /** The event's `data`, as JSON. */
    data: text('data').notNull(),
    /** When it was handed to the EVENTS queue; null until then (the sweep looks for those). */
    dispatchedAt: integer('dispatched_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    // The sweep reads only undispatched rows, oldest first: a partial index keeps that read small.
    index('events_undispatched_idx').on(t.occurredAt).where(sql`dispatched_at IS NULL`),
    index('events_occurred_at_idx').on(t.occurredAt),
  ],
);

/** A subscriber that handled an event: the consumer skips it when the event arrives again (at least once). */
export const eventReceipts = sqliteTable(
  'event_receipts',
  {
    subscriber: text('subscriber').notNull(),
    eventId: text('event_id').notNull(),
    handledAt: integer('handled_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.subscriber] }),
    index('event_receipts_handled_at_idx').on(t.handledAt),
  ],
);

/** An event a subscriber could not handle after every retry (or a message that could never be read). */
export const eventFailures = sqliteTable(
  'event_failures',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id'),
    eventType: text('event_type'),
    /** The subscriber that failed; `*` when the whole fan-out failed. */
    subscriber: text('subscriber').notNull(),
    queue: text('queue').notNull(),
    requestId: text('request_id'),
    error: text('error').notNull(),
    /** The message as it arrived, for a replay by hand. */
    body: text('body').notNull(),
    failedAt: integer('failed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('event_failures_failed_at_idx').on(t.failedAt),
    index('event_failures_event_id_idx').on(t.eventId),
  ],
);
