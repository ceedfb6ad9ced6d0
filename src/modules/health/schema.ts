// Health contract: liveness and readiness bodies.
import { z } from '@hono/zod-openapi';

export const LivenessSchema = z
  .object({
    status: z.literal('ok'),
    environment: z.string().openapi({ example: 'development' }),
    /** The Worker version that answered: deploy smoke tests check that a version override reached it. */
    version: z
      .object({
        id: z.string().openapi({ example: 'dc8dcd28-271b-4367-9840-6c244f84cb40' }),
        tag: z.string().openapi({ example: 'v1.4.0' }),
      })
      .openapi({
        description: 'The Worker version that answered (Cloudflare version metadata); tag may be empty',
      }),
  })
  .openapi('Liveness');

export const CheckSchema = z
  .object({
    status: z.enum(['up', 'down']),
    latencyMs: z.number().openapi({ example: 1.4 }),
    reason: z.enum(['timeout', 'error']).optional(),
  })
  .openapi('DependencyCheck');

export const ReadinessSchema = z
  .object({
    status: z.literal('ready'),
    checks: z.record(z.string(), CheckSchema),
  })
  .openapi('Readiness', {
    example: {
      status: 'ready',
      checks: {
        d1: { status: 'up', latencyMs: 1.2 },
        kv: { status: 'up', latencyMs: 0.8 },
        r2: { status: 'up', latencyMs: 1.1 },
      },
    },
  });
