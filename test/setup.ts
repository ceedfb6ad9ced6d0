// Applies the project's D1 migrations to the test database before each test file.
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
      /** A Rate Limiting binding of 3 per 60 s, declared only in vitest.config.ts (test/helpers/rate-limit.ts). */
      TINY_RATE_LIMIT: RateLimit;
    }
  }
}

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
