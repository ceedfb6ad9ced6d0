// GET /.well-known/jwks.json: the public keys that verify access tokens (several during a rotation).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { defineRoute } from '../../../http/openapi';
import { edgeCache } from '../../../middleware/edge-cache';
import type { AppEnv } from '../../../platform/app-env';
import { JwksSchema } from '../schema';
import { signingKeys } from '../signing-keys';
import { JWKS_CACHE_CONTROL, jwksDocument } from '../tokens';

const route = defineRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  operationId: 'auth.jwks',
  tags: ['auth'],
  summary: 'Token verification keys',
  middleware: [edgeCache()] as const,
  description: `Public JWKs of every key in the ring. \`Cache-Control: ${JWKS_CACHE_CONTROL}\`.`,
  responses: {
    200: {
      description: 'JSON Web Key Set (RFC 7517)',
      content: { 'application/json': { schema: JwksSchema } },
    },
  },
});

export const registerGetJwks = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    c.header('Cache-Control', JWKS_CACHE_CONTROL);
    return c.json(jwksDocument(await signingKeys(c.var.config)), 200);
  });
