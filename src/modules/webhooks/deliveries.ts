// Delivery use cases: one delivery per (event, subscribed endpoint), the delivery log, and a manual retry.
import { and, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId, UUID_PATTERN } from '../../platform/ids';
import { type Page, type PageQuery, readPage } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import type { DomainEvent } from '../events';
import type { AttemptMessage, AttemptQueue } from './message';
import type { Delivery } from './schema';
import {
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
  webhookDeliveries,
  webhookEndpoints,
} from './tables';

/** A pending delivery untouched this long is stuck (its queue message was lost) and may be retried by hand. */
export const STUCK_AFTER_MS = 15 * 60 * 1000;
/** Rows per INSERT: D1 binds at most 100 parameters per statement, and a delivery takes 8. */
const INSERT_CHUNK = 12;

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export const toDelivery = (row: WebhookDeliveryRow): Delivery => ({
  id: row.id,
  eventId: row.eventId,
  eventType: row.eventType,
  status: row.status,
  attempts: row.attempts,
  lastAttemptAt: iso(row.lastAttemptAt),
  nextAttemptAt: iso(row.nextAttemptAt),
  responseStatus: row.responseStatus,
  responseTimeMs: row.responseTimeMs,
  error: row.error,
  requestId: row.requestId,
  createdAt: row.createdAt.toISOString(),
});

/** The body every attempt sends, byte for byte (the signature covers it): `{ type, timestamp, data }`. */
export const deliveryBody = (event: DomainEvent): string =>
  JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event.data });

/** Whether an endpoint receives this event: `webhook.test` goes to the endpoint it names only. */
export function receives(endpoint: Pick<WebhookEndpointRow, 'id' | 'events'>, event: DomainEvent): boolean {
  if (event.type === 'webhook.test') return (event.data as { webhookId: string }).webhookId === endpoint.id;
  const types = JSON.parse(endpoint.events) as string[];
  return types.includes('*') || types.includes(event.type);
}

const message = (row: Pick<WebhookDeliveryRow, 'id' | 'attempts' | 'requestId'>): AttemptMessage => ({
  deliveryId: row.id,
  attempts: row.attempts,
  requestId: row.requestId,
});

/**
 * The webhooks subscriber's work: a delivery row for each enabled endpoint of the event's building (and each
 * platform endpoint) that wants the event, then one queue message each. Idempotent by (event, endpoint): the
 * rows are unique on it, and a re-delivered event only re-sends messages for deliveries not yet attempted
 * (a duplicate message is harmless: an attempt claims its row first). Returns how many deliveries exist now.
 */
export async function createDeliveries(
  db: Database,
  queue: AttemptQueue,
  event: DomainEvent,
  now = new Date(),
): Promise<number> {
  const candidates = await db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.enabled, true),
        event.buildingId === null
          ? isNull(webhookEndpoints.buildingId)
          : or(eq(webhookEndpoints.buildingId, event.buildingId), isNull(webhookEndpoints.buildingId)),
      ),
    );
  const endpointIds = candidates
    .filter((endpoint) => receives(endpoint, event))
    .map((endpoint) => endpoint.id);
  if (endpointIds.length === 0) return 0;
  const body = deliveryBody(event);
  for (let i = 0; i < endpointIds.length; i += INSERT_CHUNK) {
    await db
      .insert(webhookDeliveries)
      .values(
        endpointIds.slice(i, i + INSERT_CHUNK).map((endpointId) => ({
          id: newId(),
          endpointId,
          eventId: event.id,
          eventType: event.type,
          requestId: event.requestId,
          body,
          createdAt: now,
        })),
      )
      .onConflictDoNothing();
  }
  const due = await db
    .select({
      id: webhookDeliveries.id,
      attempts: webhookDeliveries.attempts,
      requestId: webhookDeliveries.requestId,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.eventId, event.id),
        eq(webhookDeliveries.status, 'pending'),
        eq(webhookDeliveries.attempts, 0),
      ),
    );
  for (let i = 0; i < due.length; i += 90) {
    await queue.sendBatch(
      due.slice(i, i + 90).map((row) => ({ body: message(row), contentType: 'json' as const })),
    );
  }
  return endpointIds.length;
}

/** One page of an endpoint's delivery log, newest first. */
export async function listDeliveries(
  db: Database,
  endpointId: string,
  query: PageQuery,
  cursorSecret: string,
): Promise<Page<Delivery>> {
  const mine = eq(webhookDeliveries.endpointId, endpointId);
  const page = await readPage<WebhookDeliveryRow>(
    query,
    {
      keyset: (after, limit) =>
        db
          .select()
          .from(webhookDeliveries)
          .where(after === undefined ? mine : and(mine, lt(webhookDeliveries.id, after)))
          .orderBy(desc(webhookDeliveries.id))
          .limit(limit),
      offset: async (offset, limit) => {
        const [rows, totals] = await db.batch([
          db
            .select()
            .from(webhookDeliveries)
            .where(mine)
            .orderBy(desc(webhookDeliveries.id))
            .limit(limit)
            .offset(offset),
          db.select({ total: count() }).from(webhookDeliveries).where(mine),
        ]);
        return { rows, total: totals[0]?.total ?? 0 };
      },
      key: (row) => row.id,
    },
    { secret: cursorSecret, scope: `webhook-deliveries:${endpointId}` },
  );
  return { data: page.data.map(toDelivery), page: page.page };
}

/**
 * Sends a delivery again, as a new round (one attempt, then the automatic retries). Only a finished delivery
 * (`failed`, `succeeded`) or a stuck one is retried: the conditional UPDATE lets exactly one of concurrent
 * retries through (409 for the others), so a receiver gets one new attempt, not one per click.
 */
export async function retryDelivery(
  db: Database,
  queue: AttemptQueue,
  args: { endpoint: WebhookEndpointRow; deliveryId: string; now?: Date },
): Promise<Delivery> {
  if (!UUID_PATTERN.test(args.deliveryId)) throw new Problem('not_found');
  if (!args.endpoint.enabled) {
    throw new Problem('conflict', {
      detail: 'The endpoint is disabled: enable it (PATCH enabled: true) first.',
    });
  }
  const now = args.now ?? new Date();
  const stuckBefore = now.getTime() - STUCK_AFTER_MS;
  const retryable: SQL | undefined = or(
    inArray(webhookDeliveries.status, ['failed', 'succeeded']),
    and(
      eq(webhookDeliveries.status, 'pending'),
      sql`coalesce(${webhookDeliveries.nextAttemptAt}, ${webhookDeliveries.lastAttemptAt}, ${webhookDeliveries.createdAt}) < ${stuckBefore}`,
    ),
  );
  const mine = and(
    eq(webhookDeliveries.id, args.deliveryId),
    eq(webhookDeliveries.endpointId, args.endpoint.id),
  );
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: 'pending', roundAttempts: 0, nextAttemptAt: now, error: null })
    .where(and(mine, retryable))
    .returning();
  if (!row) {
    const [exists] = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(mine)
      .limit(1);
    if (!exists) throw new Problem('not_found');
    throw new Problem('conflict', {
      detail: 'The delivery is already pending: it is being sent or retried.',
    });
  }
  await queue.send(message(row), { contentType: 'json' });
  return toDelivery(row);
}
