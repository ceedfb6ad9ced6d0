// Realtime contract: tickets, negotiation and presence bodies (the socket protocol is in docs/realtime.md).
import { z } from '@hono/zod-openapi';
import { ROOM_PATTERN } from '../../../durable-objects/building-room/protocol';

const buildingId = z.string().uuid().openapi({ example: '0190f3c1-7b1a-7cc3-9f1e-2a6f1d0c9b11' });

export const RoomParamsSchema = z.object({
  id: z.string().openapi({
    param: { name: 'id', in: 'path' },
    format: 'uuid',
    example: '0190f3c1-7b1a-7cc3-9f1e-2a6f1d0c9b11',
  }),
});

export const TicketRequestSchema = z.object({ buildingId }).strict().openapi('RealtimeTicketRequest');

export const TicketSchema = z
  .object({
    ticket: z.string().openapi({ example: 'q3V0c2lkZS10aGUtYnVpbGRpbmctcm9vbS10aWNrZXQ' }),
    expiresAt: z.string().openapi({ format: 'date-time', example: '2026-12-04T09:31:00.000Z' }),
    url: z.string().openapi({
      example:
        '/api/v2/buildings/0190f3c1-7b1a-7cc3-9f1e-2a6f1d0c9b11/ws?ticket=q3V0c2lkZS10aGUtYnVpbGRpbmctcm9vbS10aWNrZXQ',
    }),
  })
  .openapi('RealtimeTicket', {
    description: 'Single use, valid 60 s, bound to the caller and the building. Open `url` as a WebSocket.',
  });

export const NegotiateQuerySchema = z.object({
  buildingId: buildingId.openapi({ param: { name: 'buildingId', in: 'query' } }),
});

export const NegotiateSchema = z
  .object({
    transports: z.array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('websocket'), ticketUrl: z.string() }),
        z.object({ type: z.literal('sse'), url: z.string() }),
      ]),
    ),
    heartbeatIntervalMs: z.number().int(),
  })
  .openapi('RealtimeNegotiation', {
    description: 'The transports to try, in order.',
    example: {
      transports: [
        { type: 'websocket', ticketUrl: '/api/v2/realtime/tickets' },
        { type: 'sse', url: '/api/v2/buildings/0190f3c1-7b1a-7cc3-9f1e-2a6f1d0c9b11/events' },
      ],
      heartbeatIntervalMs: 30000,
    },
  });

export const PresenceQuerySchema = z.object({
  room: z
    .string()
    .regex(ROOM_PATTERN)
    .default('building')
    .openapi({ param: { name: 'room', in: 'query' }, example: 'building' }),
});

export const PresenceSchema = z
  .object({
    room: z.string(),
    online: z.array(
      z.object({
        userId: z.string().openapi({ format: 'uuid' }),
        name: z.string(),
        connections: z.number().int(),
        since: z.string().openapi({ format: 'date-time' }),
        lastSeenAt: z.string().openapi({ format: 'date-time' }),
      }),
    ),
  })
  .openapi('RealtimePresence', {
    description: 'Who is connected to the room now; a user with several sockets is listed once.',
    example: {
      room: 'building',
      online: [
        {
          userId: '0190f3c0-11aa-7bbb-8ccc-3d4e5f607182',
          name: 'Dana Levi',
          connections: 2,
          since: '2026-12-04T09:00:00.000Z',
          lastSeenAt: '2026-12-04T09:30:12.000Z',
        },
      ],
    },
  });

export const SocketQuerySchema = z.object({
  // Optional in the schema so that a missing ticket is the contract's 401, not a 422.
  ticket: z
    .string()
    .optional()
    .openapi({ param: { name: 'ticket', in: 'query' }, description: 'From `POST /realtime/tickets`.' }),
});
