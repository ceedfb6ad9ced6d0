// GET /buildings/{id}/maintenance-requests/{requestId}: one request, with an ETag, for every member.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { entityTag } from '../../../platform/entity-tag';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import { MaintenanceRequestParamsSchema, MaintenanceRequestSchema } from '../schema';
import { getMaintenanceRequest } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}/maintenance-requests/{requestId}',
  operationId: 'maintenanceRequests.get',
  tags: ['maintenance'],
  summary: 'Get a maintenance request',
  description: 'Answers with an `ETag`; `If-None-Match` with the current tag gives 304 with no body.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()] as const,
  request: { params: MaintenanceRequestParamsSchema },
  errors: ['not_found'],
  responses: {
    200: {
      description: 'The maintenance request',
      headers: { ETag: { description: 'Entity tag of this representation', schema: { type: 'string' } } },
      content: { 'application/json': { schema: MaintenanceRequestSchema } },
    },
    304: { description: 'Not modified: the `If-None-Match` tag is current (no body)' },
  },
});

export const registerGetMaintenanceRequest = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const request = await getMaintenanceRequest(
      database(c.env.DB),
      c.var.building.buildingId,
      c.req.valid('param').requestId,
    );
    // The versioned tag, so If-Match can name the version; the conditional-get middleware answers 304.
    c.header('ETag', await entityTag(request.version, request));
    return c.json(request, 200);
  });
