// GET /health/ready: D1, KV and R2 probed in parallel; 200 when all answer, 503 naming the failing ones.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { instrumentD1 } from '../../../platform/instrumented-d1';
import { instrumentKV } from '../../../platform/instrumented-kv';
import { logger } from '../../../platform/logger';
import { Problem } from '../../../platform/problems';
import { ReadinessSchema } from '../schema';
import { checkReadiness, dependencyProbes } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/health/ready',
  operationId: 'health.ready',
  tags: ['health'],
  summary: 'Readiness',
  description:
    'Probes D1, KV and R2 in parallel, each with a timeout (`READY_CHECK_TIMEOUT_MS`). 200 when every ' +
    'dependency answers; otherwise 503 `service_unavailable` with `failing` naming each failed check and ' +
    '`checks` holding every result.',
  errors: ['service_unavailable'],
  responses: {
    200: {
      description: 'Every dependency answers',
      content: { 'application/json': { schema: ReadinessSchema } },
    },
  },
});

export const registerGetReadiness = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const readiness = await checkReadiness(
      dependencyProbes({ DB: instrumentD1(c.env.DB), CACHE: instrumentKV(c.env.CACHE), FILES: c.env.FILES }),
      c.var.config.READY_CHECK_TIMEOUT_MS,
      (name, result, error) => logger.warn('readiness check failed', { check: name, ...result, error }),
    );
    if (!readiness.ready) {
      const failing = Object.entries(readiness.checks)
        .filter(([, check]) => check.status === 'down')
        .map(([name]) => name);
      throw new Problem('service_unavailable', {
        detailKey: 'health.not_ready',
        params: { checks: failing.join(', ') },
        headers: { 'Retry-After': '5' },
        extensions: { failing, checks: readiness.checks },
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ready' as const, checks: readiness.checks }, 200);
  });
