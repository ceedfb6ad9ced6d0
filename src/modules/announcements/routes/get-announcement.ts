// GET /buildings/{id}/announcements/{announcementId}: one announcement, with an ETag, for every member.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { entityTag } from '../../../platform/entity-tag';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import { AnnouncementParamsSchema, AnnouncementSchema } from '../schema';
import { getAnnouncement } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}/announcements/{announcementId}',
  operationId: 'announcements.get',
  tags: ['announcements'],
  summary: 'Get an announcement',
  description: 'Answers with an `ETag`; `If-None-Match` with the current tag gives 304 with no body.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()] as const,
  request: { params: AnnouncementParamsSchema },
  errors: ['not_found'],
  responses: {
    200: {
      description: 'The announcement',
      headers: { ETag: { description: 'Entity tag of this representation', schema: { type: 'string' } } },
      content: { 'application/json': { schema: AnnouncementSchema } },
    },
    304: { description: 'Not modified: the `If-None-Match` tag is current (no body)' },
  },
});

export const registerGetAnnouncement = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const announcement = await getAnnouncement(
      database(c.env.DB),
      c.var.building.buildingId,
      c.req.valid('param').announcementId,
    );
    // The versioned tag, so If-Match can name the version; the conditional-get middleware answers 304.
    c.header('ETag', await entityTag(announcement.version, announcement));
    return c.json(announcement, 200);
  });
