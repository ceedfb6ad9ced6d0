// GET /buildings/{id}/maintenance-requests: the building's requests, oldest first, optionally by status.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { nextPageLink, PAGE_HEADERS } from '../../../platform/paging';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import { BuildingParamsSchema, MaintenanceListQuerySchema, MaintenanceRequestPageSchema } from '../schema';
import { listMaintenanceRequests } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}/maintenance-requests',
  operationId: 'maintenanceRequests.list',
  tags: ['maintenance'],
  summary: 'List maintenance requests',
  description:
    'Oldest first; `?status=` keeps one status. Cursor paging (`?cursor=` from `page.nextCursor`) or offset ' +
    'paging (`?offset=`, with `total`); `Link: <…>; rel="next"` while there is a next page. Any member may read.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()] as const,
  request: { params: BuildingParamsSchema, query: MaintenanceListQuerySchema },
  errors: ['invalid_cursor', 'not_found'],
  responses: {
    200: {
      description: 'One page of maintenance requests',
      headers: PAGE_HEADERS,
      content: { 'application/json': { schema: MaintenanceRequestPageSchema } },
    },
  },
});

export const registerListMaintenanceRequests = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const page = await listMaintenanceRequests(
      database(c.env.DB),
      c.var.building.buildingId,
      c.req.valid('query'),
      c.var.config.CURSOR_SIGNING_KEY,
    );
    const link = nextPageLink(c.req.url, page.page);
    if (link) c.header('Link', link);
    return c.json(page, 200);
  });
