// GET /health: liveness; touches no dependency.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { LivenessSchema } from '../schema';

const route = defineRoute({
  method: 'get',
  path: '/health',
  operationId: 'health.live',
  tags: ['health'],
  summary: 'Liveness',
  description: 'Answers 200 while the Worker runs, naming the version that answered. Checks no dependency.',
  responses: {
    200: {
      description: 'The Worker is running',
      content: { 'application/json': { schema: LivenessSchema } },
    },
  },
});

export const registerGetHealth = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, (c) => {
    c.header('Cache-Control', 'no-store');
    const { id, tag } = c.env.CF_VERSION_METADATA;
    return c.json(
      { status: 'ok' as const, environment: c.var.config.ENVIRONMENT, version: { id, tag: tag ?? '' } },
      200,
    );
  });
