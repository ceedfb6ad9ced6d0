// PATCH /buildings/{id}/announcements/{announcementId}: a manager edits an announcement's title or body.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { entityTag } from '../../../platform/entity-tag';
import { acceptedVersions, IfMatchHeaderSchema } from '../../../platform/preconditions';
import { authenticate } from '../../auth';
import { requireManager } from '../../buildings';
import { AnnouncementParamsSchema, AnnouncementSchema, UpdateAnnouncementBodySchema } from '../schema';
import { updateAnnouncement } from '../service';

const route = defineRoute({
  method: 'patch',
  path: '/buildings/{id}/announcements/{announcementId}',
  operationId: 'announcements.update',
  tags: ['announcements'],
  summary: 'Edit an announcement',
  description:
    'Managers (and platform admins) only. Send `title`, `body` or both; unknown properties are refused (422). ' +
    'With `If-Match`, a stale tag gives 412; without it the change applies.',
  security: bearerAuth,
  middleware: [authenticate(), requireManager()] as const,
  request: {
    params: AnnouncementParamsSchema,
    headers: IfMatchHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: UpdateAnnouncementBodySchema } } },
  },
  errors: ['forbidden', 'not_found', 'precondition_failed'],
  responses: {
    200: {
      description: 'The updated announcement',
      headers: { ETag: { description: 'Entity tag of this representation', schema: { type: 'string' } } },
      content: { 'application/json': { schema: AnnouncementSchema } },
    },
  },
});

export const registerPatchAnnouncement = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const announcement = await updateAnnouncement(database(c.env.DB), {
      buildingId: c.var.building.buildingId,
      announcementId: c.req.valid('param').announcementId,
      changes: c.req.valid('json'),
      ifMatch: acceptedVersions(c.req.valid('header')['if-match']),
    });
    c.header('ETag', await entityTag(announcement.version, announcement));
    return c.json(announcement, 200);
  });
