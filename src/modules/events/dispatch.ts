// Handing committed events to the EVENTS queue: right after the commit, and again by the sweep if that was lost.
import { env, waitUntil } from 'cloudflare:workers';
import { and, asc, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { logger } from '../../platform/logger';
import type { DomainEvent } from './envelope';
import { eventFailures, eventReceipts, events } from './tables';

/** An event not marked dispatched this long after it occurred is sent again by the sweep. */
export const SWEEP_AFTER_MS = 60_000;
/** Events, receipts and recorded failures are kept this long (replay to a receiver that was broken). */
export const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Queues take at most 100 messages per sendBatch; D1 takes at most 100 bound parameters per statement. */
const CHUNK = 90;

export type EventQueue = Pick<Queue<DomainEvent>, 'sendBatch'>;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Sends the events (the envelope is the message body) and marks them dispatched. */
export async function dispatch(
  db: Database,
  queue: EventQueue,
  batch: readonly DomainEvent[],
  now = new Date(),
) {
  for (const part of chunks(batch)) {
    await queue.sendBatch(part.map((event) => ({ body: event, contentType: 'json' as const })));
    await db
      .update(events)
      .set({ dispatchedAt: now })
      .where(
        inArray(
          events.id,
          part.map((event) => event.id),
        ),
      );
  }
}

/** After a commit: dispatch in `waitUntil`; a failure is logged and left to the sweep, never to the request. */
export function dispatchAfterCommit(db: Database, batch: readonly DomainEvent[]): void {
  const work = dispatch(db, env.EVENTS as EventQueue, batch).catch((error: unknown) => {
    logger.warn('events: dispatch failed; the sweep will re-send', {
      eventIds: batch.map((event) => event.id),
      error: error instanceof Error ? error.message : String(error),
    });
  });
  try {
    waitUntil(work);
  } catch {
    // Outside an invocation there is nothing to extend; the promise runs on by itself.
  }
}

const toEvent = (row: typeof events.$inferSelect): DomainEvent =>
  ({
    id: row.id,
    type: row.type,
    buildingId: row.buildingId,
    actorId: row.actorId,
    occurredAt: row.occurredAt.toISOString(),
    requestId: row.requestId,
    data: JSON.parse(row.data),
  }) as DomainEvent;

/**
 * Re-sends every event still undispatched `SWEEP_AFTER_MS` after it occurred (a crash or a queue failure
 * between commit and enqueue), oldest first, at most `maxRounds` × 90 per run. Returns how many it sent.
 */
export async function sweepUndispatched(db: Database, queue: EventQueue, now = new Date(), maxRounds = 20) {
  let sent = 0;
  for (let round = 0; round < maxRounds; round += 1) {
    const rows = await db
      .select()
      .from(events)
      .where(
        and(isNull(events.dispatchedAt), lt(events.occurredAt, new Date(now.getTime() - SWEEP_AFTER_MS))),
      )
      .orderBy(asc(events.occurredAt))
      .limit(CHUNK);
    if (rows.length === 0) break;
    await dispatch(db, queue, rows.map(toEvent), now);
    sent += rows.length;
    if (rows.length < CHUNK) break;
  }
  return sent;
}

/** Deletes events, receipts and recorded failures older than the retention period; returns how many of each. */
export async function purgeEvents(db: Database, now = new Date()) {
  const before = new Date(now.getTime() - RETENTION_MS);
  const purged = await db.delete(events).where(lt(events.occurredAt, before)).run();
  const receipts = await db.delete(eventReceipts).where(lt(eventReceipts.handledAt, before)).run();
  const failures = await db.delete(eventFailures).where(lt(eventFailures.failedAt, before)).run();
  return { events: purged.meta.changes, receipts: receipts.meta.changes, failures: failures.meta.changes };
}
