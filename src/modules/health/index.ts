// Health module: liveness and readiness, mounted at the root (outside the versioned API).
import { createRouter } from '../../http/openapi';
import { registerGetHealth } from './routes/get-health';
import { registerGetReadiness } from './routes/get-readiness';

export function healthRoutes() {
  const app = createRouter();
  registerGetHealth(app);
  registerGetReadiness(app);
  return app;
}
