// GET /buildings/{id}/maintenance-requests/{requestId}: one request, with an ETag, for every member.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { maintenanceResource } from '../resource';
import { getMaintenanceRequest } from '../service';

export const registerGetMaintenanceRequest = (app: OpenAPIHono<AppEnv>) =>
  maintenanceResource.get(app, {
    summary: 'Get a maintenance request',
    description: 'Answers with an `ETag`; `If-None-Match` with the current tag gives 304 with no body.',
    access: 'member',
    load: ({ db, building, id }) => getMaintenanceRequest(db, building.buildingId, id),
  });
