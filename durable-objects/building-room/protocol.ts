// The realtime message protocol (contract-realtime.md): client frames parsed with zod, server frames, close codes.
import { z } from 'zod';

export const HEARTBEAT_INTERVAL_MS = 30_000;
/** A socket whose last `ping` (or, before any, its connection) is older than this is closed 4408. */
export const HEARTBEAT_TIMEOUT_MS = 2 * HEARTBEAT_INTERVAL_MS;
export const BUILDING_ROOM = 'building';
export const MAX_ROOMS = 10;
/** Client frames (publishes included) larger than this are refused with an error frame. */
export const MAX_FRAME_BYTES = 4096;
export const SUBPROTOCOL = 'doorman.v1';

export const CLOSE = {
  /** The ticket or the user is no longer valid. */
  unauthorized: 4401,
  /** The user was removed from the building (or left it). */
  removed: 4403,
  /** No `ping` for 2 × 30 s. */
  heartbeatMissed: 4408,
  internal: 1011,
} as const;

/** Room names: lower case, digits and `:_-`; `user:` is reserved for events sent to one user. */
export const ROOM_PATTERN = /^[a-z0-9][a-z0-9:_-]{0,63}$/;
const Room = z
  .string()
  .regex(ROOM_PATTERN, 'a room matches ^[a-z0-9][a-z0-9:_-]{0,63}$')
  .refine((room) => !room.startsWith('user:'), 'rooms starting with "user:" are reserved');

/**
 * Client event names have no dot, so a client can never publish something that looks like a domain event
 * (`announcement.created`): receivers can trust every dotted name came from the server.
 */
export const CLIENT_EVENT_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('join'), room: Room }),
  z.object({ type: z.literal('leave'), room: Room }),
  z.object({
    type: z.literal('publish'),
    room: Room,
    event: z.string().regex(CLIENT_EVENT_PATTERN, 'a client event name matches ^[a-z][a-z0-9_-]{0,63}$'),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export interface PresenceUser {
  userId: string;
  name: string;
}

/** What an `event` frame and an SSE event's `data` carry. */
export interface EventFrame {
  type: 'event';
  /** Increases within a building; the SSE `id` of the same event. */
  id: number;
  room: string;
  event: string;
  data: unknown;
  /** RFC 3339. */
  ts: string;
  /** Domain events: the event's own id (UUIDv7), the same on every delivery, for de-duplication. */
  eventId?: string;
  /** Domain events: the X-Request-Id of the write that raised it. */
  requestId?: string;
  /** Client publishes: who sent it. */
  from?: PresenceUser;
}

export type ServerFrame =
  | {
      type: 'welcome';
      connectionId: string;
      userId: string;
      rooms: string[];
      heartbeatIntervalMs: number;
    }
  | { type: 'joined'; room: string; presence: PresenceUser[] }
  | { type: 'left'; room: string }
  | { type: 'presence'; room: string; event: 'join' | 'leave'; user: PresenceUser }
  | { type: 'error'; code: ErrorCode; message: string; retryAfterMs?: number }
  | EventFrame;

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_message'
  | 'too_large'
  | 'too_many_rooms'
  | 'not_joined'
  | 'cannot_leave'
  | 'rate_limited';

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; code: ErrorCode; message: string };

/** Parses one client frame; never throws: anything wrong is an error frame's code and message. */
export function parseClientFrame(raw: string | ArrayBuffer): ParsedFrame {
  const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  const size = typeof raw === 'string' ? new TextEncoder().encode(raw).byteLength : raw.byteLength;
  if (size > MAX_FRAME_BYTES) {
    return { ok: false, code: 'too_large', message: `a message is at most ${MAX_FRAME_BYTES} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: 'invalid_json', message: 'a message is one JSON object' };
  }
  const parsed = ClientFrameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, code: 'invalid_message', message: `${where}${issue?.message ?? 'invalid message'}` };
  }
  return { ok: true, frame: parsed.data };
}
