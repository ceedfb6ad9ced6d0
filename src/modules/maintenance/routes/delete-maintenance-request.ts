// DELETE /buildings/{id}/maintenance-requests/{requestId}: a manager or the opener removes a request (soft delete).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { acceptedVersions, IfMatchHeaderSchema } from '../../../platform/preconditions';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import { MaintenanceRequestParamsSchema } from '../schema';
import { deleteMaintenanceRequest } from '../service';

const route = defineRoute({
  method: 'delete',
  path: '/buildings/{id}/maintenance-requests/{requestId}',
  operationId: 'maintenanceRequests.delete',
  tags: ['maintenance'],
  summary: 'Delete a maintenance request',
  description:
    'A manager, or the member who opened it (other residents get 403). The request leaves every read at ' +
    'once (its tombstone is kept for offline sync). With `If-Match`, a stale tag gives 412.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()] as const,
  request: { params: MaintenanceRequestParamsSchema, headers: IfMatchHeaderSchema },
  errors: ['forbidden', 'not_found', 'precondition_failed'],
  responses: { 204: { description: 'Deleted' } },
});

export const registerDeleteMaintenanceRequest = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    await deleteMaintenanceRequest(database(c.env.DB), {
      buildingId: c.var.building.buildingId,
      requestId: c.req.valid('param').requestId,
      actor: { id: c.var.user.id, role: c.var.building.role },
      ifMatch: acceptedVersions(c.req.valid('header')['if-match']),
    });
    return c.body(null, 204);
  });
