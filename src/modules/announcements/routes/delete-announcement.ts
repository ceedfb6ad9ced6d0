// DELETE /buildings/{id}/announcements/{announcementId}: a manager removes an announcement (soft delete).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { announcementResource } from '../resource';
import { deleteAnnouncement } from '../service';

export const registerDeleteAnnouncement = (app: OpenAPIHono<AppEnv>) =>
  announcementResource.remove(app, {
    summary: 'Delete an announcement',
    description:
      'Managers (and platform admins) only. The announcement leaves every read at once (its tombstone is kept ' +
      'for offline sync). With `If-Match`, a stale tag gives 412.',
    access: 'manager',
    remove: ({ db, building, id, ifMatch }) =>
      deleteAnnouncement(db, { buildingId: building.buildingId, announcementId: id, ifMatch }),
  });
