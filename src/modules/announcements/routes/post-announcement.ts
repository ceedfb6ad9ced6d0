// POST /buildings/{id}/announcements: a manager posts an announcement to the building.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { entityTag } from '../../../platform/entity-tag';
import { authenticate } from '../../auth';
import { requireManager } from '../../buildings';
import { AnnouncementSchema, BuildingParamsSchema, CreateAnnouncementBodySchema } from '../schema';
import { createAnnouncement } from '../service';

const route = defineRoute({
  method: 'post',
  path: '/buildings/{id}/announcements',
  operationId: 'announcements.create',
  tags: ['announcements'],
  summary: 'Post an announcement',
  description:
    'Managers (and platform admins) only; residents get 403. The caller is the author. Answers 201 with ' +
    '`Location` and `ETag`. Unknown properties are refused (422).',
  security: bearerAuth,
  middleware: [authenticate(), requireManager()] as const,
  request: {
    params: BuildingParamsSchema,
    body: { required: true, content: { 'application/json': { schema: CreateAnnouncementBodySchema } } },
  },
  errors: ['forbidden', 'not_found'],
  responses: {
    201: {
      description: 'The new announcement',
      headers: {
        Location: { description: 'URL of the new announcement', schema: { type: 'string' } },
        ETag: { description: 'Entity tag of this representation', schema: { type: 'string' } },
      },
      content: { 'application/json': { schema: AnnouncementSchema } },
    },
  },
});

export const registerPostAnnouncement = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const announcement = await createAnnouncement(database(c.env.DB), {
      buildingId: c.var.building.buildingId,
      authorId: c.var.user.id,
      input: c.req.valid('json'),
    });
    c.header('Location', `${c.req.path}/${announcement.id}`);
    c.header('ETag', await entityTag(announcement.version, announcement));
    return c.json(announcement, 201);
  });
