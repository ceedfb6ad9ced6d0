// POST /auth/refresh: spends a refresh token for a new pair; reuse of a spent one revokes the whole login.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { cacheFor } from '../../../platform/cache';
import { database } from '../../../platform/database';
import { withholdFromReplay } from '../../idempotency';
import { RefreshBodySchema, TokenPairSchema } from '../schema';
import { toUser } from '../service';
import { rotateRefreshToken } from '../sessions';
import { signingKeys } from '../signing-keys';

const route = defineRoute({
  method: 'post',
  path: '/auth/refresh',
  operationId: 'auth.refresh',
  tags: ['auth'],
  summary: 'Refresh tokens',
  description:
    'Refresh tokens are single use. Presenting one that was already used answers 401 `refresh_token_reused` ' +
    'and revokes the whole login (its refresh tokens at once, its access tokens within 5 s); an unknown, expired ' +
    'or revoked one is 401 `invalid_refresh_token`. Of concurrent refreshes with one token at most one succeeds, ' +
    'and then the login is revoked as reuse. Answers carry tokens, so an `Idempotency-Key` replay has no body.',
  request: { body: { required: true, content: { 'application/json': { schema: RefreshBodySchema } } } },
  errors: ['invalid_refresh_token', 'refresh_token_reused'],
  responses: {
    200: { description: 'A new token pair', content: { 'application/json': { schema: TokenPairSchema } } },
  },
});

export const registerPostRefresh = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const db = database(c.env.DB);
    const { user, tokens } = await rotateRefreshToken(
      db,
      cacheFor(c.env),
      await signingKeys(c.var.config),
      c.req.valid('json').refreshToken,
    );
    c.var.requestContext.userId = user.id;
    c.header('Cache-Control', 'no-store');
    withholdFromReplay(c);
    return c.json({ user: toUser(user), ...tokens }, 200);
  });
