// /docs: the browsable API reference (Scalar), its script served from this Worker's static assets, never a CDN.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { AppEnv } from '../platform/app-env';
import { Problem } from '../platform/problems';

/** Where the pinned @scalar/api-reference bundle is served (public/, copied by scripts/copy-docs-assets.mjs). */
export const REFERENCE_SCRIPT_PATH = '/docs/assets/scalar-api-reference.js';

export function registerApiReference(app: OpenAPIHono<AppEnv>): void {
  app.get(
    '/docs',
    Scalar({
      url: '/openapi.json',
      pageTitle: 'Doorman API reference',
      // A path on this origin selects the single-file bundle (no chunks fetched from elsewhere).
      cdn: REFERENCE_SCRIPT_PATH,
      // The default fonts come from fonts.scalar.com; the system's fonts keep the page working offline.
      withDefaultFonts: false,
    }),
  );
  // The asset router answers these before the Worker runs; this route serves the same files when a request
  // reaches the Worker anyway (tests, or a route configured to run the Worker first).
  app.get('/docs/assets/*', async (c) => {
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    if (asset.status === 404) throw new Problem('not_found');
    return asset;
  });
}
