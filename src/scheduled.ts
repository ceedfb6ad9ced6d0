// The scheduled runs: every minute the event sweep; hourly the purges, so no table grows without bound.
import type { Bindings } from './env';
import { purgeIdleThrottles } from './modules/auth/login-throttle';
import { purgeExpiredSessions } from './modules/auth/sessions';
import { purgeEvents, sweepUndispatched } from './modules/events';
import { purgeExpiredKeys } from './modules/idempotency/service';
import { MAX_TTL_SECONDS } from './platform/cache';
import { pruneVersions } from './platform/cache/version-store';
import { database } from './platform/database';
import { logger } from './platform/logger';

export interface PurgeCounts {
  idempotencyKeys: number;
  /** Named so: the log redacts any key that says "token". */
  refreshRows: number;
  sessions: number;
  loginThrottles: number;
  cacheVersions: number;
  events: number;
  eventReceipts: number;
  eventFailures: number;
}

/** The cron of the every-minute run (wrangler.toml [triggers]); any other cron is the hourly one. */
export const EVERY_MINUTE = '* * * * *';

/** Re-sends events still undispatched a minute after they occurred (docs/events.md); returns how many. */
export const runSweep = (env: Bindings): Promise<number> => sweepUndispatched(database(env.DB), env.EVENTS);

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
  const events = await purgeEvents(db, now);
  return {
    idempotencyKeys,
    ...sessions,
    loginThrottles,
    cacheVersions,
    events: events.events,
    eventReceipts: events.receipts,
    eventFailures: events.failures,
  };
}

/**
 * One scheduled invocation: every minute the sweep (undispatched events re-sent); hourly the purges (what they
 * delete is ignored already; they only free the space).
 */
export async function runScheduled(cron: string, env: Bindings): Promise<void> {
  if (cron === EVERY_MINUTE) {
    const resent = await runSweep(env);
    if (resent > 0) logger.warn('events: undispatched events re-sent', { resent });
    return;
  }
  logger.info('purged', { ...(await runPurges(env)) });
}
