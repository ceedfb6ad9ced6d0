// The OpenAPI 3.1 documents: top level (info, servers, security schemes, tags), built once per origin per isolate.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { edgeCache } from '../middleware/edge-cache';
import type { AppEnv } from '../platform/app-env';
import { v1Document } from './v1/document';

export const API_TITLE = 'Doorman API';
export const API_VERSION = '2.0.0';
const PUBLIC_DOCUMENT = 'public, max-age=300, stale-while-revalidate=3600';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

/** The document's top level; the paths and components come from the registered routes. */
export const openApiConfig = (origin: string) => ({
  openapi: '3.1.0',
  info: {
    title: API_TITLE,
    version: API_VERSION,
    description:
      'The edge backend of the Doorman building-community app. Every error is RFC 9457 ' +
      '`application/problem+json`; every response carries `X-Request-Id` and `Server-Timing`. ' +
      'The deprecated v1 API is described at `/api/v1/openapi.json`.',
  },
  servers: [{ url: origin }],
  tags: [
    { name: 'health', description: 'Liveness and readiness' },
    { name: 'auth', description: 'Accounts, tokens and the current user' },
    { name: 'buildings', description: 'Buildings, members and invites' },
    { name: 'announcements', description: 'Building announcements: managers write, members read' },
    { name: 'maintenance', description: 'Maintenance requests and their states' },
    {
      name: 'realtime',
      description:
        'WebSocket rooms, presence and the Server-Sent Events fallback; the message protocol is in docs/realtime.md',
    },
  ],
});

/**
 * Generating the document walks every schema (about 150 KiB of JSON): do it once per origin per isolate.
 * Routes are all registered before the first request, so a built document never goes stale.
 */
function memoized(build: (origin: string) => Document): (origin: string) => Document {
  const built = new Map<string, Document>();
  return (origin) => {
    let document = built.get(origin);
    if (!document) {
      document = build(origin);
      if (built.size >= 8) built.clear(); // a handful of hostnames at most; never unbounded
      built.set(origin, document);
    }
    return document;
  };
}

export function registerOpenApiDocuments(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Access token from `/api/v2/auth/login` (EdDSA, 15 minutes; keys at `/.well-known/jwks.json`).',
  });
  const v2 = memoized((origin) => app.getOpenAPI31Document(openApiConfig(origin)));
  const v1 = memoized((origin) => v1Document(v2(origin)));
  app.get('/openapi.json', edgeCache(), (c) => {
    c.header('Cache-Control', PUBLIC_DOCUMENT);
    return c.json(v2(new URL(c.req.url).origin));
  });
  app.get('/api/v1/openapi.json', edgeCache(), (c) => {
    c.header('Cache-Control', PUBLIC_DOCUMENT);
    return c.json(v1(new URL(c.req.url).origin));
  });
}
