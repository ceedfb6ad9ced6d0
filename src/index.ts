// The Worker's entry point: the only default export.
import { queue } from '../queues';
import { createApp } from './app';
import type { Bindings } from './env';
import { logger } from './platform/logger';
import { EVERY_MINUTE, runPurges, runSweep } from './scheduled';

export { BuildingRoom } from '../durable-objects/building-room';
export { RateLimiter } from '../durable-objects/rate-limiter';

const app = createApp();

export default {
  fetch: app.fetch,
  queue,
  // wrangler.toml [triggers]: every minute the event sweep; hourly the purges (what they delete is ignored
  // already; they only free the space).
  async scheduled(controller, env) {
    if (controller.cron === EVERY_MINUTE) {
      const resent = await runSweep(env);
      if (resent > 0) logger.warn('events: undispatched events re-sent', { resent });
      return;
    }
    logger.info('purged', { ...(await runPurges(env)) });
  },
} satisfies ExportedHandler<Bindings>;
