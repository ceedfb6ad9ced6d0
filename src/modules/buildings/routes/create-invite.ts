// POST /buildings/{id}/invites: a manager makes a single-use invite code.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { authenticate } from '../../auth';
import { createInvite } from '../invites';
import { requireManager } from '../roles';
import { BuildingParamsSchema, CreateInviteSchema, DEFAULT_INVITE_HOURS, InviteSchema } from '../schema';

const route = defineRoute({
  method: 'post',
  path: '/buildings/{id}/invites',
  operationId: 'invites.create',
  tags: ['buildings'],
  summary: 'Create an invite code',
  description:
    `Managers only. The code is shown once (only its hash is kept), works once, and expires after ` +
    `${DEFAULT_INVITE_HOURS} hours unless \`expiresInHours\` says otherwise. The body is optional.`,
  security: bearerAuth,
  middleware: [authenticate(), requireManager({ fresh: true })],
  request: {
    params: BuildingParamsSchema,
    body: { required: false, content: { 'application/json': { schema: CreateInviteSchema } } },
  },
  errors: ['not_found', 'forbidden'],
  responses: {
    201: { description: 'The invite code', content: { 'application/json': { schema: InviteSchema } } },
  },
});

export const registerCreateInvite = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const invite = await createInvite(
      database(c.env.DB),
      c.var.building.buildingId,
      c.var.user.id,
      c.req.valid('json'),
    );
    return c.json({ code: invite.code, role: invite.role, expiresAt: invite.expiresAt.toISOString() }, 201);
  });
