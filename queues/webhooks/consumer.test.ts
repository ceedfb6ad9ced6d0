import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bindings } from '../../src/env';
import { commit, type DomainEvent, newEvent, raise } from '../../src/modules/events';
import { attemptDelivery } from '../../src/modules/webhooks';
import { MAX_RETRIES, QUEUE_MAX_DELAY_SECONDS } from '../../src/modules/webhooks/backoff';
import { rotateSecret } from '../../src/modules/webhooks/endpoints';
import type { AttemptMessage, AttemptQueue } from '../../src/modules/webhooks/message';
import { database } from '../../src/platform/database';
import { newId } from '../../src/platform/ids';
import { eventually, sampleEvent } from '../../test/helpers/events';
import {
  deliveryRow,
  endpoint,
  endpointRow,
  keys,
  pendingDelivery,
  scriptedReceiver,
} from '../../test/helpers/webhooks';
import { queue } from '../index';

const bindings = env as unknown as Bindings;
const BASE = 3600; // vitest.config.ts WEBHOOK_RETRY_BASE_SECONDS

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function receiver(script: (number | 'throw')[]) {
  const r = scriptedReceiver(script);
  restore = r.restore;
  return r;
}

async function deliver(body: AttemptMessage | unknown, queueName = 'doorman-webhooks') {
  const batch = createMessageBatch(queueName, [{ id: newId(), timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await queue(batch, bindings);
  return getQueueResult(batch, ctx);
}

/** The message the queue would deliver next for this delivery, as it stands in D1. */
async function nextMessage(deliveryId: string, event: DomainEvent): Promise<AttemptMessage> {
  const row = await deliveryRow(deliveryId);
  return { deliveryId, attempts: row?.attempts ?? 0, requestId: event.requestId };
}

function announcementEvent(buildingId: string): DomainEvent {
  return sampleEvent({
    type: 'building.deleted',
    buildingId,
    data: { id: buildingId },
  } as Partial<DomainEvent>);
}

describe('a delivery attempt', () => {
  it('POSTs the Standard Webhooks headers and body; the standardwebhooks library verifies it', async () => {
    const buildingId = newId();
    const hook = await endpoint(null);
    const event = announcementEvent(buildingId);
    const deliveryId = await pendingDelivery(hook.id, event);
    const r = receiver([204]);
    const result = await deliver(await nextMessage(deliveryId, event));
    expect(result.explicitAcks).toHaveLength(1);
    expect(r.calls).toHaveLength(1);
    const call = r.calls[0];
    expect(call?.url).toBe(hook.url);
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.headers['webhook-id']).toBe(event.id);
    expect(call?.headers['x-request-id']).toBe(event.requestId);
    expect(JSON.parse(call?.body ?? '')).toEqual({
      type: event.type,
      timestamp: event.occurredAt,
      data: event.data,
    });
    const verified = new Webhook(hook.secret).verify(call?.body ?? '', call?.headers ?? {});
    expect(verified).toEqual({ type: event.type, timestamp: event.occurredAt, data: event.data });
    expect(() => new Webhook(hook.secret).verify(`${call?.body} `, call?.headers ?? {})).toThrow();
    const row = await deliveryRow(deliveryId);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, response_status: 204, error: null });
  });

  it('retries 5 times with doubling, jittered delays and the same webhook-id, then fails and records a dead letter', async () => {
    const hook = await endpoint(null);
    const event = announcementEvent(newId());
    const deliveryId = await pendingDelivery(hook.id, event);
    const r = receiver([500, 'throw', 503, 500, 429, 502]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 1 + MAX_RETRIES; attempt += 1) {
      await deliver(await nextMessage(deliveryId, event));
      const row = await deliveryRow(deliveryId);
      expect(row?.attempts).toBe(attempt);
      if (attempt <= MAX_RETRIES) {
        expect(row?.status).toBe('pending');
        delays.push(((row?.next_attempt_at ?? 0) - (row?.last_attempt_at ?? 0)) / 1000);
      }
    }
    expect(r.calls).toHaveLength(6);
    expect(new Set(r.calls.map((call) => call.headers['webhook-id']))).toEqual(new Set([event.id]));
    // Every attempt is signed afresh with its own timestamp, and verifies.
    for (const call of r.calls)
      expect(() => new Webhook(hook.secret).verify(call.body, call.headers)).not.toThrow();
    delays.forEach((delay, index) => {
      const nominal = BASE * 2 ** index;
      expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
      expect(delay).toBeLessThanOrEqual(Math.ceil(nominal * 1.2));
    });
    const row = await deliveryRow(deliveryId);
    expect(row).toMatchObject({ status: 'failed', attempts: 6, response_status: 502, next_attempt_at: null });
    const dead = await env.DB.prepare(
      "SELECT * FROM event_failures WHERE subscriber = 'webhooks' AND event_id = ?",
    )
      .bind(event.id)
      .all<{ request_id: string; body: string }>();
    expect(dead.results).toHaveLength(1);
    expect(dead.results[0]?.request_id).toBe(event.requestId);
    expect(JSON.parse(dead.results[0]?.body ?? '{}')).toMatchObject({ deliveryId });
  });

  it('sends once for a duplicate message (the attempt claims its row first)', async () => {
    const hook = await endpoint(null);
    const event = announcementEvent(newId());
    const deliveryId = await pendingDelivery(hook.id, event);
    const r = receiver([200]);
    const message = await nextMessage(deliveryId, event);
    await Promise.all([deliver(message), deliver(message), deliver(message)]);
    expect(r.calls).toHaveLength(1);
    expect((await deliveryRow(deliveryId))?.attempts).toBe(1);
  });

  it('sends an early message on instead of attempting (waits past the queue’s 12 h are chained)', async () => {
    const hook = await endpoint(null);
    const event = announcementEvent(newId());
    const deliveryId = await pendingDelivery(hook.id, event);
    const r = receiver([200]);
    // The real queue, watched: the message really goes out, 12 h off, and finds the row stale by then.
    const send = vi.spyOn(env.WEBHOOKS, 'send');
    const now = Date.now();
    await attemptDelivery(
      {
        db: database(env.DB),
        queue: env.WEBHOOKS as AttemptQueue,
        keys: keys(),
        retryBaseSeconds: BASE,
        queueName: 'doorman-webhooks',
        now: () => now,
      },
      { deliveryId, attempts: 0, dueAt: now + 30 * 3600 * 1000, requestId: event.requestId },
    );
    expect(r.calls).toHaveLength(0);
    expect(send.mock.calls.map((call) => call[1])).toEqual([
      { contentType: 'json', delaySeconds: QUEUE_MAX_DELAY_SECONDS },
    ]);
    send.mockRestore();
    expect((await deliveryRow(deliveryId))?.attempts).toBe(0);
  });

  it('disables the endpoint at once on 410 Gone, and sends nothing to a disabled endpoint', async () => {
    const hook = await endpoint(null);
    const first = announcementEvent(newId());
    const second = announcementEvent(newId());
    const [a, b] = [await pendingDelivery(hook.id, first), await pendingDelivery(hook.id, second)];
    const r = receiver([410]);
    await deliver(await nextMessage(a, first));
    expect(await deliveryRow(a)).toMatchObject({ status: 'failed', attempts: 1, response_status: 410 });
    expect(await endpointRow(hook.id)).toMatchObject({
      enabled: 0,
      disabled_reason: 'The endpoint answered 410 Gone.',
    });
    await deliver(await nextMessage(b, second));
    expect(r.calls).toHaveLength(1);
    expect(await deliveryRow(b)).toMatchObject({ status: 'failed', attempts: 0 });
  });

  it('disables the endpoint after 10 failed deliveries in a row; a success in between resets the count', async () => {
    const hook = await endpoint(null);
    receiver([500]);
    const failOnce = async () => {
      const event = announcementEvent(newId());
      const id = await pendingDelivery(hook.id, event);
      // Each round: the first attempt and its 5 retries.
      for (let i = 0; i <= MAX_RETRIES; i += 1) await deliver(await nextMessage(id, event));
      return (await deliveryRow(id))?.status;
    };
    for (let i = 0; i < 9; i += 1) expect(await failOnce()).toBe('failed');
    expect(await endpointRow(hook.id)).toMatchObject({ enabled: 1, consecutive_failures: 9 });
    restore?.();
    receiver([200]);
    const ok = announcementEvent(newId());
    await deliver(await nextMessage(await pendingDelivery(hook.id, ok), ok));
    expect(await endpointRow(hook.id)).toMatchObject({ enabled: 1, consecutive_failures: 0 });
    restore?.();
    receiver([500]);
    for (let i = 0; i < 10; i += 1) expect(await failOnce()).toBe('failed');
    expect(await endpointRow(hook.id)).toMatchObject({
      enabled: 0,
      consecutive_failures: 10,
      disabled_reason: '10 deliveries in a row failed.',
    });
  }, 120_000);

  it('signs with both secrets during a rotation’s 24 h overlap, and with the new one only after', async () => {
    const hook = await endpoint(null);
    const rotated = await rotateSecret(database(env.DB), {
      scope: { buildingId: null },
      id: hook.id,
      keys: keys(),
    });
    const event = announcementEvent(newId());
    const deliveryId = await pendingDelivery(hook.id, event);
    const r = receiver([200]);
    await deliver(await nextMessage(deliveryId, event));
    const call = r.calls[0];
    expect(call?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(() => new Webhook(hook.secret).verify(call?.body ?? '', call?.headers ?? {})).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(call?.body ?? '', call?.headers ?? {})).not.toThrow();
    // After the overlap: only the new secret signs.
    await env.DB.prepare('UPDATE webhook_endpoints SET previous_secret_expires_at = ? WHERE id = ?')
      .bind(Date.now() - 1, hook.id)
      .run();
    const later = announcementEvent(newId());
    await deliver(await nextMessage(await pendingDelivery(hook.id, later), later));
    const last = r.calls[1];
    expect(last?.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(() => new Webhook(hook.secret).verify(last?.body ?? '', last?.headers ?? {})).toThrow();
    expect(() => new Webhook(rotated.secret).verify(last?.body ?? '', last?.headers ?? {})).not.toThrow();
  });

  it('checks the URL again at send: a private target is refused without a request when private is not allowed', async () => {
    const hook = await endpoint(null);
    await env.DB.prepare("UPDATE webhook_endpoints SET url = 'https://169.254.169.254/latest' WHERE id = ?")
      .bind(hook.id)
      .run();
    const event = announcementEvent(newId());
    const deliveryId = await pendingDelivery(hook.id, event);
    const r = receiver([200]);
    const strict = { ...bindings, WEBHOOK_ALLOW_PRIVATE: 'false' } as Bindings;
    const batch = createMessageBatch('doorman-webhooks', [
      { id: newId(), timestamp: new Date(), attempts: 1, body: await nextMessage(deliveryId, event) },
    ]);
    await queue(batch, strict);
    expect(r.calls).toHaveLength(0);
    expect((await deliveryRow(deliveryId))?.error).toBe('refused: url must not be a linkLocal address');
  });

  it('acks and records a malformed message, never retrying it', async () => {
    const result = await deliver({ deliveryId: 'nope' });
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
  });

  it('dead letters end the delivery failed and record it', async () => {
    const hook = await endpoint(null);
    const event = announcementEvent(newId());
    const deliveryId = await pendingDelivery(hook.id, event);
    await deliver(await nextMessage(deliveryId, event), 'doorman-webhooks-dlq');
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'failed' });
    const dead = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM event_failures WHERE subscriber = 'webhooks' AND event_id = ?",
    )
      .bind(event.id)
      .first<{ n: number }>();
    expect(dead?.n).toBe(1);
  });
});

