// One delivery attempt: claim the row, check the URL again, sign, POST with a 10 s limit, record, schedule a retry.
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { logger } from '../../platform/logger';
import { outboundFetch } from '../../platform/outbound';
import { recordFailure } from '../events';
import { hopDelaySeconds, MAX_RETRIES, retryDelaySeconds } from './backoff';
import { signingSecrets, type WebhookKeys } from './endpoints';
import type { AttemptMessage, AttemptQueue } from './message';
import { signatureHeader } from './signature';
import {
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
  webhookDeliveries,
  webhookEndpoints,
} from './tables';
import { checkWebhookUrl } from './url-guard';

/** A receiver has this long to answer with a 2xx. */
export const TIMEOUT_MS = 10_000;
/** This many deliveries in a row ending `failed` disable the endpoint. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 10;
/** Where dead letters are recorded (event_failures.subscriber). */
export const DEAD_LETTER_SUBSCRIBER = 'webhooks';

export interface AttemptDeps {
  db: Database;
  queue: AttemptQueue;
  keys: WebhookKeys;
  retryBaseSeconds: number;
  /** The queue's name, for dead-letter records. */
  queueName: string;
  now?: () => number;
  random?: () => number;
}

interface Outcome {
  ok: boolean;
  status: number | null;
  timeMs: number | null;
  error: string | null;
}

async function send(
  endpoint: WebhookEndpointRow,
  delivery: WebhookDeliveryRow,
  deps: AttemptDeps,
  now: number,
): Promise<Outcome> {
  const verdict = checkWebhookUrl(endpoint.url, { allowPrivate: deps.keys.allowPrivate });
  if (!verdict.ok) return { ok: false, status: null, timeMs: null, error: `refused: url ${verdict.reason}` };
  const timestamp = Math.floor(now / 1000);
  const secrets = await signingSecrets(endpoint, deps.keys.sealKey, now);
  const started = performance.now();
  try {
    const response = await outboundFetch(verdict.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Doorman-Webhooks/1',
        'webhook-id': delivery.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await signatureHeader(secrets, delivery.eventId, timestamp, delivery.body),
        'x-request-id': delivery.requestId,
      },
      body: delivery.body,
      // A redirect could lead to an address the guard refuses: it counts as a failure, never followed.
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const timeMs = Math.round(performance.now() - started);
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, timeMs, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const timeMs = Math.round(performance.now() - started);
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      ok: false,
      status: null,
      timeMs,
      error: timedOut ? `timeout: no answer within ${TIMEOUT_MS / 1000} s` : `network: ${errorText(error)}`,
    };
  }
}

const errorText = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, 500);

/** The endpoint update when a delivery ends failed: count it, and disable after ten in a row (or at once on 410). */
function failEndpoint(db: Database, endpointId: string, gone: boolean, now: Date) {
  const next = sql`${webhookEndpoints.consecutiveFailures} + 1`;
  const disable = gone ? sql`1` : sql`(${next} >= ${DISABLE_AFTER_FAILED_DELIVERIES})`;
  const reason = gone
    ? 'The endpoint answered 410 Gone.'
    : `${DISABLE_AFTER_FAILED_DELIVERIES} deliveries in a row failed.`;
  return (
    db
      .update(webhookEndpoints)
      .set({
        consecutiveFailures: next,
        disabledReason: sql`CASE WHEN ${webhookEndpoints.enabled} = 1 AND ${disable} THEN ${reason} ELSE ${webhookEndpoints.disabledReason} END`,
        version: sql`${webhookEndpoints.version} + CASE WHEN ${webhookEndpoints.enabled} = 1 AND ${disable} THEN 1 ELSE 0 END`,
        updatedAt: sql`CASE WHEN ${webhookEndpoints.enabled} = 1 AND ${disable} THEN ${now.getTime()} ELSE ${webhookEndpoints.updatedAt} END`,
        enabled: sql`CASE WHEN ${disable} THEN 0 ELSE ${webhookEndpoints.enabled} END`,
      })
      // Only when the delivery update just before it in the batch changed its row: a stale duplicate counts nothing.
      .where(and(eq(webhookEndpoints.id, endpointId), sql`changes() > 0`))
  );
}

