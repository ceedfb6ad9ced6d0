// Storage of webhooks: the endpoints integrators register, and one delivery row per (event, endpoint).
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns, id } from '../../db/columns';
import { buildings } from '../buildings/tables';

export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: id(),
    /** The building whose events it receives; null for a platform endpoint (admins: every building's events). */
    buildingId: text('building_id').references(() => buildings.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** JSON array of event types, or `["*"]`. */
    events: text('events').notNull(),
    description: text('description'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    disabledReason: text('disabled_reason'),
    /** The signing secret, AES-GCM sealed under WEBHOOK_SECRET_KEY (it must be readable to sign, so not hashed). */
    secret: text('secret').notNull(),
    /** The secret before the last rotation; it keeps signing until `previous_secret_expires_at`. */
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: integer('previous_secret_expires_at', { mode: 'timestamp_ms' }),
    /** Deliveries that ended `failed` since the last success; 10 disables the endpoint. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdBy: text('created_by'),
    ...auditColumns(),
  },
  (t) => [index('webhook_endpoints_building_id_idx').on(t.buildingId, t.id)],
);

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: id(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    requestId: text('request_id').notNull(),
    /** The exact body sent on every attempt (`{ type, timestamp, data }`), so each retry signs the same bytes. */
    body: text('body').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    /** Every attempt ever made (the claim a queue message must match, so a duplicate message sends nothing). */
    attempts: integer('attempts').notNull().default(0),
    /** Attempts in the current round: a manual retry starts a new round of 1 + 5 retries. */
    roundAttempts: integer('round_attempts').notNull().default(0),
    lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }),
    responseStatus: integer('response_status'),
    responseTimeMs: integer('response_time_ms'),
    error: text('error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    // One delivery per (event, endpoint): a re-delivered event never makes a second one.
    uniqueIndex('webhook_deliveries_event_endpoint_idx').on(t.eventId, t.endpointId),
    // The log pages an endpoint's deliveries newest first by id (UUIDv7).
    index('webhook_deliveries_endpoint_id_idx').on(t.endpointId, t.id),
    index('webhook_deliveries_created_at_idx').on(t.createdAt),
  ],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
