// GET /buildings/{id}/maintenance-requests: the building's requests, oldest first, optionally by status.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { maintenanceResource } from '../resource';
import { MaintenanceListQuerySchema, MaintenanceRequestPageSchema } from '../schema';
import { listMaintenanceRequests } from '../service';

export const registerListMaintenanceRequests = (app: OpenAPIHono<AppEnv>) =>
  maintenanceResource.list(app, {
    summary: 'List maintenance requests',
    description:
      'Oldest first; `?status=` keeps one status. Cursor paging (`?cursor=` from `page.nextCursor`) or offset ' +
      'paging (`?offset=`, with `total`); `Link: <…>; rel="next"` while there is a next page. Any member may read.',
    access: 'member',
    query: MaintenanceListQuerySchema,
    page: MaintenanceRequestPageSchema,
    load: ({ db, building, query, cursorSecret }) =>
      listMaintenanceRequests(db, building.buildingId, query, cursorSecret),
  });
