// PATCH /buildings/{id}/maintenance-requests/{requestId}: a manager moves the status; the opener edits the text.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../platform/app-env';
import { actorOf, maintenanceResource } from '../resource';
import { UpdateMaintenanceRequestBodySchema } from '../schema';
import { updateMaintenanceRequest } from '../service';

export const registerPatchMaintenanceRequest = (app: OpenAPIHono<AppEnv>) =>
  maintenanceResource.update(app, {
    summary: 'Update a maintenance request',
    description:
      '`status` is for managers (residents get 403): `open → in_progress → resolved`, `open` or `in_progress → ' +
      'rejected`; any other move, staying put included, is 409 `invalid_transition` with `from` and `to`. ' +
      '`title` and `description` are for the opener (anyone else gets 403) while the request is `open` ' +
      '(afterwards 409 `conflict`). Two racing moves from the same status cannot both apply: the loser gets 409. ' +
      'With `If-Match`, a stale tag gives 412. Unknown properties are refused (422).',
    // Members reach the route; the service decides who may change what (status: managers; text: the opener).
    access: 'member',
    errors: ['forbidden', 'not_found', 'conflict', 'invalid_transition', 'precondition_failed'],
    body: UpdateMaintenanceRequestBodySchema,
    update: (scope) =>
      updateMaintenanceRequest(scope.db, {
        buildingId: scope.building.buildingId,
        requestId: scope.id,
        actor: actorOf(scope),
        changes: scope.body,
        ifMatch: scope.ifMatch,
      }),
  });
