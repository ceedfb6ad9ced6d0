// Buildings module: buildings, their members, invites and joining, mounted under /api/v2; other modules reach
// it here: requireMember()/requireManager() guard building-scoped routes and set `c.var.building`; the access
// helpers answer the same question for a building named elsewhere (a body, a query, a ticket).
import { createRouter } from '../../http/openapi';
import { registerCreateBuilding } from './routes/create-building';
import { registerCreateInvite } from './routes/create-invite';
import { registerDeleteBuilding } from './routes/delete-building';
import { registerGetBuilding } from './routes/get-building';
import { registerJoinBuilding } from './routes/join-building';
import { registerListBuildings } from './routes/list-buildings';
import { registerListMembers } from './routes/list-members';
import { registerRemoveMember } from './routes/remove-member';
import { registerUpdateBuilding } from './routes/update-building';
import { registerUpdateMember } from './routes/update-member';

export { buildingAccessCached, loadBuildingAccessFresh } from './access';
export { type BuildingAccess, requireAdmin, requireManager, requireMember } from './roles';
export { buildingScopedResource, type Scope, type ScopedResourceNames } from './scoped-resource';

export function buildingRoutes() {
  const app = createRouter();
  // Before the `{id}` routes, so `join` is never read as a building ID.
  registerJoinBuilding(app);
  registerCreateBuilding(app);
  registerListBuildings(app);
  registerGetBuilding(app);
  registerUpdateBuilding(app);
  registerDeleteBuilding(app);
  registerListMembers(app);
  registerUpdateMember(app);
  registerRemoveMember(app);
  registerCreateInvite(app);
  return app;
}
