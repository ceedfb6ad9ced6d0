// POST /buildings/{id}/maintenance-requests: any member opens a maintenance request.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { entityTag } from '../../../platform/entity-tag';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import {
  BuildingParamsSchema,
  CreateMaintenanceRequestBodySchema,
  MaintenanceRequestSchema,
} from '../schema';
import { openMaintenanceRequest } from '../service';

const route = defineRoute({
  method: 'post',
  path: '/buildings/{id}/maintenance-requests',
  operationId: 'maintenanceRequests.create',
  tags: ['maintenance'],
  summary: 'Open a maintenance request',
  description:
    'Any member. The request starts `open`, opened by the caller. Answers 201 with `Location` and `ETag`. ' +
    'Unknown properties are refused (422).',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()] as const,
  request: {
    params: BuildingParamsSchema,
    body: { required: true, content: { 'application/json': { schema: CreateMaintenanceRequestBodySchema } } },
  },
  errors: ['not_found'],
  responses: {
    201: {
      description: 'The new maintenance request',
      headers: {
        Location: { description: 'URL of the new request', schema: { type: 'string' } },
        ETag: { description: 'Entity tag of this representation', schema: { type: 'string' } },
      },
      content: { 'application/json': { schema: MaintenanceRequestSchema } },
    },
  },
});

export const registerPostMaintenanceRequest = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const request = await openMaintenanceRequest(database(c.env.DB), {
      buildingId: c.var.building.buildingId,
      openedBy: c.var.user.id,
      input: c.req.valid('json'),
    });
    c.header('Location', `${c.req.path}/${request.id}`);
    c.header('ETag', await entityTag(request.version, request));
    return c.json(request, 201);
  });
