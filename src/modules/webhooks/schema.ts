// Webhooks contract (contract-webhooks.md): endpoints, their one-time secret, the delivery log, the event types.
import { z } from '@hono/zod-openapi';
import { pageSchema } from '../../platform/paging';
import { EVENT_TYPES, type EventType } from '../events';
import { DELIVERY_STATUSES } from './tables';
import { MAX_URL_LENGTH } from './url-guard';

export const MAX_EVENT_TYPES = 50;
export const DESCRIPTION_MAX = 500;

const EXAMPLE_ID = '0193a1b2-3333-7e5f-8a9b-0c1d2e3f4a5b';
const EXAMPLE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export const WEBHOOK_EXAMPLE = {
  id: EXAMPLE_ID,
  buildingId: '0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b' as string | null,
  url: 'https://hooks.example.com/doorman',
  events: ['announcement.created', 'maintenance_request.status_changed'] as string[],
  description: 'Front-desk display' as string | null,
  enabled: true,
  disabledReason: null as string | null,
  createdAt: '2026-12-04T09:30:00.000Z',
  updatedAt: '2026-12-04T09:30:00.000Z',
  version: 1,
};

const timestamp = z.string().openapi({ format: 'date-time', example: '2026-12-04T09:30:00.000Z' });

/** `["*"]` (every type, present and future) or distinct catalogue types. */
export const EventSelectionSchema = z
  .array(z.union([z.literal('*'), z.enum(EVENT_TYPES as [EventType, ...EventType[]])]))
  .min(1)
  .max(MAX_EVENT_TYPES)
  .refine((types) => new Set(types).size === types.length, { message: 'list each event type once' })
  .refine((types) => !types.includes('*') || types.length === 1, {
    message: '"*" stands alone: it already means every type',
  })
  .openapi({
    description: 'Event types to receive (`GET /api/v2/webhooks/event-types`), or `["*"]` for all.',
    example: WEBHOOK_EXAMPLE.events,
  });

const url = z
  .string()
  .max(MAX_URL_LENGTH)
  .openapi({
    description:
      'https, and not a private, loopback or link-local address (checked now and at every send). ' +
      '`WEBHOOK_ALLOW_PRIVATE=true` (development only) lifts both rules.',
    example: WEBHOOK_EXAMPLE.url,
  });

const description = z.string().trim().max(DESCRIPTION_MAX).openapi({ example: 'Front-desk display' });

export const WebhookSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    buildingId: z
      .string()
      .nullable()
      .openapi({ description: 'The building whose events it receives; null for a platform endpoint.' }),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().openapi({
      description: 'Why the endpoint was disabled automatically (410 Gone, 10 failed deliveries in a row).',
      example: null,
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
    version: z.number().int().openapi({ description: 'Grows by one on every change.', example: 1 }),
  })
  .openapi('Webhook', { example: WEBHOOK_EXAMPLE });
export type Webhook = z.infer<typeof WebhookSchema>;

const secret = z.string().openapi({
  description: 'Signing secret (Standard Webhooks). Shown here only: store it now.',
  example: EXAMPLE_SECRET,
});

export const CreatedWebhookSchema = WebhookSchema.extend({ secret }).openapi('CreatedWebhook', {
  example: { ...WEBHOOK_EXAMPLE, secret: EXAMPLE_SECRET },
});
export type CreatedWebhook = z.infer<typeof CreatedWebhookSchema>;

export const RotatedSecretSchema = z
  .object({
    secret,
    previousSecretExpiresAt: timestamp.openapi({
      description: 'Until then the previous secret signs too (a second signature in `webhook-signature`).',
    }),
  })
  .openapi('RotatedWebhookSecret', {
    example: { secret: EXAMPLE_SECRET, previousSecretExpiresAt: '2026-12-05T09:30:00.000Z' },
  });

export const CreateWebhookSchema = z
  .object({ url, events: EventSelectionSchema, description: description.optional() })
  .strict()
  .openapi('CreateWebhookRequest', {
    example: { url: WEBHOOK_EXAMPLE.url, events: WEBHOOK_EXAMPLE.events, description: 'Front-desk display' },
  });
