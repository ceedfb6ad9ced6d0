// Route middleware: requires a valid bearer access token and makes its user the request's user.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../../platform/app-env';
import { negotiateLanguage } from '../../../platform/i18n';
import { Problem } from '../../../platform/problems';
import { bearerToken } from './bearer';

export const unauthenticated = (error?: 'invalid_token') =>
  new Problem('unauthenticated', {
    headers: { 'WWW-Authenticate': error ? `Bearer error="${error}"` : 'Bearer' },
  });

export const authenticate = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const bearer = await bearerToken(c);
  if (bearer.status === 'missing') throw unauthenticated();
  if (bearer.status === 'invalid') throw unauthenticated('invalid_token');
  const { claims } = bearer;
  c.set('user', { id: claims.sub, sessionId: claims.sid, isAdmin: claims.admin });
  const context = c.var.requestContext;
  context.userId = claims.sub;
  // The user's own setting outranks Accept-Language (but not ?lang).
  context.language = negotiateLanguage({
    query: c.req.query('lang'),
    userLocale: claims.locale,
    acceptLanguage: c.req.header('Accept-Language'),
  });
  await next();
  // Answers to an authenticated caller hold personal data: never stored unless the route says otherwise.
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};
