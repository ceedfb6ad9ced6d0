// The Worker's entry point: the only default export.
import { queue } from '../queues';
import { createApp } from './app';
import type { Bindings } from './env';
import { purgeEvents, sweepUndispatched } from './modules/events';
import { purgeExpiredKeys } from './modules/idempotency/service';
import { database } from './platform/database';
import { logger } from './platform/logger';

export { RateLimiter } from '../durable-objects/rate-limiter';

const app = createApp();

/** The every-minute schedule (wrangler.toml [triggers]); anything else is the hourly one. */
export const EVERY_MINUTE = '* * * * *';

export default {
  fetch: app.fetch,
  queue,
  async scheduled(controller, env) {
    const db = database(env.DB);
    if (controller.cron === EVERY_MINUTE) {
      // Events whose enqueue was lost between commit and queue (docs/events.md).
      const resent = await sweepUndispatched(db, env.EVENTS);
      if (resent > 0) logger.warn('events: undispatched events re-sent', { resent });
      return;
    }
    // Hourly: expired rows are ignored already; this only frees the space.
    const purged = await purgeExpiredKeys(db);
    const events = await purgeEvents(db);
    logger.info('purged', { idempotencyKeys: purged, ...events });
  },
} satisfies ExportedHandler<Bindings>;
