// DELETE /buildings/{id}: a manager deletes the building (soft: a tombstone stays for sync).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { cacheFor } from '../../../platform/cache';
import { database } from '../../../platform/database';
import { acceptedVersions, IfMatchHeaderSchema } from '../../../platform/preconditions';
import { authenticate } from '../../auth';
import { requireManager } from '../roles';
import { BuildingParamsSchema } from '../schema';
import { deleteBuilding } from '../service';

const route = defineRoute({
  method: 'delete',
  path: '/buildings/{id}',
  operationId: 'buildings.delete',
  tags: ['buildings'],
  summary: 'Delete a building',
  description:
    'Managers only. Afterwards the building and everything in it answer 404. With `If-Match`, a stale ETag ' +
    'gives 412.',
  security: bearerAuth,
  middleware: [authenticate(), requireManager({ fresh: true })],
  request: { params: BuildingParamsSchema, headers: IfMatchHeaderSchema },
  errors: ['not_found', 'forbidden', 'precondition_failed'],
  responses: { 204: { description: 'Deleted' } },
});

export const registerDeleteBuilding = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    await deleteBuilding(
      database(c.env.DB),
      cacheFor(c.env),
      c.var.building.buildingId,
      acceptedVersions(c.req.valid('header')['if-match']),
    );
    return c.body(null, 204);
  });
