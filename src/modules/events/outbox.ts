// Raising events: the transactional outbox. A write and its event rows commit in one D1 batch, or neither does.

import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { currentContext } from '../../platform/context';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import type { EventData, EventType } from './catalogue';
import { dispatchAfterCommit } from './dispatch';
import type { DomainEvent } from './envelope';
import { events } from './tables';

/** A new event of this type; the actor and the request ID come from the current request. */
export function newEvent<T extends EventType>(
  type: T,
  buildingId: string | null,
  data: EventData<T>,
  occurredAt: Date = new Date(),
): DomainEvent<T> {
  const context = currentContext();
  return {
    id: newId(),
    type,
    buildingId,
    actorId: context?.userId ?? null,
    occurredAt: occurredAt.toISOString(),
    requestId: context?.requestId ?? newId(),
    data,
  };
}

const RAISE = Symbol('raise');

/** An event row in a batch; with `ifChanged`, it is written only if the statement just before it changed a row. */
export interface Raise {
  readonly [RAISE]: true;
  readonly event: DomainEvent;
  readonly ifChanged: boolean;
}

/**
 * Marks an event for `commit()`. `ifChanged` ties it to the statement right before it in the same batch: a
 * conditional UPDATE that matched nothing (a lost If-Match race, a row already deleted) raises nothing.
 */
export const raise = (event: DomainEvent, options: { ifChanged?: boolean } = {}): Raise => ({
  [RAISE]: true,
  event,
  ifChanged: options.ifChanged ?? false,
});

const isRaise = (item: BatchItem<'sqlite'> | Raise): item is Raise => RAISE in item;

const row = (event: DomainEvent) => ({
  id: event.id,
  type: event.type,
  buildingId: event.buildingId,
  actorId: event.actorId,
  requestId: event.requestId,
  occurredAt: new Date(event.occurredAt),
  data: JSON.stringify(event.data),
});

/** The INSERT of one event row (none when `ifChanged` and the statement before changed nothing). */
export function eventInsert(db: Database, event: DomainEvent, ifChanged = false): BatchItem<'sqlite'> {
  if (!ifChanged) return db.insert(events).values(row(event)).returning({ id: events.id });
  const r = row(event);
  // changes() is the number of rows the previous statement of this connection changed; a D1 batch runs its
  // statements in order, in one transaction, so that is the write this event belongs to.
  return db
    .insert(events)
    .select(
      sql`SELECT ${r.id}, ${r.type}, ${r.buildingId}, ${r.actorId}, ${r.requestId}, ${r.occurredAt.getTime()}, ${r.data}, NULL WHERE changes() > 0`,
    )
    .returning({ id: events.id });
}

type Item = BatchItem<'sqlite'> | Raise;
type Results<T extends readonly Item[]> = { [K in keyof T]: unknown };

export interface Prepared {
  /** The statements to run in one batch: the writes, each event's INSERT in its place. */
  statements: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
  /**
   * After the batch committed, with its results (in the same order, possibly followed by others): hands the
   * events it wrote to the EVENTS queue in `waitUntil`, and returns them.
   */
  committed(results: readonly unknown[]): DomainEvent[];
}

/**
 * For a batch that someone else runs (`Cache.writeAndInvalidate` adds its version bumps after the
 * statements): the statements to run, and what to call once they committed.
 */
export function prepareEvents(db: Database, items: readonly [Item, ...Item[]]): Prepared {
  const statements = items.map((item) =>
    isRaise(item) ? eventInsert(db, item.event, item.ifChanged) : item,
  );
  return {
    statements: statements as Prepared['statements'],
    committed(results) {
      const raised: DomainEvent[] = [];
      items.forEach((item, index) => {
        const rows = results[index];
        if (isRaise(item) && Array.isArray(rows) && rows.length > 0) raised.push(item.event);
      });
      if (raised.length > 0) dispatchAfterCommit(db, raised);
      return raised;
    },
  };
}

export interface Committed<T extends readonly Item[]> {
  /** Each item's result, in order (a Raise's is the array of inserted ids). */
  results: Results<T>;
  /** The events that were written, in order. */
  raised: DomainEvent[];
}

/**
 * Runs the writes and their events in one D1 batch (one transaction), then hands the raised events to the
 * EVENTS queue in `waitUntil`: the answer never waits on the queue, and the sweep re-sends what this loses.
 */
export async function commit<const T extends readonly [Item, ...Item[]]>(
  db: Database,
  items: T,
): Promise<Committed<T>> {
  const prepared = prepareEvents(db, items);
  const results = (await db.batch(prepared.statements)) as unknown[];
  return { results: results as Results<T>, raised: prepared.committed(results) };
}
