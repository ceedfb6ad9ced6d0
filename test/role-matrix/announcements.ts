// Role-matrix rows of the announcements routes: managers (and admins) write, every member reads.
import { MANAGERS, type MatrixRow, MEMBERS } from './types';

const base = '/api/v2/buildings/{id}/announcements';

export const announcementRows: MatrixRow[] = [
  {
    route: `GET ${base}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/announcements`,
    allowed: MEMBERS,
    scope: 'building',
  },
  {
    route: `POST ${base}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/announcements`,
    body: () => ({ title: 'Lift service', body: 'The lift is serviced on Monday morning.' }),
    allowed: MANAGERS,
    scope: 'building',
  },
  {
    route: `GET ${base}/{announcementId}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/announcements/${f.announcementId}`,
    allowed: MEMBERS,
    scope: 'building',
  },
  {
    route: `PATCH ${base}/{announcementId}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/announcements/${f.announcementId}`,
    body: () => ({ title: 'Water off Wednesday' }),
    allowed: MANAGERS,
    scope: 'building',
  },
  {
    route: `DELETE ${base}/{announcementId}`,
    path: (f) => `/api/v2/buildings/${f.buildingId}/announcements/${f.announcementId}`,
    allowed: MANAGERS,
    scope: 'building',
  },
];
