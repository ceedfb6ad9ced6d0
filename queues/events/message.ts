// Messages of the event queues: the EVENTS queue carries the envelope; the retry queue names one subscriber.
import { z } from 'zod';

/** A subscriber's retry: the event again, for that subscriber only. The event is validated separately. */
export const RetryMessageSchema = z.object({
  subscriber: z.string().min(1).max(64),
  event: z.unknown(),
});
export type RetryMessage = { subscriber: string; event: unknown };

const MAX_DELAY_SECONDS = 12 * 60 * 60;

/** `EVENT_RETRY_BASE_SECONDS` as configured; 10 when unset or unreadable. */
export function retryBaseSeconds(env: { EVENT_RETRY_BASE_SECONDS?: string }): number {
  const base = Number(env.EVENT_RETRY_BASE_SECONDS ?? '10');
  return Number.isInteger(base) && base >= 0 ? base : 10;
}

/** The backoff before retry `attempt` (1-based): `base` doubling, ±20 % jitter, at most 12 h (a queue's limit). */
export function retryDelaySeconds(
  attempt: number,
  baseSeconds: number,
  random: () => number = Math.random,
): number {
  const delay = Math.min(baseSeconds * 2 ** Math.max(0, attempt - 1), MAX_DELAY_SECONDS);
  const jitter = 1 + (random() * 2 - 1) * 0.2;
  return Math.min(MAX_DELAY_SECONDS, Math.round(delay * jitter));
}
