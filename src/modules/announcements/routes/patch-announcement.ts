// PATCH /buildings/{id}/announcements/{announcementId}: a manager edits an announcement's title or body.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { announcementResource } from '../resource';
import { UpdateAnnouncementBodySchema } from '../schema';
import { updateAnnouncement } from '../service';

export const registerPatchAnnouncement = (app: OpenAPIHono<AppEnv>) =>
  announcementResource.update(app, {
    summary: 'Edit an announcement',
    description:
      'Managers (and platform admins) only. Send `title`, `body` or both; unknown properties are refused (422). ' +
      'With `If-Match`, a stale tag gives 412; without it the change applies.',
    access: 'manager',
    body: UpdateAnnouncementBodySchema,
    update: ({ db, building, id, body, ifMatch }) =>
      updateAnnouncement(db, { buildingId: building.buildingId, announcementId: id, changes: body, ifMatch }),
  });
