// The route template a request matched (e.g. `/api/v2/buildings/:id`), for logs and metrics without IDs in them.
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

export const UNMATCHED_ROUTE = '(unmatched)';

/** The path of the last matched handler that is not a middleware; `(unmatched)` when only middleware matched. */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i -= 1) {
    const route = routes[i];
    if (route && route.method !== 'ALL') return route.path;
  }
  return UNMATCHED_ROUTE;
}
