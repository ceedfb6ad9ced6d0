// RateLimiter: one Durable Object per policy and client, an exact sliding-window counter in its own SQLite.
import { DurableObject } from 'cloudflare:workers';

/** What one request learns from its counter: enough for `Retry-After`, `RateLimit` and `RateLimit-Policy`. */
export interface RateLimitDecision {
  allowed: boolean;
  /** The quota of the window (the `q` of RateLimit-Policy). */
  limit: number;
  /** Requests still allowed right now, after this one (the `r` of RateLimit). */
  remaining: number;
  /**
   * Whole seconds (≥ 1) during which no admitted request leaves the window, so `remaining` cannot grow
   * (the `t` of RateLimit); when refused, the wait until one more request is admitted (`Retry-After`).
   */
  resetSeconds: number;
}

const MS = 1000;

/**
 * A sliding-window log: every admitted request is one row that expires one window later, and a request
 * is admitted while fewer than `limit` rows are alive. That is exact (never more than `limit` in any
 * window), unlike a fixed window (up to twice the limit across a boundary) or a token bucket. A Durable
 * Object runs one call at a time and its SQL API is synchronous, so `hit()` is atomic without a
 * transaction. Refused requests are not recorded, so hammering while limited does not extend the wait.
 */
export class RateLimiter extends DurableObject<Cloudflare.Env> {
  private readonly sql: SqlStorage;
  private ready = false;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  /** Counts one request against `limit` per `windowSeconds` and says whether it may proceed. */
  hit(limit: number, windowSeconds: number): RateLimitDecision {
    this.ensureTable();
    const now = Date.now();
    this.sql.exec('DELETE FROM hits WHERE until <= ?', now);
    const alive = this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM hits').one().n;
    if (alive >= limit) {
      // Admitting one more needs alive - limit + 1 hits to expire: wait for the one at offset alive - limit.
      return {
        allowed: false,
        limit,
        remaining: 0,
        resetSeconds: secondsUntil(this.expiry(alive - limit), now),
      };
    }
    const until = now + windowSeconds * MS;
    this.sql.exec('INSERT INTO hits (until) VALUES (?)', until);
    // The first hit of a burst schedules the clean-up that empties the counter once it is idle.
    if (alive === 0) void this.ctx.storage.setAlarm(until);
    return {
      allowed: true,
      limit,
      remaining: limit - alive - 1,
      resetSeconds: secondsUntil(this.expiry(0), now),
    };
  }

  /** Forgets expired hits; once none is left the object deletes its storage, so idle clients cost nothing. */
  override async alarm(): Promise<void> {
    this.ensureTable();
    const last = this.sql.exec<{ until: number | null }>('SELECT MAX(until) AS until FROM hits').one().until;
    if (last === null || last <= Date.now()) {
      await this.ctx.storage.deleteAll();
      this.ready = false;
      return;
    }
    await this.ctx.storage.setAlarm(last);
  }

  private ensureTable(): void {
    if (this.ready) return;
    this.sql.exec('CREATE TABLE IF NOT EXISTS hits (until INTEGER NOT NULL)');
    this.ready = true;
  }

  /** When the hit at `offset` (0 = the next to expire) expires. */
  private expiry(offset: number): number {
    return this.sql
      .exec<{ until: number }>('SELECT until FROM hits ORDER BY until LIMIT 1 OFFSET ?', offset)
      .one().until;
  }
}

const secondsUntil = (at: number, now: number): number => Math.max(1, Math.ceil((at - now) / MS));
