// The Worker's entry point: the only default export.
import { createApp } from './app';
import type { Bindings } from './env';
import { logger } from './platform/logger';
import { runPurges } from './scheduled';

export { RateLimiter } from '../durable-objects/rate-limiter';

const app = createApp();

export default {
  fetch: app.fetch,
  // Hourly (wrangler.toml [triggers]): what is purged is ignored already; this only frees the space.
  async scheduled(_controller, env) {
    logger.info('purged', { ...(await runPurges(env)) });
  },
} satisfies ExportedHandler<Bindings>;