describe('end to end through the events spine', () => {
  it('a committed event reaches a subscribed endpoint, signed, with the request ID of the write', async () => {
    const buildingId = newId();
    await env.DB.prepare(
      `INSERT INTO users (id, email, name, password_hash, locale, time_zone, is_admin, created_at, updated_at, version)
       VALUES (?1, ?2, 'M', 'x', 'en', 'UTC', 0, 0, 0, 1)`,
    )
      .bind(buildingId, `${buildingId}@example.test`)
      .run();
    await env.DB.prepare(
      `INSERT INTO buildings (id, name, address_line1, city, country, time_zone, currency, monthly_dues, created_by, created_at, updated_at, version)
       VALUES (?1, 'B', '1 St', 'Tel Aviv', 'IL', 'Asia/Jerusalem', 'ILS', 0, ?1, 0, 0, 1)`,
    )
      .bind(buildingId)
      .run();
    const subscribed = await endpoint(buildingId, { events: ['member.left'] });
    const other = await endpoint(buildingId, { events: ['announcement.created'] });
    const r = receiver([200]);
    const event = newEvent('member.left', buildingId, { buildingId, userId: newId() });
    await commit(database(env.DB), [raise(event)]);
    // Platform endpoints of the other tests receive every building's events too: look at this building's only.
    const call = await eventually('the webhook is received', async () =>
      r.calls.find((c) => c.url === subscribed.url),
    );
    expect(call.headers['webhook-id']).toBe(event.id);
    expect(call.headers['x-request-id']).toBe(event.requestId);
    expect(() => new Webhook(subscribed.secret).verify(call.body, call.headers)).not.toThrow();
    const row = await eventually('the delivery is logged as succeeded', async () => {
      const found = await env.DB.prepare(
        'SELECT status, endpoint_id FROM webhook_deliveries WHERE event_id = ? AND endpoint_id IN (?, ?)',
      )
        .bind(event.id, subscribed.id, other.id)
        .all<{ status: string; endpoint_id: string }>();
      return found.results[0]?.status === 'succeeded' ? found.results : undefined;
    });
    expect(row.map((d) => d.endpoint_id)).toEqual([subscribed.id]);
    expect(r.calls.filter((c) => c.url === other.url)).toEqual([]);
  });
});
