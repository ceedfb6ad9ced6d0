// Maintenance module: members open and read requests; managers move them through the status machine.
import { createRouter } from '../../http/openapi';
import { registerDeleteMaintenanceRequest } from './routes/delete-maintenance-request';
import { registerGetMaintenanceRequest } from './routes/get-maintenance-request';
import { registerListMaintenanceRequests } from './routes/list-maintenance-requests';
import { registerPatchMaintenanceRequest } from './routes/patch-maintenance-request';
import { registerPostMaintenanceRequest } from './routes/post-maintenance-request';

export function maintenanceRoutes() {
  const app = createRouter();
  registerListMaintenanceRequests(app);
  registerPostMaintenanceRequest(app);
  registerGetMaintenanceRequest(app);
  registerPatchMaintenanceRequest(app);
  registerDeleteMaintenanceRequest(app);
  return app;
}
