// POST /auth/logout: revokes the login the refresh token belongs to.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { cacheFor } from '../../../platform/cache';
import { database } from '../../../platform/database';
import { RefreshBodySchema } from '../schema';
import { endSession } from '../sessions';

const route = defineRoute({
  method: 'post',
  path: '/auth/logout',
  operationId: 'auth.logout',
  tags: ['auth'],
  summary: 'Log out',
  description:
    'Revokes every refresh token of this login. Always 204, also for an unknown token, so it reveals nothing. ' +
    'Its access tokens are refused from then on: at once by the server that handled the logout, within 5 s everywhere.',
  request: { body: { required: true, content: { 'application/json': { schema: RefreshBodySchema } } } },
  responses: { 204: { description: 'Logged out' } },
});

export const registerPostLogout = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    await endSession(database(c.env.DB), cacheFor(c.env), c.req.valid('json').refreshToken);
    return c.body(null, 204);
  });
