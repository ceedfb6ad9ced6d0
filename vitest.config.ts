// Test projects: "workers" runs inside workerd on the real local bindings; "scripts" tests the delivery scripts in
// Node; "e2e" drives a real `wrangler dev`.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { copyDocsAssets } from './scripts/copy-docs-assets.mjs';
import { writePasswordDictionaries } from './scripts/password-dictionaries.mjs';

export default defineConfig(async () => {
  // wrangler.toml's [assets] directory must hold the API reference's bundle and the password dictionaries before
  // Miniflare starts.
  copyDocsAssets();
  await writePasswordDictionaries();
  const migrations = await readD1Migrations('./migrations');
  return {
    test: {
      // The Worker logs every request; show that output only for tests that fail.
      silent: 'passed-only' as const,
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  // The tests read log lines as JSON; `npm run dev` keeps wrangler.toml's readable format.
                  LOG_FORMAT: 'json',
                  // Many tests share one client IP per file; the rate-limit tests set their own small limits.
                  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
                  // Event subscriber retries at once, so retry tests do not wait out a backoff.
                  EVENT_RETRY_BASE_SECONDS: '0',
                  // Webhook retries far off, so a retry the real queue would deliver never lands inside a test: tests
                  // drive each attempt by hand and read the schedule from the delivery row.
                  WEBHOOK_RETRY_BASE_SECONDS: '3600',
                },
                // Replace wrangler.toml's bindings of the same name (a whole entry each), for the same reason.
                // TINY_RATE_LIMIT exists only here: tests swap it in (`{ ...env, USER_RATE_LIMIT: env.TINY_RATE_LIMIT }`)
                // to see a binding refuse (test/helpers/rate-limit.ts).
                ratelimits: {
                  USER_RATE_LIMIT: { namespace_id: '1001', simple: { limit: 100_000, period: 60 } },
                  ANONYMOUS_RATE_LIMIT: { namespace_id: '1002', simple: { limit: 100_000, period: 60 } },
                  TINY_RATE_LIMIT: { namespace_id: '9001', simple: { limit: 3, period: 60 } },
                },
              },
            }),
          ],
          test: {
            name: 'workers',
            include: [
              'src/**/*.test.ts',
              'durable-objects/**/*.test.ts',
              'queues/**/*.test.ts',
              'test/**/*.test.ts',
            ],
            exclude: ['test/e2e/**'],
            setupFiles: ['./test/setup.ts'],
            // Each test file gets its own Miniflare, so storage is isolated per file; that start-up (~2 s a file)
            // is most of the suite's overhead. vitest suggests `isolate: false`: with this pool it would run many
            // files in one Miniflare, sharing storage between them, so it is not taken.
            // Real workerd, D1 and Durable Objects on a machine that may be busy: a test doing a few hundred
            // requests needs more than vitest's 5 s default. Property tests with more work set their own.
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
        {
          // The delivery scripts (scripts/): smoke suite, release and rollback decisions, migration check; plain Node.
          test: {
            name: 'scripts',
            environment: 'node',
            include: ['scripts/**/*.test.ts'],
            testTimeout: 30_000,
          },
        },
        {
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['test/e2e/**/*.test.ts'],
            globalSetup: ['./test/e2e/global-setup.ts'],
            testTimeout: 30_000,
            hookTimeout: 90_000,
          },
        },
      ],
    },
  };
});
