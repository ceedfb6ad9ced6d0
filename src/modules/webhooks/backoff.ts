// When a failed delivery is tried again: exponential backoff with jitter, chained past the queue's 12 h delay limit.

/** Retries after the first attempt; then the delivery is `failed` (and can be retried by hand). */
export const MAX_RETRIES = 5;
/** The longest `delaySeconds` a queue message takes; longer waits are chained through several messages. */
export const QUEUE_MAX_DELAY_SECONDS = 12 * 60 * 60;
/** ±20 % jitter, so endpoints that failed together are not retried together. */
export const JITTER = 0.2;

/** The wait before retry `retry` (1-based): base × 2^(retry−1), ±20 % jitter; never negative, no upper cap. */
export function retryDelaySeconds(
  retry: number,
  baseSeconds: number,
  random: () => number = Math.random,
): number {
  const delay = baseSeconds * 2 ** Math.max(0, retry - 1);
  return Math.max(0, Math.round(delay * (1 + (random() * 2 - 1) * JITTER)));
}

/** The delay to put on the next message towards `dueAt`: all of it, or the queue's maximum (then chained). */
export function hopDelaySeconds(dueAt: number, now: number): number {
  return Math.min(QUEUE_MAX_DELAY_SECONDS, Math.max(0, Math.ceil((dueAt - now) / 1000)));
}
