import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventRow, eventually, sampleEvent } from '../../../test/helpers/events';
import { insertBuilding } from '../../../test/helpers/fixtures';
import { createUser } from '../../../test/helpers/users';
import { database } from '../../platform/database';
import { buildings } from '../buildings/tables';
import { purgeEvents, RETENTION_MS, SWEEP_AFTER_MS, sweepUndispatched } from './dispatch';
import type { DomainEvent } from './envelope';
import { commit, eventInsert, newEvent, raise } from './outbox';

const db = () => database(env.DB);

/** An event committed but never handed to the queue: a crash between commit and enqueue. */
async function lostEnqueue(occurredAt: Date): Promise<DomainEvent> {
  const event = sampleEvent({ occurredAt: occurredAt.toISOString() });
  await db().batch([eventInsert(db(), event)]);
  return event;
}

const handledByTrace = async (eventId: string) =>
  (await env.DB.prepare("SELECT 1 AS x FROM event_receipts WHERE event_id = ? AND subscriber = 'trace'")
    .bind(eventId)
    .first()) ?? undefined;

describe('dispatch', () => {
  it('hands a committed event to the EVENTS queue after the commit and marks it dispatched; the consumer gets it', async () => {
    const user = await createUser({ name: 'Owner' });
    const id = await insertBuilding(user.id);
    const event = newEvent('building.deleted', id, { id });
    await commit(db(), [
      db().update(buildings).set({ name: 'Gone' }).where(eq(buildings.id, id)),
      raise(event),
    ]);
    await eventually('dispatched', async () => (await eventRow(event.id))?.dispatched_at ?? undefined);
    await eventually('delivered to the trace subscriber through the real queue', () =>
      handledByTrace(event.id),
    );
  }, 60_000);
});

describe('the sweep', () => {
  it('re-sends an event whose enqueue was lost, once, and the receiver acts on it once', async () => {
    const now = new Date();
    const lost = await lostEnqueue(new Date(now.getTime() - SWEEP_AFTER_MS - 1_000));
    const fresh = await lostEnqueue(new Date(now.getTime() - 1_000)); // the request may still be enqueuing it
    expect(await sweepUndispatched(db(), env.EVENTS, now)).toBeGreaterThanOrEqual(1);
    expect((await eventRow(lost.id))?.dispatched_at).toBe(now.getTime());
    expect((await eventRow(fresh.id))?.dispatched_at).toBeNull();
    await eventually('the swept event reaches its subscriber', () => handledByTrace(lost.id));
    // A second sweep finds nothing of it; a duplicate delivery is skipped by the receipt.
    await sweepUndispatched(db(), env.EVENTS, now);
    expect((await eventRow(lost.id))?.dispatched_at).toBe(now.getTime());
    // The trace subscriber's receipt, once (other registered subscribers, like webhooks, keep their own).
    const { results } = await env.DB.prepare(
      "SELECT subscriber FROM event_receipts WHERE event_id = ? AND subscriber = 'trace'",
    )
      .bind(lost.id)
      .all();
    expect(results).toHaveLength(1);
  }, 60_000);

  it('sends more than one chunk of undispatched events in order', async () => {
    const old = new Date(Date.now() - 10 * SWEEP_AFTER_MS);
    const many = [];
    for (let i = 0; i < 95; i += 1)
      many.push(sampleEvent({ occurredAt: new Date(old.getTime() + i).toISOString() }));
    await db().batch(many.map((event) => eventInsert(db(), event)) as [never, ...never[]]);
    await sweepUndispatched(db(), env.EVENTS);
    const { results } = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM events WHERE dispatched_at IS NULL AND id IN (${many.map(() => '?').join(',')})`,
    )
      .bind(...many.map((e) => e.id))
      .all<{ n: number }>();
    expect(results[0]?.n).toBe(0);
  });
});

describe('purge', () => {
  it('deletes events, receipts and failures older than 30 days and keeps the rest', async () => {
    const now = new Date();
    const old = await lostEnqueue(new Date(now.getTime() - RETENTION_MS - 60_000));
    const recent = await lostEnqueue(new Date(now.getTime() - RETENTION_MS + 60_000));
    await env.DB.prepare("INSERT INTO event_receipts (subscriber, event_id, handled_at) VALUES ('x', ?, ?)")
      .bind(old.id, now.getTime() - RETENTION_MS - 60_000)
      .run();
    const purged = await purgeEvents(db(), now);
    expect(purged.events).toBeGreaterThanOrEqual(1);
    expect(purged.receipts).toBeGreaterThanOrEqual(1);
    expect(await eventRow(old.id)).toBeNull();
    expect(await eventRow(recent.id)).not.toBeNull();
  });
});
