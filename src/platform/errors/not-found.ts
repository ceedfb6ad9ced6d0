// 404 for unknown paths, or 405 with `Allow` when the path exists for other methods.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { problemResponse } from '../problem-response';
import { Problem } from '../problems';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const allowed = METHODS.filter((method) => {
    const [handlers] = app.router.match(method === 'HEAD' ? 'GET' : method, path);
    return handlers.some(([[, route]]) => route.method !== 'ALL');
  });
  return allowed.length > 0 ? [...allowed, 'OPTIONS'] : [];
}

export const notFoundHandler =
  (app: Hono<AppEnv>) =>
  (c: Context<AppEnv>): Response => {
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      return problemResponse(
        new Problem('method_not_allowed', {
          params: { method: c.req.method },
          headers: { Allow: allowed.join(', ') },
        }),
        c.req.path,
      );
    }
    return problemResponse(new Problem('not_found'), c.req.path);
  };
