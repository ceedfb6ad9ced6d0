// GET /webhooks/event-types: every event type a webhook can receive, with the JSON Schema of its data and an example.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { webhookEventTypes } from '../event-types';
import { EventTypeListSchema } from '../schema';
import { json } from './scope';

export const registerListEventTypes = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(
    defineRoute({
      method: 'get',
      path: '/webhooks/event-types',
      operationId: 'webhooks.eventTypes',
      tags: ['webhooks'],
      summary: 'List webhook event types',
      description:
        'The catalogue of domain events (the same zod schemas the API validates with): each type, what it ' +
        'means, a JSON Schema (2020-12) of its `data` and an example body. Public: it holds no data.',
      responses: { 200: { description: 'Every event type', content: json(EventTypeListSchema) } },
    }),
    (c) => c.json({ data: webhookEventTypes() }, 200),
  );
