// The Worker's entry point: the only default export. The app is built on an isolate's first request, not at start-up.
import type { Bindings } from './env';

export { RateLimiter } from '../durable-objects/rate-limiter';

type App = ReturnType<typeof import('./app').createApp>;

// Every route's schemas, the OpenAPI registry and the ORM tables are built when their modules are evaluated: about
// nine tenths of `wrangler check startup`. The bundler keeps a dynamically imported module unevaluated until the
// import runs, so that work moves to the isolate's first request (docs/performance.md, "Start-up").
let app: Promise<App> | undefined;

function theApp(): Promise<App> {
  app ??= import('./app')
    .then(({ createApp }) => createApp())
    .catch((error: unknown) => {
      // Forget a failed build so the next request retries rather than failing for the isolate's lifetime.
      app = undefined;
      throw error;
    });
  return app;
}

export default {
  async fetch(request, env, ctx) {
    return (await theApp()).fetch(request, env, ctx);
  },
  // Hourly (wrangler.toml [triggers]): what is purged is ignored already; this only frees the space.
  async scheduled(_controller, env) {
    const [{ runPurges }, { logger }] = await Promise.all([
      import('./scheduled'),
      import('./platform/logger'),
    ]);
    logger.info('purged', { ...(await runPurges(env)) });
  },
} satisfies ExportedHandler<Bindings>;