export type CreateWebhookInput = z.infer<typeof CreateWebhookSchema>;

export const UpdateWebhookSchema = z
  .object({
    url: url.optional(),
    events: EventSelectionSchema.optional(),
    description: description.nullable().optional(),
    enabled: z.boolean().optional().openapi({
      description: 'false pauses deliveries; true re-enables an endpoint (and clears `disabledReason`).',
    }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'Send at least one of url, events, description, enabled.',
  })
  .openapi('UpdateWebhookRequest', { example: { enabled: true } });
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookSchema>;

export const WebhookPageSchema = pageSchema(WebhookSchema, 'WebhookPage').openapi({
  example: { data: [WEBHOOK_EXAMPLE], page: { limit: 20, nextCursor: null } },
});

const DELIVERY_EXAMPLE = {
  id: '0193a1b2-4444-7e5f-8a9b-0c1d2e3f4a5b',
  eventId: '0193a1b2-5555-7e5f-8a9b-0c1d2e3f4a5b',
  eventType: 'announcement.created',
  status: 'failed' as const,
  attempts: 6,
  lastAttemptAt: '2026-12-04T09:45:31.000Z' as string | null,
  nextAttemptAt: null as string | null,
  responseStatus: 503 as number | null,
  responseTimeMs: 212 as number | null,
  error: 'HTTP 503' as string | null,
  requestId: '0193a1b2-2222-7e5f-8a9b-0c1d2e3f4a5b',
  createdAt: '2026-12-04T09:30:00.000Z',
};

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    eventId: z
      .string()
      .openapi({ format: 'uuid', description: 'Also the `webhook-id` header of every attempt.' }),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES).openapi({
      description: '`pending` until a 2xx (`succeeded`) or the last retry fails (`failed`).',
    }),
    attempts: z.number().int().openapi({ description: 'Attempts made so far (manual retries included).' }),
    lastAttemptAt: timestamp.nullable(),
    nextAttemptAt: timestamp.nullable().openapi({ description: 'When the next automatic retry is due.' }),
    responseStatus: z.number().int().nullable().openapi({ description: 'HTTP status of the last attempt.' }),
    responseTimeMs: z.number().int().nullable(),
    error: z.string().nullable().openapi({ description: 'Why the last attempt failed.' }),
    requestId: z.string().openapi({ description: 'X-Request-Id of the request that caused the event.' }),
    createdAt: timestamp,
  })
  .openapi('WebhookDelivery', { example: DELIVERY_EXAMPLE });
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryPageSchema = pageSchema(DeliverySchema, 'WebhookDeliveryPage').openapi({
  example: { data: [DELIVERY_EXAMPLE], page: { limit: 20, nextCursor: null } },
});

export const AcceptedSchema = z
  .object({ deliveryId: z.string().openapi({ format: 'uuid' }), status: z.literal('pending') })
  .openapi('WebhookDeliveryAccepted', { example: { deliveryId: DELIVERY_EXAMPLE.id, status: 'pending' } });

export const TestAcceptedSchema = z
  .object({ eventId: z.string().openapi({ format: 'uuid', description: 'The `webhook-id` it will carry.' }) })
  .openapi('WebhookTestAccepted', { example: { eventId: DELIVERY_EXAMPLE.eventId } });

export const EventTypeSchema = z
  .object({
    type: z.string(),
    description: z.string(),
    schema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema (2020-12) of `data`.' }),
    example: z.unknown().openapi({ description: 'An example of the delivered body.' }),
  })
  .openapi('WebhookEventType');

export const EventTypeListSchema = z
  .object({ data: z.array(EventTypeSchema) })
  .openapi('WebhookEventTypeList', {
    example: {
      data: [
        {
          type: 'webhook.test',
          description: 'Sent by POST …/webhooks/{webhookId}/test to that endpoint only.',
          schema: {
            type: 'object',
            properties: { webhookId: { type: 'string' }, message: { type: 'string' } },
          },
          example: {
            type: 'webhook.test',
            timestamp: '2026-12-04T09:30:00.000Z',
            data: { webhookId: EXAMPLE_ID, message: 'Hello from Doorman' },
          },
        },
      ],
    },
  });
