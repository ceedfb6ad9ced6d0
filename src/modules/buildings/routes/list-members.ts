// GET /buildings/{id}/members: the building's members with their names and roles (never their emails).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { nextPageLink, PAGE_HEADERS, PageQuerySchema, readPage } from '../../../platform/paging';
import { authenticate } from '../../auth';
import { listMembers } from '../members';
import { presentMember } from '../present';
import { requireMember } from '../roles';
import { BuildingParamsSchema, MemberPageSchema } from '../schema';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}/members',
  operationId: 'members.list',
  tags: ['buildings'],
  summary: "List a building's members",
  description: 'Members see each other by name and role, ordered by user ID. Paged like every list.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()],
  request: { params: BuildingParamsSchema, query: PageQuerySchema },
  errors: ['not_found', 'invalid_cursor'],
  responses: {
    200: {
      description: 'One page of members',
      headers: PAGE_HEADERS,
      content: { 'application/json': { schema: MemberPageSchema } },
    },
  },
});

export const registerListMembers = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { buildingId } = c.var.building;
    const page = await readPage(c.req.valid('query'), listMembers(database(c.env.DB), buildingId), {
      secret: c.var.config.CURSOR_SIGNING_KEY,
      scope: `members:${buildingId}`,
    });
    const body = { data: page.data.map(presentMember), page: page.page };
    const link = nextPageLink(c.req.url, page.page);
    // The ETag of a list comes from its bytes (the conditional-GET middleware).
    return c.json(body, 200, link === undefined ? {} : { Link: link });
  });
