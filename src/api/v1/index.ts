// The previous API (/api/v1): deprecated, and a thin translation of the v2 routes it had.
import type { Hono } from 'hono';
import { createRouter } from '../../http/openapi';
import type { AppEnv } from '../../platform/app-env';
import { deprecation } from './deprecation';
import { V1_ROUTES } from './routes';
import { translateToV2 } from './translate';

const toHonoPath = (path: string) => path.replaceAll(/\{(\w+)\}/g, ':$1');

export function v1Routes(): Hono<AppEnv> {
  const app = createRouter();
  app.use('*', deprecation());
  for (const route of V1_ROUTES) {
    app.on(
      route.methods,
      toHonoPath(route.path),
      translateToV2({ body: route.body, list: route.list ?? false }),
    );
  }
  return app;
}
