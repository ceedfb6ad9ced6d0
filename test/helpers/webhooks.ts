// Helpers for webhook tests: endpoints and deliveries straight in the real local D1, and a scripted receiver.
import { env } from 'cloudflare:workers';
import { type MockInstance, vi } from 'vitest';
import { loadConfig } from '../../src/env';
import type { DomainEvent } from '../../src/modules/events';
import { createEndpoint, type WebhookKeys } from '../../src/modules/webhooks/endpoints';
import type { CreateWebhookInput } from '../../src/modules/webhooks/schema';
import { database } from '../../src/platform/database';
import { newId } from '../../src/platform/ids';

export const keys = (): WebhookKeys => {
  const config = loadConfig(env);
  return { sealKey: config.WEBHOOK_SECRET_KEY, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE };
};

/** A registered endpoint (through the service, so its secret is sealed as in production) and its secret. */
export async function endpoint(
  buildingId: string | null,
  input: Partial<CreateWebhookInput> = {},
): Promise<{ id: string; secret: string; url: string }> {
  const url = input.url ?? `https://receiver.example.com/hooks/${newId()}`;
  const created = await createEndpoint(database(env.DB), {
    scope: { buildingId },
    input: { url, events: input.events ?? ['*'], description: input.description },
    createdBy: newId(),
    keys: keys(),
  });
  return { id: created.id, secret: created.secret, url: created.url };
}

/** A pending delivery row for (event, endpoint), with no queue message: the test drives its attempts by hand. */
export async function pendingDelivery(endpointId: string, event: DomainEvent): Promise<string> {
  const id = newId();
  await env.DB.prepare(
    `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, request_id, body, created_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
  )
    .bind(
      id,
      endpointId,
      event.id,
      event.type,
      event.requestId,
      JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event.data }),
      Date.now(),
    )
    .run();
  return id;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  status: string;
  attempts: number;
  round_attempts: number;
  last_attempt_at: number | null;
  next_attempt_at: number | null;
  response_status: number | null;
  error: string | null;
}

export const deliveryRow = (id: string) =>
  env.DB.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').bind(id).first<DeliveryRow>();

export const endpointRow = (id: string) =>
  env.DB.prepare('SELECT * FROM webhook_endpoints WHERE id = ?').bind(id).first<{
    enabled: number;
    disabled_reason: string | null;
    consecutive_failures: number;
    version: number;
  }>();

export interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A receiver on `globalThis.fetch` (the Worker's only way out) that answers each call with the next status of
 * `script` (the last one repeats); `'throw'` is a network failure. Only webhook calls are answered.
 */
export function scriptedReceiver(script: (number | 'throw')[]): {
  calls: Received[];
  spy: MockInstance;
  restore(): void;
} {
  const calls: Received[] = [];
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    const headers = Object.fromEntries(request.headers.entries());
    calls.push({ url: request.url, headers, body: await request.text() });
    const next = script[Math.min(calls.length - 1, script.length - 1)] ?? 200;
    if (next === 'throw') throw new TypeError('connection refused');
    return new Response(null, { status: next });
  });
  return { calls, spy, restore: () => spy.mockRestore() };
}
