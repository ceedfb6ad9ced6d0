// Which subscribers already handled an event, so a re-delivered event is acted on once per subscriber.
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId } from '../../platform/ids';
import { eventFailures, eventReceipts } from './tables';

export async function handledBy(db: Database, eventId: string): Promise<Set<string>> {
  const rows = await db
    .select({ subscriber: eventReceipts.subscriber })
    .from(eventReceipts)
    .where(eq(eventReceipts.eventId, eventId));
  return new Set(rows.map((row) => row.subscriber));
}

export async function recordHandled(
  db: Database,
  eventId: string,
  subscribers: readonly string[],
  now = new Date(),
) {
  if (subscribers.length === 0) return;
  await db
    .insert(eventReceipts)
    .values(subscribers.map((subscriber) => ({ subscriber, eventId, handledAt: now })))
    .onConflictDoNothing();
}

const MAX_BODY_CHARS = 64 * 1024;

function serialize(body: unknown): string {
  try {
    const text = JSON.stringify(body) ?? String(body);
    return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text;
  } catch {
    return String(body).slice(0, MAX_BODY_CHARS);
  }
}

export interface Failure {
  eventId?: string | undefined;
  eventType?: string | undefined;
  subscriber: string;
  queue: string;
  requestId?: string | undefined;
  error: string;
  body: unknown;
}

/** Records a final failure where an operator finds it (kept as long as events are). */
export async function recordFailure(db: Database, failure: Failure, now = new Date()) {
  await db.insert(eventFailures).values({
    id: newId(),
    eventId: failure.eventId ?? null,
    eventType: failure.eventType ?? null,
    subscriber: failure.subscriber,
    queue: failure.queue,
    requestId: failure.requestId ?? null,
    error: failure.error.slice(0, 2000),
    body: serialize(failure.body),
    failedAt: now,
  });
}
