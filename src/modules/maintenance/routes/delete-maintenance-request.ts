// DELETE /buildings/{id}/maintenance-requests/{requestId}: a manager or the opener removes a request (soft delete).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { actorOf, maintenanceResource } from '../resource';
import { deleteMaintenanceRequest } from '../service';

export const registerDeleteMaintenanceRequest = (app: OpenAPIHono<AppEnv>) =>
  maintenanceResource.remove(app, {
    summary: 'Delete a maintenance request',
    description:
      'A manager, or the member who opened it (other residents get 403). The request leaves every read at ' +
      'once (its tombstone is kept for offline sync). With `If-Match`, a stale tag gives 412.',
    // Members reach the route; the service lets managers and the opener through.
    access: 'member',
    remove: (scope) =>
      deleteMaintenanceRequest(scope.db, {
        buildingId: scope.building.buildingId,
        requestId: scope.id,
        actor: actorOf(scope),
        ifMatch: scope.ifMatch,
      }),
  });
