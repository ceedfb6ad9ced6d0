// Route middleware for public answers identical for everyone: served from the Cache API of the data center.
import { waitUntil } from 'cloudflare:workers';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/app-env';
import { logger } from '../../platform/logger';

/** Cache API key: the URL without query or fragment, so `?utm=…` cannot fragment or poison the cache. */
const cacheKey = (url: string): Request => {
  const key = new URL(url);
  key.search = '';
  key.hash = '';
  return new Request(key.toString(), { method: 'GET' });
};

/**
 * Serves GETs from `caches.default` and stores 200 answers that say `Cache-Control: public`. Only for routes
 * whose answer depends on nothing but the path (no user, no language, no query): the JWKS, the OpenAPI
 * documents, static pages. The stored copy is the route's own answer; request IDs, timings and encodings
 * are added around it per request.
 */
export const edgeCache = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (c.req.method !== 'GET') return next();
  const key = cacheKey(c.req.url);
  const cache = caches.default;
  const metrics = c.var.requestContext.metrics;
  const hit = await cache.match(key);
  metrics.recordCache(hit !== undefined);
  if (hit) {
    c.res = new Response(hit.body, hit);
    return;
  }
  await next();
  if (c.res.status !== 200 || !/\bpublic\b/.test(c.res.headers.get('Cache-Control') ?? '')) return;
  // The answer does not wait for the copy to be stored.
  waitUntil(
    cache.put(key, c.res.clone()).catch((error: unknown) => logger.warn('edge cache put failed', { error })),
  );
};
