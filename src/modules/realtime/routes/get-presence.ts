// GET /buildings/{id}/presence: who is connected to a room of the building now.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import { PresenceQuerySchema, PresenceSchema, RoomParamsSchema } from '../schema';
import { buildingRoom } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}/presence',
  operationId: 'realtime.presence',
  tags: ['realtime'],
  summary: "Who is online in a building's room",
  description:
    'Each user once, with their open sockets in the room. A closed socket leaves at once; a socket with no ' +
    '`ping` for 2 × 30 s is closed (4408) and leaves. Survives the object hibernating.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()],
  request: { params: RoomParamsSchema, query: PresenceQuerySchema },
  errors: ['not_found'],
  responses: {
    200: { description: 'The room’s presence', content: { 'application/json': { schema: PresenceSchema } } },
  },
});

export const registerGetPresence = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { room } = c.req.valid('query');
    const online = await buildingRoom(c.env, c.var.building.buildingId).presence(room);
    return c.json({ room, online }, 200, { 'Cache-Control': 'no-store' });
  });
