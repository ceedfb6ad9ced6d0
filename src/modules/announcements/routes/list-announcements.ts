// GET /buildings/{id}/announcements: the building's feed, newest first, for every member.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { nextPageLink, PAGE_HEADERS } from '../../../platform/paging';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import { AnnouncementListQuerySchema, AnnouncementPageSchema, BuildingParamsSchema } from '../schema';
import { listAnnouncements } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}/announcements',
  operationId: 'announcements.list',
  tags: ['announcements'],
  summary: 'List announcements',
  description:
    'Newest first. Cursor paging (`?cursor=` from `page.nextCursor`) or offset paging (`?offset=`, with ' +
    '`total`); `Link: <…>; rel="next"` while there is a next page. Any member of the building may read.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()] as const,
  request: { params: BuildingParamsSchema, query: AnnouncementListQuerySchema },
  errors: ['invalid_cursor', 'not_found'],
  responses: {
    200: {
      description: 'One page of announcements',
      headers: PAGE_HEADERS,
      content: { 'application/json': { schema: AnnouncementPageSchema } },
    },
  },
});

export const registerListAnnouncements = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const page = await listAnnouncements(
      database(c.env.DB),
      c.var.building.buildingId,
      c.req.valid('query'),
      c.var.config.CURSOR_SIGNING_KEY,
    );
    const link = nextPageLink(c.req.url, page.page);
    if (link) c.header('Link', link);
    return c.json(page, 200);
  });
