// The webhook event-type catalogue: the spine's event catalogue, each type with a JSON Schema of `data` and an example.
import { z } from '@hono/zod-openapi';
import { EVENT_CATALOGUE, EVENT_TYPES, type EventData, type EventType } from '../events';

const BUILDING_ID = '0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b';
const BUILDING = {
  id: BUILDING_ID,
  name: 'Herzl 12',
  address: { line1: '12 Herzl St', city: 'Tel Aviv', postalCode: '6578101', country: 'IL' },
  timeZone: 'Asia/Jerusalem',
  currency: 'ILS',
  monthlyDues: { amount: 45000, currency: 'ILS', formatted: '₪450.00' },
  createdAt: '2026-12-04T09:30:00.000Z',
  updatedAt: '2026-12-04T09:30:00.000Z',
  version: 1,
};
const MEMBER = {
  userId: '0193a1b2-1111-7e5f-8a9b-0c1d2e3f4a5b',
  name: 'Dana Levi',
  role: 'resident' as const,
  joinedAt: '2026-12-04T09:30:00.000Z',
  buildingId: BUILDING_ID,
};
const ANNOUNCEMENT = {
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  buildingId: BUILDING_ID,
  title: 'Water off on Tuesday',
  body: 'The water will be off from 9:00 to 11:00 for pipe repairs.',
  author: { id: '0193a1b2-1111-7e5f-8a9b-0c1d2e3f4a5b', name: 'Dana Cohen' },
  createdAt: '2026-12-04T09:30:00.000Z',
  updatedAt: '2026-12-04T09:30:00.000Z',
  version: 1,
};
const REQUEST = {
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
  buildingId: BUILDING_ID,
  title: 'Leaking tap',
  description: 'The kitchen tap on the 3rd floor drips all night.',
  status: 'open' as const,
  openedBy: { id: '0193a1b2-2222-7e5f-8a9b-0c1d2e3f4a5b', name: 'Noa Levi' },
  createdAt: '2026-12-04T09:30:00.000Z',
  updatedAt: '2026-12-04T09:30:00.000Z',
  version: 1,
};

/** One example `data` per type; the type makes a missing or mistyped one a compile error, and a test parses each. */
export const EVENT_EXAMPLES: { [T in EventType]: EventData<T> } = {
  'building.created': BUILDING,
  'building.updated': { ...BUILDING, name: 'Herzl 12 (North)', version: 2 },
  'building.deleted': { id: BUILDING_ID },
  'member.joined': MEMBER,
  'member.left': { buildingId: BUILDING_ID, userId: MEMBER.userId },
  'member.role_changed': { ...MEMBER, role: 'manager', previousRole: 'resident' },
  'announcement.created': ANNOUNCEMENT,
  'announcement.updated': { ...ANNOUNCEMENT, title: 'Water off on Wednesday', version: 2 },
  'announcement.deleted': { id: ANNOUNCEMENT.id },
  'maintenance_request.created': REQUEST,
  'maintenance_request.updated': { ...REQUEST, description: 'It drips all day now.', version: 2 },
  'maintenance_request.status_changed': {
    ...REQUEST,
    status: 'in_progress',
    previousStatus: 'open',
    version: 2,
  },
  'maintenance_request.deleted': { id: REQUEST.id },
  'webhook.test': { webhookId: '0193a1b2-3333-7e5f-8a9b-0c1d2e3f4a5b', message: 'Hello from Doorman' },
};

export interface WebhookEventType {
  type: EventType;
  description: string;
  schema: Record<string, unknown>;
  example: { type: EventType; timestamp: string; data: unknown };
}

let built: WebhookEventType[] | undefined;

/** Every type, in catalogue order; built once per isolate from the same zod schemas the consumer validates with. */
export function webhookEventTypes(): WebhookEventType[] {
  built ??= EVENT_TYPES.map((type) => ({
    type,
    description: EVENT_CATALOGUE[type].description,
    schema: z.toJSONSchema(EVENT_CATALOGUE[type].data, { io: 'output', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >,
    example: { type, timestamp: '2026-12-04T09:30:00.000Z', data: EVENT_EXAMPLES[type] },
  }));
  return built;
}
