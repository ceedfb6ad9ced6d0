// Role-matrix rows of the auth module: the current user's own routes need only a signed-in caller.
import { EVERYONE_SIGNED_IN, type MatrixRow } from './types';

export const authRows: MatrixRow[] = [
  { route: 'GET /api/v2/me', path: () => '/api/v2/me', allowed: EVERYONE_SIGNED_IN, scope: 'user' },
  {
    route: 'PATCH /api/v2/me',
    path: () => '/api/v2/me',
    body: () => ({ timeZone: 'Asia/Jerusalem' }),
    allowed: EVERYONE_SIGNED_IN,
    scope: 'user',
  },
  { route: 'GET /api/v1/me', path: () => '/api/v1/me', allowed: EVERYONE_SIGNED_IN, scope: 'user' },
];
