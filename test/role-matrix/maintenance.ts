// Role-matrix rows of the maintenance routes: members open and read; managers move status; the opener edits.
import { type MatrixRow, MEMBERS } from './types';

const base = '/api/v2/buildings/{id}/maintenance-requests';

export const maintenanceRows: MatrixRow[] = [
  {
    route: `GET ${base}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/maintenance-requests`,
    allowed: MEMBERS,
    scope: 'building',
  },
  {
    route: `POST ${base}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/maintenance-requests`,
    body: () => ({ title: 'Broken light', description: 'The stairwell light on floor 2 is out.' }),
    allowed: MEMBERS,
    scope: 'building',
  },
  {
    route: `GET ${base}/{requestId}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/maintenance-requests/${f.maintenanceRequestId}`,
    allowed: MEMBERS,
    scope: 'building',
  },
  {
    // Editing the text is for the opener (the fixture's resident) only; managers and admins get 403.
    // Moving the status (managers only) is covered beside the route.
    route: `PATCH ${base}/{requestId}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/maintenance-requests/${f.maintenanceRequestId}`,
    body: () => ({ title: 'Leaking kitchen tap' }),
    allowed: ['resident'],
    scope: 'building',
  },
  {
    // A manager or the opener (the fixture's resident).
    route: `DELETE ${base}/{requestId}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/maintenance-requests/${f.maintenanceRequestId}`,
    allowed: MEMBERS,
    scope: 'building',
  },
];
