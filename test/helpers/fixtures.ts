// A building with one of everything, straight in the real local D1: fresh IDs each call.
import { env } from 'cloudflare:workers';
import { newId } from '../../src/platform/ids';
import { addMember, createUser, type TestUser } from './users';

export interface BuildingFixture {
  buildingId: string;
  announcementId: string;
  maintenanceRequestId: string;
  manager: TestUser;
  resident: TestUser;
  outsider: TestUser;
  admin: TestUser;
}

export async function insertBuilding(
  createdBy: string,
  overrides: { name?: string; currency?: string } = {},
): Promise<string> {
  const id = newId();
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO buildings (id, name, address_line1, city, country, time_zone, currency, monthly_dues, created_by, created_at, updated_at, version)
     VALUES (?1, ?2, '1 Herzl St', 'Tel Aviv', 'IL', 'Asia/Jerusalem', ?3, 45000, ?4, ?5, ?5, 1)`,
  )
    .bind(id, overrides.name ?? 'Fixture Tower', overrides.currency ?? 'ILS', createdBy, now)
    .run();
  return id;
}

export async function buildingFixture(): Promise<BuildingFixture> {
  const [manager, resident, outsider, admin] = await Promise.all([
    createUser({ name: 'Manager' }),
    createUser({ name: 'Resident' }),
    createUser({ name: 'Outsider' }),
    createUser({ name: 'Admin', isAdmin: true }),
  ]);
  const buildingId = await insertBuilding(manager.id);
  await addMember(buildingId, manager.id, 'manager');
  await addMember(buildingId, resident.id, 'resident');
  const now = Date.now();
  const announcementId = newId();
  const maintenanceRequestId = newId();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO announcements (id, building_id, author_id, title, body, created_at, updated_at, version)
       VALUES (?1, ?2, ?3, 'Water off Tuesday', 'From 9 to 11.', ?4, ?4, 1)`,
    ).bind(announcementId, buildingId, manager.id, now),
    env.DB.prepare(
      `INSERT INTO maintenance_requests (id, building_id, opened_by, title, description, status, created_at, updated_at, version)
       VALUES (?1, ?2, ?3, 'Leaking tap', 'Kitchen, 3rd floor.', 'open', ?4, ?4, 1)`,
    ).bind(maintenanceRequestId, buildingId, resident.id, now),
  ]);
  return { buildingId, announcementId, maintenanceRequestId, manager, resident, outsider, admin };
}
