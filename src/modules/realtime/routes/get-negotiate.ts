// GET /realtime/negotiate: the transports a member's client tries, in order (WebSocket, then SSE).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { HEARTBEAT_INTERVAL_MS } from '../../../../durable-objects/building-room/protocol';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { authenticate } from '../../auth';
import { NegotiateQuerySchema, NegotiateSchema } from '../schema';
import { eventsPath, requireBuildingMember } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/realtime/negotiate',
  operationId: 'realtime.negotiate',
  tags: ['realtime'],
  summary: 'Choose a realtime transport',
  description:
    'Try the transports in order: a WebSocket (get a ticket at `ticketUrl`), else Server-Sent Events at `url`. ' +
    'Not a member (or no such building): 404.',
  security: bearerAuth,
  middleware: [authenticate()],
  request: { query: NegotiateQuerySchema },
  errors: ['not_found'],
  responses: {
    200: { description: 'The transports', content: { 'application/json': { schema: NegotiateSchema } } },
  },
});

export const registerGetNegotiate = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { buildingId } = c.req.valid('query');
    await requireBuildingMember(c.env, buildingId, c.var.user);
    return c.json(
      {
        transports: [
          { type: 'websocket' as const, ticketUrl: '/api/v2/realtime/tickets' },
          { type: 'sse' as const, url: eventsPath(buildingId) },
        ],
        heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
      },
      200,
    );
  });
