// The hourly scheduled run: deletes what has expired, so no table grows without bound.
import type { Bindings } from './env';
import { purgeIdleThrottles } from './modules/auth/login-throttle';
import { purgeExpiredSessions } from './modules/auth/sessions';
import { purgeExpiredKeys } from './modules/idempotency/service';
import { MAX_TTL_SECONDS } from './platform/cache';
import { pruneVersions } from './platform/cache/version-store';
import { database } from './platform/database';

export interface PurgeCounts {
  idempotencyKeys: number;
  /** Named so: the log redacts any key that says "token". */
  refreshRows: number;
  sessions: number;
  loginThrottles: number;
  cacheVersions: number;
}

/**
 * Each purge deletes only rows that nothing reads any more: expired idempotency keys, refresh tokens and
 * sessions; idle failed-login counters; cache versions not bumped for longer than the longest cache TTL.
 * Every one goes by an index (query-plan tests).
 */
export async function runPurges(env: Bindings, now = new Date()): Promise<PurgeCounts> {
  const db = database(env.DB);
  const idempotencyKeys = await purgeExpiredKeys(db, now);
  const sessions = await purgeExpiredSessions(db, now);
  const loginThrottles = await purgeIdleThrottles(db, now.getTime());
  const cacheVersions = await pruneVersions(db, MAX_TTL_SECONDS * 1000, now.getTime());
  return { idempotencyKeys, ...sessions, loginThrottles, cacheVersions };
}
