// Maintenance requests as a building-scoped resource: their path, names and representation; the routes say the rest.
import { buildingScopedResource, type Scope } from '../buildings';
import { EXAMPLE, MaintenanceRequestSchema } from './schema';
import type { Actor } from './service';

export const maintenanceResource = buildingScopedResource({
  collection: 'maintenance-requests',
  itemParam: 'requestId',
  itemExample: EXAMPLE.id,
  tag: 'maintenance',
  operations: 'maintenanceRequests',
  noun: 'maintenance request',
  plural: 'maintenance requests',
  item: MaintenanceRequestSchema,
});

/** Who acts: admins act as managers (their standing comes from the building access check). */
export const actorOf = ({ user, building }: Scope): Actor => ({ id: user.id, role: building.role });
