// POST /buildings/join: any signed-in user joins a building with an invite code.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { cacheFor } from '../../../platform/cache';
import { database } from '../../../platform/database';
import { authenticate } from '../../auth';
import { representationHeaders } from '../http';
import { joinBuilding } from '../invites';
import { presentBuilding } from '../present';
import { BuildingSchema, JoinBuildingSchema } from '../schema';

const route = defineRoute({
  method: 'post',
  path: '/buildings/join',
  operationId: 'buildings.join',
  tags: ['buildings'],
  summary: 'Join a building with an invite code',
  description:
    'An unknown code is 404; an expired or already used one 410 `invite_expired`; a member joining again ' +
    '409 `already_member`. A code admits exactly one person, however many try at once.',
  security: bearerAuth,
  middleware: [authenticate()],
  request: { body: { required: true, content: { 'application/json': { schema: JoinBuildingSchema } } } },
  errors: ['not_found', 'invite_expired', 'already_member'],
  responses: {
    200: {
      description: 'Joined: the building, with the role the invite gave',
      headers: { ETag: { schema: { type: 'string', example: '"1-8f14e45fceea167a"' } } },
      content: { 'application/json': { schema: BuildingSchema } },
    },
  },
});

export const registerJoinBuilding = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { building, role } = await joinBuilding(
      database(c.env.DB),
      cacheFor(c.env),
      c.var.user.id,
      c.req.valid('json').code,
    );
    const language = c.var.requestContext.language;
    const body = presentBuilding(building, role, language);
    return c.json(body, 200, await representationHeaders(body.version, body, language));
  });
