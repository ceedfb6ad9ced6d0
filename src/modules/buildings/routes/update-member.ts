// PATCH /buildings/{id}/members/{userId}: a manager changes a member's role; the last manager stays one.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { cacheFor } from '../../../platform/cache';
import { database } from '../../../platform/database';
import { authenticate } from '../../auth';
import { changeMemberRole } from '../members';
import { presentMember } from '../present';
import { requireManager } from '../roles';
import { ChangeMemberRoleSchema, MemberParamsSchema, MemberSchema } from '../schema';

const route = defineRoute({
  method: 'patch',
  path: '/buildings/{id}/members/{userId}',
  operationId: 'members.update',
  tags: ['buildings'],
  summary: "Change a member's role",
  description:
    'Managers only. Demoting the last manager is 409 `conflict`: a building always has a manager. ' +
    'An unknown member is 404.',
  security: bearerAuth,
  middleware: [authenticate(), requireManager({ fresh: true })],
  request: {
    params: MemberParamsSchema,
    body: { required: true, content: { 'application/json': { schema: ChangeMemberRoleSchema } } },
  },
  errors: ['not_found', 'forbidden', 'conflict'],
  responses: {
    200: {
      description: 'The member with the new role',
      content: { 'application/json': { schema: MemberSchema } },
    },
  },
});

export const registerUpdateMember = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { userId } = c.req.valid('param');
    const { role } = c.req.valid('json');
    const { buildingId } = c.var.building;
    const member = await changeMemberRole(database(c.env.DB), cacheFor(c.env), buildingId, userId, role);
    return c.json(presentMember(member), 200);
  });
