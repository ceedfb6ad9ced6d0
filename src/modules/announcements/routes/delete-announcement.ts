// DELETE /buildings/{id}/announcements/{announcementId}: a manager removes an announcement (soft delete).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { acceptedVersions, IfMatchHeaderSchema } from '../../../platform/preconditions';
import { authenticate } from '../../auth';
import { requireManager } from '../../buildings';
import { AnnouncementParamsSchema } from '../schema';
import { deleteAnnouncement } from '../service';

const route = defineRoute({
  method: 'delete',
  path: '/buildings/{id}/announcements/{announcementId}',
  operationId: 'announcements.delete',
  tags: ['announcements'],
  summary: 'Delete an announcement',
  description:
    'Managers (and platform admins) only. The announcement leaves every read at once (its tombstone is kept ' +
    'for offline sync). With `If-Match`, a stale tag gives 412.',
  security: bearerAuth,
  middleware: [authenticate(), requireManager()] as const,
  request: { params: AnnouncementParamsSchema, headers: IfMatchHeaderSchema },
  errors: ['forbidden', 'not_found', 'precondition_failed'],
  responses: { 204: { description: 'Deleted' } },
});

export const registerDeleteAnnouncement = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    await deleteAnnouncement(database(c.env.DB), {
      buildingId: c.var.building.buildingId,
      announcementId: c.req.valid('param').announcementId,
      ifMatch: acceptedVersions(c.req.valid('header')['if-match']),
    });
    return c.body(null, 204);
  });
