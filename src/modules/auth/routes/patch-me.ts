// PATCH /me: change the caller's name, locale or time zone.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { negotiateLanguage } from '../../../platform/i18n';
import { authenticate } from '../authenticate';
import { UpdateMeBodySchema, UserSchema } from '../schema';
import { toUser, updateUser } from '../service';

const route = defineRoute({
  method: 'patch',
  path: '/me',
  operationId: 'me.update',
  tags: ['auth'],
  summary: 'Update the current user',
  description: 'Only `name`, `locale` and `timeZone` can change here; any other property is refused (422).',
  security: bearerAuth,
  middleware: [authenticate()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: UpdateMeBodySchema } } } },
  responses: {
    200: { description: 'The updated user', content: { 'application/json': { schema: UserSchema } } },
  },
});

export const registerPatchMe = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const user = await updateUser(database(c.env.DB), c.var.user.id, c.req.valid('json'));
    // This answer already speaks the new language; tokens carry it from the next refresh on.
    c.var.requestContext.language = negotiateLanguage({
      query: c.req.query('lang'),
      userLocale: user.locale,
      acceptLanguage: c.req.header('Accept-Language'),
    });
    return c.json(toUser(user), 200);
  });
