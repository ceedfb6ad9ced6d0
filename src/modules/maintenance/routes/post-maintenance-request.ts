// POST /buildings/{id}/maintenance-requests: any member opens a maintenance request.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { maintenanceResource } from '../resource';
import { CreateMaintenanceRequestBodySchema } from '../schema';
import { openMaintenanceRequest } from '../service';

export const registerPostMaintenanceRequest = (app: OpenAPIHono<AppEnv>) =>
  maintenanceResource.create(app, {
    summary: 'Open a maintenance request',
    description:
      'Any member. The request starts `open`, opened by the caller. Answers 201 with `Location` and `ETag`. ' +
      'Unknown properties are refused (422).',
    access: 'member',
    body: CreateMaintenanceRequestBodySchema,
    create: ({ db, building, user, body }) =>
      openMaintenanceRequest(db, { buildingId: building.buildingId, openedBy: user.id, input: body }),
  });
