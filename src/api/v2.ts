// The current API (/api/v2): every module's routes, mounted in one place.
import { authRoutes } from '../modules/auth';
import { createRouter } from '../platform/openapi';

export function v2Routes() {
  const api = createRouter();
  api.route('/', authRoutes());
  return api;
}
