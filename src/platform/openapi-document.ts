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
  app.doc31(path, (c) => openApiConfig(c.req.url));
}

/** The document's top level; the paths and components come from the registered routes. */
export const openApiConfig = (requestUrl: string) => ({
  openapi: '3.1.0',
  info: {
    title: API_TITLE,
    version: API_VERSION,
    description:
      'The edge backend of the Doorman building-community app. Every error is RFC 9457 ' +
      '`application/problem+json`; every response carries `X-Request-Id` and `Server-Timing`. ' +
      'The deprecated v1 API is described at `/api/v1/openapi.json`.',
  },
  servers: [{ url: new URL(requestUrl).origin }],
  tags: [
    { name: 'health', description: 'Liveness and readiness' },
    { name: 'auth', description: 'Accounts, tokens and the current user' },
    { name: 'buildings', description: 'Buildings, members and invites' },
    { name: 'announcements', description: 'Building announcements: managers write, members read' },
    { name: 'maintenance', description: 'Maintenance requests and their states' },
  ],
});
