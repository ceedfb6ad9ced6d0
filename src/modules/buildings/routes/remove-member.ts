// DELETE /buildings/{id}/members/{userId}: a manager removes a member, or a member leaves.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { cacheFor } from '../../../platform/cache';
import { database } from '../../../platform/database';
import { authenticate } from '../../auth';
import { removeMember } from '../members';
import { requireMember } from '../roles';
import { MemberParamsSchema } from '../schema';

const route = defineRoute({
  method: 'delete',
  path: '/buildings/{id}/members/{userId}',
  operationId: 'members.remove',
  tags: ['buildings'],
  summary: 'Remove a member, or leave',
  description:
    'Managers remove anyone; a resident may only remove themselves (403 otherwise). The last manager ' +
    'can neither be removed nor leave: 409 `conflict`.',
  security: bearerAuth,
  middleware: [authenticate(), requireMember({ fresh: true })],
  request: { params: MemberParamsSchema },
  errors: ['not_found', 'forbidden', 'conflict'],
  responses: { 204: { description: 'Removed' } },
});

export const registerRemoveMember = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { buildingId, role } = c.var.building;
    await removeMember(database(c.env.DB), cacheFor(c.env), buildingId, c.req.valid('param').userId, {
      id: c.var.user.id,
      role,
    });
    return c.body(null, 204);
  });