/** Marks a delivery failed for good (its dead-letter record is written too); a manual retry can still send it. */
export async function failDelivery(
  deps: Pick<AttemptDeps, 'db' | 'queueName'>,
  delivery: WebhookDeliveryRow,
  outcome: Outcome,
  options: { gone?: boolean; attempts: number; now: Date },
) {
  const { db } = deps;
  const [updated] = await db.batch([
    db
      .update(webhookDeliveries)
      .set({
        status: 'failed',
        nextAttemptAt: null,
        responseStatus: outcome.status,
        responseTimeMs: outcome.timeMs,
        error: outcome.error,
      })
      .where(
        and(
          eq(webhookDeliveries.id, delivery.id),
          eq(webhookDeliveries.status, 'pending'),
          eq(webhookDeliveries.attempts, options.attempts),
        ),
      )
      .returning({ id: webhookDeliveries.id }),
    failEndpoint(db, delivery.endpointId, options.gone ?? false, options.now),
  ]);
  if (updated.length === 0) return;
  logger.warn('webhooks: delivery failed', {
    deliveryId: delivery.id,
    eventId: delivery.eventId,
    error: outcome.error,
  });
  await recordFailure(db, {
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    subscriber: DEAD_LETTER_SUBSCRIBER,
    queue: deps.queueName,
    requestId: delivery.requestId,
    error: outcome.error ?? 'failed',
    body: { deliveryId: delivery.id, endpointId: delivery.endpointId, attempts: options.attempts },
  });
}

/**
 * Handles one attempt message. Stale and duplicate messages send nothing; an early one (a wait longer than the
 * queue's 12 h) is sent on. Throws only when D1 or the queue fail, so the queue retries the message.
 */
export async function attemptDelivery(deps: AttemptDeps, message: AttemptMessage): Promise<void> {
  const { db } = deps;
  const nowMs = (deps.now ?? Date.now)();
  if (message.dueAt !== undefined && message.dueAt > nowMs + 1000) {
    await deps.queue.send(message, {
      contentType: 'json',
      delaySeconds: hopDelaySeconds(message.dueAt, nowMs),
    });
    return;
  }
  const [found] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, message.deliveryId))
    .limit(1);
  if (found?.delivery.status !== 'pending' || found.delivery.attempts !== message.attempts) return;
  const { endpoint } = found;
  const now = new Date(nowMs);
  if (!endpoint.enabled) {
    const outcome = { ok: false, status: null, timeMs: null, error: 'not sent: the endpoint is disabled' };
    await failDelivery(deps, found.delivery, outcome, { attempts: message.attempts, now });
    return;
  }
  // The claim: of two messages for the same attempt, only one moves the count on, and only that one sends.
  const [delivery] = await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      roundAttempts: sql`${webhookDeliveries.roundAttempts} + 1`,
      lastAttemptAt: now,
      nextAttemptAt: null,
    })
    .where(
      and(
        eq(webhookDeliveries.id, message.deliveryId),
        eq(webhookDeliveries.status, 'pending'),
        eq(webhookDeliveries.attempts, message.attempts),
      ),
    )
    .returning();
  if (!delivery) return;
  const outcome = await send(endpoint, delivery, deps, nowMs);
  logger.info('webhooks: attempt', {
    deliveryId: delivery.id,
    eventId: delivery.eventId,
    attempt: delivery.attempts,
    status: outcome.status,
    ok: outcome.ok,
    responseTimeMs: outcome.timeMs,
  });
  const recorded = { responseStatus: outcome.status, responseTimeMs: outcome.timeMs, error: outcome.error };
  const current = and(
    eq(webhookDeliveries.id, delivery.id),
    eq(webhookDeliveries.attempts, delivery.attempts),
  );
  if (outcome.ok) {
    await db.batch([
      db
        .update(webhookDeliveries)
        .set({ status: 'succeeded', ...recorded })
        .where(current),
      db.update(webhookEndpoints).set({ consecutiveFailures: 0 }).where(eq(webhookEndpoints.id, endpoint.id)),
    ]);
    return;
  }
  const gone = outcome.status === 410;
  if (gone || delivery.roundAttempts > MAX_RETRIES) {
    await failDelivery(deps, delivery, outcome, { gone, attempts: delivery.attempts, now });
    return;
  }
  const dueAt = nowMs + retryDelaySeconds(delivery.roundAttempts, deps.retryBaseSeconds, deps.random) * 1000;
  // Enqueue first: if the row update then fails, the queue retries this message, which is stale and sends nothing,
  // while the retry already queued carries on.
  await deps.queue.send(
    { deliveryId: delivery.id, attempts: delivery.attempts, dueAt, requestId: delivery.requestId },
    { contentType: 'json', delaySeconds: hopDelaySeconds(dueAt, nowMs) },
  );
  await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(dueAt), ...recorded })
    .where(current);
}

/** A message the queue gave up on (D1 or the queue kept failing): the delivery ends failed, and is recorded. */
export async function abandonDelivery(
  deps: Pick<AttemptDeps, 'db' | 'queueName'>,
  message: AttemptMessage,
  now = new Date(),
): Promise<void> {
  const [delivery] = await deps.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, message.deliveryId))
    .limit(1);
  if (delivery?.status !== 'pending') return;
  const outcome = {
    ok: false,
    status: null,
    timeMs: null,
    error: 'abandoned: the queue exhausted its retries',
  };
  await failDelivery(deps, delivery, outcome, { attempts: delivery.attempts, now });
}
