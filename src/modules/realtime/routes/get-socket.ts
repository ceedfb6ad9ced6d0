// GET /buildings/{id}/ws?ticket=…: the WebSocket upgrade, authenticated by a ticket, handed to the building's object.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { ROOM_NAME_HEADER, ROOM_USER_HEADER, SUBPROTOCOL } from '../../../../durable-objects/building-room';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { UUID_PATTERN } from '../../../platform/ids';
import { Problem } from '../../../platform/problems';
import { RoomParamsSchema, SocketQuerySchema } from '../schema';
import { buildingRoom, isStillMember } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}/ws',
  operationId: 'realtime.connect',
  tags: ['realtime'],
  summary: "Open the building's WebSocket",
  description:
    'A WebSocket upgrade (`Upgrade: websocket`), authenticated by a ticket from `POST /realtime/tickets` in ' +
    'the query (browsers cannot send headers on a WebSocket; tokens never travel in URLs). A missing, used, ' +
    'expired or foreign ticket is 401 `invalid_ticket` before any upgrade; a ticket holder who is no longer a ' +
    'member gets 404. Offer the subprotocol `doorman.v1` and the server selects it. Messages: docs/realtime.md.',
  parameters: [
    {
      name: 'Upgrade',
      in: 'header',
      required: true,
      schema: { type: 'string', enum: ['websocket'] },
    },
    {
      name: 'Sec-WebSocket-Protocol',
      in: 'header',
      required: false,
      schema: { type: 'string', example: SUBPROTOCOL },
    },
  ],
  request: { params: RoomParamsSchema, query: SocketQuerySchema },
  errors: ['invalid_ticket', 'not_found', 'upgrade_required'],
  responses: {
    101: {
      description:
        'Switching Protocols: the socket is open; the first frame is `welcome`. JSON text frames both ways.',
      headers: {
        'Sec-WebSocket-Protocol': { schema: { type: 'string', example: SUBPROTOCOL } },
      },
    },
  },
});

export const registerGetSocket = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const buildingId = c.req.valid('param').id;
    if (!UUID_PATTERN.test(buildingId)) throw new Problem('not_found');
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
      throw new Problem('upgrade_required', { headers: { Upgrade: 'websocket' } });
    }
    const { ticket } = c.req.valid('query');
    const room = buildingRoom(c.env, buildingId);
    // Tickets live in the building's own object, so another building's ticket is unknown here.
    const holder = ticket && ticket.length <= 128 ? await room.redeemTicket(ticket) : null;
    if (!holder) throw new Problem('invalid_ticket');
    if (!(await isStillMember(database(c.env.DB), buildingId, holder.userId))) throw new Problem('not_found');
    const headers = new Headers(c.req.raw.headers);
    headers.set(ROOM_USER_HEADER, holder.userId);
    headers.set(ROOM_NAME_HEADER, encodeURIComponent(holder.name));
    c.var.requestContext.userId = holder.userId;
    return room.fetch(new Request(c.req.url, { headers }));
  });
