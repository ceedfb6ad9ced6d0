// The closed catalogue of domain events: each type, what it means, and the zod schema of its `data`.
import { z } from '@hono/zod-openapi';
import { AnnouncementSchema } from '../announcements/schema';
import { BuildingSchema, MemberSchema } from '../buildings/schema';
import { MaintenanceRequestSchema, MaintenanceStatusSchema } from '../maintenance/schema';

const id = z.string().openapi({ format: 'uuid' });

/** A building as every receiver sees it: no caller-specific `myRole`; `monthlyDues.formatted` is in English. */
const BuildingEventSchema = BuildingSchema.omit({ myRole: true }).openapi('BuildingEventData');

const Deleted = (name: string) => z.object({ id }).openapi(name);

const MemberEventSchema = MemberSchema.extend({ buildingId: id }).openapi('MemberEventData');

/**
 * Every event type. Adding one is a change here only: its schema, its description. Receivers (realtime,
 * webhooks, notifications, analytics) subscribe by these names; the webhook event-type list and the
 * OpenAPI document are generated from this object.
 */
export const EVENT_CATALOGUE = {
  'building.created': {
    description: 'A building was created; its creator is its first manager.',
    data: BuildingEventSchema,
  },
  'building.updated': { description: 'A building’s details changed.', data: BuildingEventSchema },
  'building.deleted': { description: 'A building was deleted.', data: Deleted('BuildingDeletedData') },
  'member.joined': {
    description: 'A user joined a building (by invite, or as its creator).',
    data: MemberEventSchema,
  },
  'member.left': {
    description: 'A member left a building or was removed from it.',
    data: z.object({ buildingId: id, userId: id }).openapi('MemberLeftData'),
  },
  'member.role_changed': {
    description: 'A member’s role changed.',
    data: MemberEventSchema.extend({ previousRole: MemberSchema.shape.role }).openapi(
      'MemberRoleChangedData',
    ),
  },
  'announcement.created': { description: 'A manager posted an announcement.', data: AnnouncementSchema },
  'announcement.updated': { description: 'An announcement was edited.', data: AnnouncementSchema },
  'announcement.deleted': {
    description: 'An announcement was deleted.',
    data: Deleted('AnnouncementDeletedData'),
  },
  'maintenance_request.created': {
    description: 'A member opened a maintenance request.',
    data: MaintenanceRequestSchema,
  },
  'maintenance_request.updated': {
    description: 'A maintenance request’s title or description changed (its status did not).',
    data: MaintenanceRequestSchema,
  },
  'maintenance_request.status_changed': {
    description: 'A maintenance request moved to another status (the change may carry other edits too).',
    data: MaintenanceRequestSchema.extend({ previousStatus: MaintenanceStatusSchema }).openapi(
      'MaintenanceRequestStatusChangedData',
    ),
  },
  'maintenance_request.deleted': {
    description: 'A maintenance request was deleted.',
    data: Deleted('MaintenanceRequestDeletedData'),
  },
  'webhook.test': {
    description:
      'Sent by `POST …/webhooks/{webhookId}/test` to that endpoint only (whatever types it subscribes to): a ' +
      'signed delivery to check a receiver.',
    data: z.object({ webhookId: id, message: z.string() }).openapi('WebhookTestData', {
      example: { webhookId: '0193a1b2-3333-7e5f-8a9b-0c1d2e3f4a5b', message: 'Hello from Doorman' },
    }),
  },
} as const satisfies Record<string, { description: string; data: z.ZodType }>;

export type EventType = keyof typeof EVENT_CATALOGUE;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOGUE)[T]['data']>;

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

export const isEventType = (value: string): value is EventType => Object.hasOwn(EVENT_CATALOGUE, value);
