// PATCH /buildings/{id}/maintenance-requests/{requestId}: a manager moves the status; the opener edits the text.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { entityTag } from '../../../platform/entity-tag';
import { acceptedVersions, IfMatchHeaderSchema } from '../../../platform/preconditions';
import { authenticate } from '../../auth';
import { requireMember } from '../../buildings';
import {
  MaintenanceRequestParamsSchema,
  MaintenanceRequestSchema,
  UpdateMaintenanceRequestBodySchema,
} from '../schema';
import { updateMaintenanceRequest } from '../service';

const route = defineRoute({
  method: 'patch',
  path: '/buildings/{id}/maintenance-requests/{requestId}',
  operationId: 'maintenanceRequests.update',
  tags: ['maintenance'],
  summary: 'Update a maintenance request',
  description:
    '`status` is for managers (residents get 403): `open → in_progress → resolved`, `open` or `in_progress → ' +
    'rejected`; any other move, staying put included, is 409 `invalid_transition` with `from` and `to`. ' +
    '`title` and `description` are for the opener (anyone else gets 403) while the request is `open` ' +
    '(afterwards 409 `conflict`). Two racing moves from the same status cannot both apply: the loser gets 409. ' +
    'With `If-Match`, a stale tag gives 412. Unknown properties are refused (422).',
  security: bearerAuth,
  middleware: [authenticate(), requireMember()] as const,
  request: {
    params: MaintenanceRequestParamsSchema,
    headers: IfMatchHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: UpdateMaintenanceRequestBodySchema } } },
  },
  errors: ['forbidden', 'not_found', 'conflict', 'invalid_transition', 'precondition_failed'],
  responses: {
    200: {
      description: 'The updated maintenance request',
      headers: { ETag: { description: 'Entity tag of this representation', schema: { type: 'string' } } },
      content: { 'application/json': { schema: MaintenanceRequestSchema } },
    },
  },
});

export const registerPatchMaintenanceRequest = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const request = await updateMaintenanceRequest(database(c.env.DB), {
      buildingId: c.var.building.buildingId,
      requestId: c.req.valid('param').requestId,
      actor: { id: c.var.user.id, role: c.var.building.role },
      changes: c.req.valid('json'),
      ifMatch: acceptedVersions(c.req.valid('header')['if-match']),
    });
    c.header('ETag', await entityTag(request.version, request));
    return c.json(request, 200);
  });
