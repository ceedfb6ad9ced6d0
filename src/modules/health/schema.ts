// Health contract: liveness and readiness bodies.
import { z } from '@hono/zod-openapi';

export const LivenessSchema = z
  .object({
    status: z.literal('ok'),
    environment: z.string().openapi({ example: 'development' }),
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
