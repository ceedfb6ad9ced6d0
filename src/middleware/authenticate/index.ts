// Route middleware: requires a valid bearer access token and makes its user the request's user.
import type { MiddlewareHandler } from 'hono';
import { signingKeys } from '../../modules/auth/signing-keys';
import { verifyAccessToken } from '../../modules/auth/tokens';
import type { AppEnv } from '../../platform/app-env';
import { negotiateLanguage } from '../../platform/i18n';
import { Problem } from '../../platform/problems';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

export const unauthenticated = (error?: 'invalid_token') =>
  new Problem('unauthenticated', {
    headers: { 'WWW-Authenticate': error ? `Bearer error="${error}"` : 'Bearer' },
  });

export const authenticate = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const match = BEARER.exec(c.req.header('Authorization') ?? '');
  if (!match?.[1]) throw unauthenticated();
  const ring = await signingKeys(c.var.config);
  const claims = await verifyAccessToken(ring, match[1]).catch(() => {
    throw unauthenticated('invalid_token');
  });
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
