// Role-matrix rows of the buildings module: buildings, members, invites and joining.
import { env } from 'cloudflare:workers';
import { hashInviteCode, newInviteCode } from '../../src/modules/buildings/invites';
import { newId } from '../../src/platform/ids';
import { type BuildingFixture, insertBuilding } from '../helpers/fixtures';
import { EVERYONE_SIGNED_IN, MANAGERS, type MatrixRow, MEMBERS } from './types';

const building = (f: BuildingFixture) => `/api/v2/buildings/${f.buildingId}`;

/** A fresh invite to another building of the fixture's manager, so every caller (even a member) can join. */
async function inviteToAnotherBuilding(f: BuildingFixture): Promise<Record<string, string>> {
  const buildingId = await insertBuilding(f.manager.id, { name: 'Annex' });
  const code = newInviteCode();
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO invites (id, building_id, code_hash, role, expires_at, created_by, created_at, updated_at, version)
     VALUES (?1, ?2, ?3, 'resident', ?4, ?5, ?6, ?6, 1)`,
  )
    .bind(newId(), buildingId, await hashInviteCode(code), now + 3_600_000, f.manager.id, now)
    .run();
  return { code };
}

export const buildingRows: MatrixRow[] = [
  {
    route: 'POST /api/v2/buildings',
    path: () => '/api/v2/buildings',
    body: () => ({
      name: 'Matrix House',
      address: { line1: '1 Matrix Rd', city: 'Haifa', country: 'IL' },
      timeZone: 'Asia/Jerusalem',
      currency: 'ILS',
      monthlyDues: 30000,
    }),
    allowed: EVERYONE_SIGNED_IN,
    scope: 'user',
  },
  {
    route: 'GET /api/v2/buildings',
    path: () => '/api/v2/buildings',
    allowed: EVERYONE_SIGNED_IN,
    scope: 'user',
  },
  {
    route: 'POST /api/v2/buildings/join',
    setup: inviteToAnotherBuilding,
    path: () => '/api/v2/buildings/join',
    body: (_, { code }) => ({ code }),
    allowed: EVERYONE_SIGNED_IN,
    scope: 'user',
  },
  { route: 'GET /api/v2/buildings/{id}', path: building, allowed: MEMBERS, scope: 'building' },
  {
    route: 'PATCH /api/v2/buildings/{id}',
    path: building,
    body: () => ({ name: 'Renamed' }),
    allowed: MANAGERS,
    scope: 'building',
  },
  { route: 'DELETE /api/v2/buildings/{id}', path: building, allowed: MANAGERS, scope: 'building' },
  {
    route: 'GET /api/v2/buildings/{id}/members',
    path: (f) => `${building(f)}/members`,
    allowed: MEMBERS,
    scope: 'building',
  },
  {
    route: 'POST /api/v2/buildings/{id}/invites',
    path: (f) => `${building(f)}/invites`,
    body: () => ({ expiresInHours: 24 }),
    allowed: MANAGERS,
    scope: 'building',
  },
  {
    route: 'PATCH /api/v2/buildings/{id}/members/{userId}',
    path: (f) => `${building(f)}/members/${f.resident.id}`,
    body: () => ({ role: 'manager' }),
    allowed: MANAGERS,
    scope: 'building',
  },
  {
    // The target is the resident: the resident leaving is allowed like a manager removing them.
    route: 'DELETE /api/v2/buildings/{id}/members/{userId}',
    path: (f) => `${building(f)}/members/${f.resident.id}`,
    allowed: MEMBERS,
    scope: 'building',
  },
];
