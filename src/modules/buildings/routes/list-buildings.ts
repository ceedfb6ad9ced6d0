// GET /buildings: the caller's buildings, cursor- or offset-paged.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { nextPageLink, PAGE_HEADERS, PageQuerySchema, readPage } from '../../../platform/paging';
import { authenticate } from '../../auth';
import { presentBuilding } from '../present';
import { BuildingPageSchema } from '../schema';
import { listBuildingsOf } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/buildings',
  operationId: 'buildings.list',
  tags: ['buildings'],
  summary: "List the caller's buildings",
  description:
    'Every building the caller is a member of, oldest first. `Link: <…>; rel="next"` when there is a next page.',
  security: bearerAuth,
  middleware: [authenticate()],
  request: { query: PageQuerySchema },
  errors: ['invalid_cursor'],
  responses: {
    200: {
      description: 'One page of buildings',
      headers: PAGE_HEADERS,
      content: { 'application/json': { schema: BuildingPageSchema } },
    },
  },
});

export const registerListBuildings = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const userId = c.var.user.id;
    const language = c.var.requestContext.language;
    const page = await readPage(c.req.valid('query'), listBuildingsOf(database(c.env.DB), userId), {
      secret: c.var.config.CURSOR_SIGNING_KEY,
      scope: `buildings:${userId}`,
    });
    const body = {
      data: page.data.map(({ building, role }) => presentBuilding(building, role, language)),
      page: page.page,
    };
    // The ETag of a list comes from its bytes (the conditional-GET middleware).
    const headers: Record<string, string> = { 'Content-Language': language };
    const link = nextPageLink(c.req.url, page.page);
    if (link !== undefined) headers.Link = link;
    return c.json(body, 200, headers);
  });
