// /api/v1 is deprecated: every answer says so (RFC 9745 Deprecation, RFC 8594 Sunset, Link rel="deprecation"); after the sunset, 410.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/app-env';
import { Problem } from '../../platform/problems';

export const MIGRATION_GUIDE_PATH = '/docs/migrations/v1-to-v2';

export function deprecationHeaders(deprecatedAt: Date, sunset: Date): Record<string, string> {
  return {
    Deprecation: `@${Math.floor(deprecatedAt.getTime() / 1000)}`,
    Sunset: sunset.toUTCString(),
    Link: `<${MIGRATION_GUIDE_PATH}>; rel="deprecation"; type="text/html"`,
  };
}

export const deprecation = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const { API_V1_DEPRECATED_AT, API_V1_SUNSET } = c.var.config;
  const headers = deprecationHeaders(API_V1_DEPRECATED_AT, API_V1_SUNSET);
  if (Date.now() >= API_V1_SUNSET.getTime()) throw new Problem('api_version_sunset', { headers });
  await next();
  for (const [name, value] of Object.entries(headers)) {
    // A Link the route set (e.g. rel="next") is kept beside ours.
    if (name === 'Link' && c.res.headers.has('Link')) c.res.headers.append('Link', value);
    else c.res.headers.set(name, value);
  }
};
