// Every route against every caller (anonymous, outsider, resident, manager, admin): allowed or refused as listed.
// A new route joins by adding a row to its module's file under test/role-matrix/.
import { describe, expect, it } from 'vitest';
import { call, testApp } from './helpers/app';
import { type BuildingFixture, buildingFixture } from './helpers/fixtures';
import { jsonBody } from './helpers/json';
import { announcementRows } from './role-matrix/announcements';
import { authRows } from './role-matrix/auth';
import { buildingRows } from './role-matrix/buildings';
import { maintenanceRows } from './role-matrix/maintenance';
import { type MatrixRow, ROLES, type Role } from './role-matrix/types';

const rows: MatrixRow[] = [...authRows, ...buildingRows, ...announcementRows, ...maintenanceRows];

function headersFor(role: Role, f: BuildingFixture): Record<string, string> {
  if (role === 'anonymous') return {};
  const user = { outsider: f.outsider, resident: f.resident, manager: f.manager, admin: f.admin }[role];
  return user.auth;
}

function expectedRefusal(row: MatrixRow, role: Role): number {
  if (role === 'anonymous') return 401;
  if (row.scope === 'building' && role === 'outsider') return 404;
  return 403;
}

describe('role matrix', () => {
  it('lists routes', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  for (const row of rows) {
    for (const role of ROLES) {
      const allowed = row.allowed.includes(role);
      it(`${row.route} as ${role} is ${allowed ? 'allowed' : 'refused'}`, async () => {
        const f = await buildingFixture();
        const [method = 'GET'] = row.route.split(' ');
        const headers = headersFor(role, f);
        const extra = (await row.setup?.(f)) ?? {};
        const init = row.body ? jsonBody(method, row.body(f, extra), headers) : { method, headers };
        const res = await call(testApp(), row.path(f, extra), init);
        if (allowed) expect(res.status, await res.clone().text()).toBeLessThan(300);
        else expect(res.status, await res.clone().text()).toBe(expectedRefusal(row, role));
      });
    }
  }
});
