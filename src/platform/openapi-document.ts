// The OpenAPI 3.1 document's top level: info, servers, security schemes and tags.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env';

export const API_TITLE = 'Doorman API';
export const API_VERSION = '2.0.0';

export function registerOpenApiDocument(app: OpenAPIHono<AppEnv>, path: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Access token from `/api/v2/auth/login` (EdDSA, 15 minutes; keys at `/.well-known/jwks.json`).',
  });
  app.doc31(path, (c) => ({
    openapi: '3.1.0',
    info: {
      title: API_TITLE,
      version: API_VERSION,
      description:
        'The edge backend of the Doorman building-community app. Every error is RFC 9457 ' +
        '`application/problem+json`; every response carries `X-Request-Id` and `Server-Timing`.',
    },
    servers: [{ url: new URL(c.req.url).origin }],
    tags: [{ name: 'health', description: 'Liveness and readiness' }],
  }));
}
