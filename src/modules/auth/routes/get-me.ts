// GET /me: the caller's own account.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { authenticate } from '../authenticate';
import { UserSchema } from '../schema';
import { findUser, toUser } from '../service';

const route = defineRoute({
  method: 'get',
  path: '/me',
  operationId: 'me.get',
  tags: ['auth'],
  summary: 'The current user',
  security: bearerAuth,
  middleware: [authenticate()] as const,
  responses: { 200: { description: 'The user', content: { 'application/json': { schema: UserSchema } } } },
});

export const registerGetMe = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => c.json(toUser(await findUser(database(c.env.DB), c.var.user.id)), 200));
