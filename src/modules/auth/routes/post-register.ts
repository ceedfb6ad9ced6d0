// POST /auth/register: a new account and its first login.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { withholdFromReplay } from '../../idempotency';
import { RegisterBodySchema, TokenPairSchema } from '../schema';
import { register, toUser } from '../service';
import { startSession } from '../sessions';
import { signingKeys } from '../signing-keys';

const route = defineRoute({
  method: 'post',
  path: '/auth/register',
  operationId: 'auth.register',
  tags: ['auth'],
  summary: 'Register',
  description:
    'Creates an account and logs it in. The password must have 12+ characters with upper and lower case, ' +
    'a digit and a symbol, and not be easy to guess: every unmet rule is one `errors[]` entry of a 422 ' +
    '`password_policy` (`too_short`, `missing_uppercase`, `missing_lowercase`, `missing_digit`, `missing_symbol`, `too_weak`).',
  request: { body: { required: true, content: { 'application/json': { schema: RegisterBodySchema } } } },
  errors: ['password_policy', 'email_taken'],
  responses: {
    201: {
      description: 'Registered and logged in',
      content: { 'application/json': { schema: TokenPairSchema } },
    },
  },
});

export const registerPostRegister = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const db = database(c.env.DB);
    const user = await register(db, c.req.valid('json'), c.var.requestContext.language);
    c.var.requestContext.userId = user.id;
    const tokens = await startSession(db, await signingKeys(c.var.config), user);
    c.header('Cache-Control', 'no-store');
    withholdFromReplay(c);
    c.header('Location', '/api/v2/me');
    return c.json({ user: toUser(user), ...tokens }, 201);
  });
