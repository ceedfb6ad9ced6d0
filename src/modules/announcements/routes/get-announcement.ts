// GET /buildings/{id}/announcements/{announcementId}: one announcement, with an ETag, for every member.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { announcementResource } from '../resource';
import { getAnnouncement } from '../service';

export const registerGetAnnouncement = (app: OpenAPIHono<AppEnv>) =>
  announcementResource.get(app, {
    summary: 'Get an announcement',
    description: 'Answers with an `ETag`; `If-None-Match` with the current tag gives 304 with no body.',
    access: 'member',
    load: ({ db, building, id }) => getAnnouncement(db, building.buildingId, id),
  });
