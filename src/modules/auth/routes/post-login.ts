// POST /auth/login: email and password for a token pair.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { withholdFromReplay } from '../../idempotency';
import { accountKey, admitAttempt, clearAttempts, FREE_ATTEMPTS, MAX_DELAY_SECONDS } from '../login-throttle';
import { LoginBodySchema, TokenPairSchema } from '../schema';
import { authenticateWithPassword, toUser } from '../service';
import { startSession } from '../sessions';
import { signingKeys } from '../signing-keys';

const route = defineRoute({
  method: 'post',
  path: '/auth/login',
  operationId: 'auth.login',
  tags: ['auth'],
  summary: 'Log in',
  description:
    'Answers 401 `invalid_credentials`, identically and in about the same time, for an unknown email and a wrong password. ' +
    `Each account (known or not) gets ${FREE_ATTEMPTS} attempts in a row; after that each unsuccessful one doubles the wait ` +
    `before the next (1 s, 2 s, 4 s … at most ${MAX_DELAY_SECONDS} s), whatever the client IP: an attempt during the wait is ` +
    '429 `rate_limited` with `Retry-After`. A successful login resets the count; an hour without attempts does too.',
  request: { body: { required: true, content: { 'application/json': { schema: LoginBodySchema } } } },
  errors: ['invalid_credentials'],
  responses: {
    200: { description: 'Logged in', content: { 'application/json': { schema: TokenPairSchema } } },
  },
});

export const registerPostLogin = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const db = database(c.env.DB);
    const { email, password } = c.req.valid('json');
    const key = await accountKey(c.var.config.FINGERPRINT_KEY, email);
    await admitAttempt(db, key);
    const user = await authenticateWithPassword(db, email, password);
    await clearAttempts(db, key);
    c.var.requestContext.userId = user.id;
    const tokens = await startSession(db, await signingKeys(c.var.config), user);
    c.header('Cache-Control', 'no-store');
    withholdFromReplay(c);
    return c.json({ user: toUser(user), ...tokens }, 200);
  });
