// The Worker's entry point: the only default export.
import { createApp } from './app';
import type { Bindings } from './env';
import { purgeExpiredKeys } from './modules/idempotency';
import { database } from './platform/database';
import { logger } from './platform/logger';

export { RateLimiter } from '../durable-objects/rate-limiter';

const app = createApp();

export default {
  fetch: app.fetch,
  // Hourly (wrangler.toml [triggers]): expired idempotency keys are ignored already; this only frees the space.
  async scheduled(_controller, env) {
    const purged = await purgeExpiredKeys(database(env.DB));
    logger.info('idempotency keys purged', { purged });
  },
} satisfies ExportedHandler<Bindings>;
