// The current API (/api/v2): every module's routes, mounted in one place.

import { createRouter } from '../http/openapi';
import { announcementRoutes } from '../modules/announcements';
import { authRoutes } from '../modules/auth';
import { buildingRoutes } from '../modules/buildings';
import { maintenanceRoutes } from '../modules/maintenance';
import { realtimeRoutes } from '../modules/realtime';
import { webhookRoutes } from '../modules/webhooks';

export function v2Routes() {
  const api = createRouter();
  api.route('/', authRoutes());
  api.route('/', buildingRoutes());
  api.route('/', announcementRoutes());
  api.route('/', maintenanceRoutes());
  api.route('/', webhookRoutes());
  api.route('/', realtimeRoutes());
  return api;
}
