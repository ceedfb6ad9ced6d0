// GET /buildings/{id}/events: the Server-Sent Events fallback, streamed by the building's object, with resume.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { ROOM_USER_HEADER } from '../../../../durable-objects/building-room';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { Problem } from '../../../platform/problems';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import { RoomParamsSchema } from '../schema';
import { buildingRoom } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}/events',
  operationId: 'realtime.events',
  tags: ['realtime'],
  summary: "The building's events as Server-Sent Events",
  description:
    'For clients that cannot open a WebSocket. Each event has `id`, `event` and one `data` line of JSON (the ' +
    'same object a socket receives in its `event` frame, with the same id); `retry: 3000`; a `: keepalive` ' +
    'comment at least every 15 s. Send `Last-Event-ID` to resume: every later event still in the log (the ' +
    'last 1,000 or 10 minutes, whichever is more) is replayed, or one `event: reset` says to refetch.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()],
  parameters: [
    {
      name: 'Last-Event-ID',
      in: 'header',
      required: false,
      schema: { type: 'string', example: '42' },
      description: 'The `id` of the last event received; EventSource sends it by itself when it reconnects.',
    },
  ],
  request: { params: RoomParamsSchema },
  errors: ['not_found', 'not_acceptable'],
  responses: {
    200: {
      description: 'An endless event stream',
      content: {
        'text/event-stream': {
          schema: { type: 'string' },
          example:
            'retry: 3000\n\nid: 42\nevent: announcement.created\ndata: {"type":"event","id":42,"room":"building",' +
            '"event":"announcement.created","data":{…},"ts":"2026-12-04T09:30:00.000Z","eventId":"0193…",' +
            '"requestId":"0193…"}\n\n: keepalive\n\n',
        },
      },
    },
  },
});

/** Whether an Accept field value admits text/event-stream (no field admits anything). */
const acceptsEventStream = (accept: string | undefined): boolean =>
  accept === undefined ||
  accept.split(',').some((member) => {
    const [type = '', ...params] = member.split(';').map((part) => part.trim().toLowerCase());
    const refused = params.some((param) => /^q=0(?:\.0{0,3})?$/.test(param));
    return !refused && (type === 'text/event-stream' || type === 'text/*' || type === '*/*');
  });

export const registerGetEvents = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    if (!acceptsEventStream(c.req.header('Accept'))) throw new Problem('not_acceptable');
    const { buildingId } = c.var.building;
    const headers = new Headers({ [ROOM_USER_HEADER]: c.var.user.id });
    const lastEventId = c.req.header('Last-Event-ID');
    if (lastEventId !== undefined) headers.set('Last-Event-ID', lastEventId);
    return buildingRoom(c.env, buildingId).fetch(new Request(c.req.url, { headers }));
  });
