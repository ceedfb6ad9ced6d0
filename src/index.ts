// The Worker's entry point: the only default export. The app is built on an isolate's first request, not at start-up.
import type { Bindings } from './env';

export { BuildingRoom } from '../durable-objects/building-room';
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
  // Queue consumers (queues/index.ts), loaded on the first batch like the app on the first request.
  async queue(batch, env) {
    const { queue } = await import('../queues');
    await queue(batch, env);
  },
  // wrangler.toml [triggers]: every minute the event sweep, hourly the purges (src/scheduled.ts).
  async scheduled(controller, env) {
    const { runScheduled } = await import('./scheduled');
    await runScheduled(controller.cron, env);
  },
} satisfies ExportedHandler<Bindings>;
