// Helpers for domain-event tests: read the outbox, build envelopes, wait for what a queue delivers.
import { env } from 'cloudflare:workers';
import type { DomainEvent } from '../../src/modules/events';
import { newId } from '../../src/platform/ids';

export interface EventRow {
  id: string;
  type: string;
  building_id: string | null;
  actor_id: string | null;
  request_id: string;
  occurred_at: number;
  data: string;
  dispatched_at: number | null;
}

export async function eventsOf(buildingId: string): Promise<EventRow[]> {
  const { results } = await env.DB.prepare('SELECT * FROM events WHERE building_id = ? ORDER BY id')
    .bind(buildingId)
    .all<EventRow>();
  return results;
}

export async function eventRow(id: string): Promise<EventRow | null> {
  return env.DB.prepare('SELECT * FROM events WHERE id = ?').bind(id).first<EventRow>();
}

/** A valid `building.deleted` envelope (the smallest data), with fresh ids. */
export function sampleEvent(overrides: Partial<DomainEvent> = {}): DomainEvent {
  const buildingId = newId();
  return {
    id: newId(),
    type: 'building.deleted',
    buildingId,
    actorId: newId(),
    occurredAt: new Date().toISOString(),
    requestId: `test-${newId()}`,
    data: { id: buildingId },
    ...overrides,
  } as DomainEvent;
}

/**
 * Polls until `check` returns a value (work a real local queue delivers in the background), a bounded
 * number of times; sized for a busy machine, and failing with `what` rather than a bare timeout.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  attempts = 600,
): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}
