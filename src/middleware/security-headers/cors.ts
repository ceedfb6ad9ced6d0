// CORS from configuration (CORS_ORIGINS): preflights answered here, allowed origins echoed, useful headers exposed.
import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import type { Config } from '../../env';
import type { AppEnv } from '../../platform/app-env';
import { editHeaders } from '../compression';
import { appendVary } from '../compression/negotiate';

/** Response headers a browser script may read beyond the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'ETag',
  'Link',
  'Location',
  'RateLimit',
  'RateLimit-Policy',
  'Retry-After',
  'Idempotent-Replayed',
  'Deprecation',
  'Sunset',
  'Server-Timing',
  'WWW-Authenticate',
  // tus resumable uploads (contract-files.md)
  'Tus-Resumable',
  'Tus-Version',
  'Tus-Extension',
  'Tus-Max-Size',
  'Upload-Offset',
  'Upload-Length',
  'Upload-Expires',
  'Doorman-File-Id',
];

/** Request headers a browser script may send beyond the CORS-safelisted ones. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-Match',
  'If-None-Match',
  'X-Request-Id',
  // RFC 9421 request signing (contract-security.md)
  'Signature',
  'Signature-Input',
  'Content-Digest',
  // tus resumable uploads
  'Tus-Resumable',
  'Upload-Length',
  'Upload-Metadata',
  'Upload-Offset',
];

/** Joined once per isolate rather than per request. */
const EXPOSED_HEADERS_VALUE = CORS_EXPOSED_HEADERS.join(',');

const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Browsers cap this anyway (Chromium at 2 h). */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

const isAllowed = (origins: readonly string[], origin: string): boolean =>
  origins.includes('*') || origins.includes(origin);

function honoCorsFor(origins: readonly string[]): MiddlewareHandler {
  return honoCors({
    // Credentials are bearer tokens, never cookies, so "*" needs no Allow-Credentials.
    origin: origins.includes('*') ? '*' : (origin) => (isAllowed(origins, origin) ? origin : null),
    allowMethods: ALLOWED_METHODS,
    allowHeaders: CORS_ALLOWED_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
}

/**
 * Allows the origins of `CORS_ORIGINS` (`*` only in development, checked in src/env.ts). A preflight
 * (OPTIONS with Origin and Access-Control-Request-Method) is answered 204 here, before rate limits, with
 * the allowed methods and headers when its origin is allowed and without any CORS header otherwise; any
 * other OPTIONS request (tus discovery) goes on to its route.
 */
export const cors = (): MiddlewareHandler<AppEnv> => {
  const byConfig = new WeakMap<Config, MiddlewareHandler>();
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const preflight =
      c.req.method === 'OPTIONS' &&
      origin !== undefined &&
      c.req.header('Access-Control-Request-Method') !== undefined;
    if (c.req.method === 'OPTIONS' && !preflight) return next();
    const config = c.var.config;
    if (preflight) {
      if (!isAllowed(config.CORS_ORIGINS, origin)) {
        c.header('Vary', 'Origin');
        return c.body(null, 204);
      }
      let handler = byConfig.get(config);
      if (!handler) {
        handler = honoCorsFor(config.CORS_ORIGINS);
        byConfig.set(config, handler);
      }
      return handler(c, next);
    }
    // An actual request: the same headers Hono's cors sets, added to the final answer. Set before `next` (as Hono
    // does), they would create a response early and make Hono copy every route's answer into a new one.
    await next();
    const anyOrigin = config.CORS_ORIGINS.includes('*');
    const allowOrigin = anyOrigin
      ? '*'
      : origin !== undefined && isAllowed(config.CORS_ORIGINS, origin)
        ? origin
        : undefined;
    editHeaders(c, (headers) => {
      if (allowOrigin !== undefined) headers.set('Access-Control-Allow-Origin', allowOrigin);
      headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS_VALUE);
      if (!anyOrigin) appendVary(headers, 'Origin');
    });
  };
};
