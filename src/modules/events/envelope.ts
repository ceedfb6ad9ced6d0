// The event envelope of contract-events.md, and its validation (a queue message is untrusted input).
import { z } from '@hono/zod-openapi';
import { REQUEST_ID_PATTERN } from '../../platform/context';
import { UUID_PATTERN } from '../../platform/ids';
import { EVENT_CATALOGUE, type EventData, type EventType, isEventType } from './catalogue';

/** One domain event of type T: the same shape in D1, in queue messages, and for every receiver. */
export interface DomainEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  buildingId: string | null;
  actorId: string | null;
  /** RFC 3339, UTC, milliseconds. */
  occurredAt: string;
  /** The X-Request-Id of the write that raised it. */
  requestId: string;
  data: EventData<T>;
}

const EnvelopeSchema = z.object({
  id: z.string().regex(UUID_PATTERN),
  type: z.string().refine(isEventType, { message: 'unknown event type' }),
  buildingId: z.string().max(64).nullable(),
  actorId: z.string().max(64).nullable(),
  occurredAt: z.iso.datetime(),
  requestId: z.string().regex(REQUEST_ID_PATTERN),
  data: z.unknown(),
});

export type EnvelopeProblem = { ok: false; reason: string };

/** Validates an envelope and its `data` against the type's schema; the reason names what is wrong. */
export function parseEvent(input: unknown): { ok: true; event: DomainEvent } | EnvelopeProblem {
  const envelope = EnvelopeSchema.safeParse(input);
  if (!envelope.success) return { ok: false, reason: describe(envelope.error) };
  const type = envelope.data.type as EventType;
  const data = EVENT_CATALOGUE[type].data.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: `data: ${describe(data.error)}` };
  return { ok: true, event: { ...envelope.data, type, data: data.data } as DomainEvent };
}

const describe = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
