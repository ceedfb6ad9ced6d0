// POST /realtime/tickets: a member gets a single-use, 60-second ticket to open the building's WebSocket.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { authenticate } from '../../auth';
import { TicketRequestSchema, TicketSchema } from '../schema';
import { issueTicket } from '../service';

const route = defineRoute({
  method: 'post',
  path: '/realtime/tickets',
  operationId: 'realtime.createTicket',
  tags: ['realtime'],
  summary: 'Get a WebSocket ticket',
  description:
    'Browsers cannot set headers on a WebSocket, so the socket authenticates with this ticket in its URL ' +
    'instead of the access token: random, single use, valid 60 s, bound to the caller and the building. ' +
    'Not a member (or no such building): 404.',
  security: bearerAuth,
  middleware: [authenticate()],
  // Idempotent like every POST: a replay returns the same (sealed) ticket, which still works only once.
  request: { body: { required: true, content: { 'application/json': { schema: TicketRequestSchema } } } },
  errors: ['not_found'],
  responses: {
    201: { description: 'The ticket', content: { 'application/json': { schema: TicketSchema } } },
  },
});

export const registerPostTicket = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { buildingId } = c.req.valid('json');
    const ticket = await issueTicket(c.env, database(c.env.DB), buildingId, c.var.user);
    return c.json(ticket, 201, { 'Cache-Control': 'no-store' });
  });
