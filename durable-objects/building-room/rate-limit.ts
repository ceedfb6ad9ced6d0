// The per-socket publish limit: a fixed window per connection, kept in memory (see PublishLimiter).
export const PUBLISHES_PER_WINDOW = 20;
export const PUBLISH_WINDOW_MS = 10_000;

/**
 * Fixed windows of PUBLISH_WINDOW_MS per connection. In memory on purpose: a socket that publishes keeps the
 * object awake, and an object that hibernated was idle, so the counts it forgets were already stale.
 */
export class PublishLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit = PUBLISHES_PER_WINDOW,
    private readonly windowMs = PUBLISH_WINDOW_MS,
  ) {}

  /** Counts one publish; returns 0 when allowed, else the milliseconds until the next one is. */
  hit(connectionId: string, now: number): number {
    let window = this.windows.get(connectionId);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(connectionId, window);
    }
    if (window.count >= this.limit) return Math.max(1, window.start + this.windowMs - now);
    window.count += 1;
    return 0;
  }

  forget(connectionId: string): void {
    this.windows.delete(connectionId);
  }
}
