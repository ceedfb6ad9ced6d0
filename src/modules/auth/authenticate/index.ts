// Route middleware: requires a valid bearer access token of a live session and makes its user the request's user.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../../platform/app-env';
import { negotiateLanguage } from '../../../platform/i18n';
import { UUID_PATTERN } from '../../../platform/ids';
import { Problem } from '../../../platform/problems';
import { sessionStandingCached } from '../session-standing';
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
  // We only sign UUIDs; anything else is refused before it can name a cache namespace.
  if (!UUID_PATTERN.test(claims.sub) || !UUID_PATTERN.test(claims.sid))
    throw unauthenticated('invalid_token');
  // A signature proves who, not that the login still stands: logout, reuse detection and password changes
  // revoke the session, and the admin flag is D1's, not the claim's. Cached, so a warm request reads no D1.
  const standing = await sessionStandingCached(c.env, claims.sub, claims.sid);
  if (!standing.active) throw unauthenticated('invalid_token');
  c.set('user', { id: claims.sub, sessionId: claims.sid, isAdmin: standing.isAdmin });
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
