// POST /buildings: creates a building; its creator becomes its manager.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { authenticate } from '../../auth';
import { representationHeaders } from '../http';
import { presentBuilding } from '../present';
import { BuildingSchema, CreateBuildingSchema } from '../schema';
import { createBuilding } from '../service';

const route = defineRoute({
  method: 'post',
  path: '/buildings',
  operationId: 'buildings.create',
  tags: ['buildings'],
  summary: 'Create a building',
  description:
    'Creates a building and makes the caller its manager. Unknown properties are refused (422), so ' +
    'nothing but the listed fields can be set.',
  security: bearerAuth,
  middleware: [authenticate()],
  request: { body: { required: true, content: { 'application/json': { schema: CreateBuildingSchema } } } },
  responses: {
    201: {
      description: 'Created; `Location` names the new building and `ETag` its version.',
      headers: {
        Location: {
          schema: { type: 'string', example: '/api/v2/buildings/0190f3c1-7b1a-7cc3-9f1e-2a6f1d0c9b11' },
        },
        ETag: { schema: { type: 'string', example: '"1-8f14e45fceea167a"' } },
      },
      content: { 'application/json': { schema: BuildingSchema } },
    },
  },
});

export const registerCreateBuilding = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const record = await createBuilding(database(c.env.DB), c.var.user.id, c.req.valid('json'));
    const language = c.var.requestContext.language;
    const body = presentBuilding(record, 'manager', language);
    return c.json(body, 201, {
      ...(await representationHeaders(body.version, body, language)),
      Location: `/api/v2/buildings/${body.id}`,
    });
  });
