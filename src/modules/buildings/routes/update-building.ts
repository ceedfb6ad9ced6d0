// PATCH /buildings/{id}: a manager changes some fields (the address as a whole); If-Match guards lost updates.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { cacheFor } from '../../../platform/cache';
import { database } from '../../../platform/database';
import { acceptedVersions, IfMatchHeaderSchema } from '../../../platform/preconditions';
import { authenticate } from '../../auth';
import { representationHeaders } from '../http';
import { presentBuilding } from '../present';
import { requireManager } from '../roles';
import { BuildingParamsSchema, BuildingSchema, UpdateBuildingSchema } from '../schema';
import { updateBuilding } from '../service';

const route = defineRoute({
  method: 'patch',
  path: '/buildings/{id}',
  operationId: 'buildings.update',
  tags: ['buildings'],
  summary: 'Change a building',
  description:
    'Managers only. Send at least one field; `address` replaces the whole address. With `If-Match`, ' +
    'a stale ETag gives 412; without it the change applies.',
  security: bearerAuth,
  middleware: [authenticate(), requireManager()],
  request: {
    params: BuildingParamsSchema,
    headers: IfMatchHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: UpdateBuildingSchema } } },
  },
  errors: ['not_found', 'forbidden', 'precondition_failed'],
  responses: {
    200: {
      description: 'The changed building, with its new version',
      headers: { ETag: { schema: { type: 'string', example: '"2-8f14e45fceea167a"' } } },
      content: { 'application/json': { schema: BuildingSchema } },
    },
  },
});

export const registerUpdateBuilding = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { buildingId, role } = c.var.building;
    const language = c.var.requestContext.language;
    const record = await updateBuilding(
      database(c.env.DB),
      cacheFor(c.env),
      buildingId,
      c.req.valid('json'),
      acceptedVersions(c.req.valid('header')['if-match']),
    );
    const body = presentBuilding(record, role, language);
    return c.json(body, 200, await representationHeaders(body.version, body, language));
  });
