// GET /buildings/{id}: one building, to its members (and platform admins).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { authenticate } from '../../auth';
import { representationHeaders } from '../http';
import { presentBuilding } from '../present';
import { requireMember } from '../roles';
import { BuildingParamsSchema, BuildingSchema } from '../schema';

const route = defineRoute({
  method: 'get',
  path: '/buildings/{id}',
  operationId: 'buildings.get',
  tags: ['buildings'],
  summary: 'Get a building',
  description:
    "404 when it does not exist or the caller is not one of its members, so others' buildings do not leak.",
  security: bearerAuth,
  middleware: [authenticate(), requireMember()],
  request: { params: BuildingParamsSchema },
  errors: ['not_found'],
  responses: {
    200: {
      description: 'The building',
      headers: { ETag: { schema: { type: 'string', example: '"1-8f14e45fceea167a"' } } },
      content: { 'application/json': { schema: BuildingSchema } },
    },
  },
});

export const registerGetBuilding = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    // The building was read (through the cache) when access was checked: no second read.
    const { record, role } = c.var.building;
    const language = c.var.requestContext.language;
    const body = presentBuilding(record, role, language);
    const headers = await representationHeaders(body.version, body, language);
    return c.json(body, 200, headers);
  });
