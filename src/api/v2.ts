// The current API (/api/v2): every module's routes, mounted in one place.
import { createRouter } from '../platform/openapi';

export function v2Routes() {
  const api = createRouter();
  return api;
}
