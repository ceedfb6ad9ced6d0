// GET /buildings/{id}/announcements: the building's feed, newest first, for every member.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { announcementResource } from '../resource';
import { AnnouncementListQuerySchema, AnnouncementPageSchema } from '../schema';
import { listAnnouncements } from '../service';

export const registerListAnnouncements = (app: OpenAPIHono<AppEnv>) =>
  announcementResource.list(app, {
    summary: 'List announcements',
    description:
      'Newest first. Cursor paging (`?cursor=` from `page.nextCursor`) or offset paging (`?offset=`, with ' +
      '`total`); `Link: <…>; rel="next"` while there is a next page. Any member of the building may read.',
    access: 'member',
    query: AnnouncementListQuerySchema,
    page: AnnouncementPageSchema,
    load: ({ db, building, query, cursorSecret }) =>
      listAnnouncements(db, building.buildingId, query, cursorSecret),
  });
