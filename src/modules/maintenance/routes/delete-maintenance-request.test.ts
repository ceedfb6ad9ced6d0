// DELETE /buildings/{id}/maintenance-requests/{requestId}: a manager or the opener soft-deletes; other residents 403.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { buildingFixture } from '../../../../test/helpers/fixtures';
import { addMember, createUser } from '../../../../test/helpers/users';

const path = (buildingId: string, requestId: string) =>
  `/api/v2/buildings/${buildingId}/maintenance-requests/${requestId}`;

describe('DELETE /api/v2/buildings/{id}/maintenance-requests/{requestId}', () => {
  it('lets the opener delete: 204, gone from reads, tombstone kept with a new version', async () => {
    const f = await buildingFixture();
    const url = path(f.buildingId, f.maintenanceRequestId);
    const res = await call(testApp(), url, { method: 'DELETE', headers: f.resident.auth });
    expect(res.status).toBe(204);
    expect((await call(testApp(), url, { headers: f.manager.auth })).status).toBe(404);
    const list = await call(testApp(), `/api/v2/buildings/${f.buildingId}/maintenance-requests`, {
      headers: f.manager.auth,
    });
    expect(((await list.json()) as { data: unknown[] }).data).toEqual([]);
    expect((await call(testApp(), url, { method: 'DELETE', headers: f.manager.auth })).status).toBe(404);
    const row = await env.DB.prepare('SELECT deleted_at, version FROM maintenance_requests WHERE id = ?')
      .bind(f.maintenanceRequestId)
      .first<{ deleted_at: number | null; version: number }>();
    expect(row?.deleted_at).toBeTypeOf('number');
    expect(row?.version).toBe(2);
  });

  it('lets a manager delete anyone’s request', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId, f.maintenanceRequestId), {
      method: 'DELETE',
      headers: f.manager.auth,
    });
    expect(res.status).toBe(204);
  });

  it('is 403 for a resident who did not open it, 404 for an outsider or another building’s request', async () => {
    const f = await buildingFixture();
    const other = await buildingFixture();
    const neighbour = await createUser({ name: 'Neighbour' });
    await addMember(f.buildingId, neighbour.id, 'resident');
    const url = path(f.buildingId, f.maintenanceRequestId);
    const forbidden = await call(testApp(), url, { method: 'DELETE', headers: neighbour.auth });
    expect(forbidden.status).toBe(403);
    expect((await problemOf(forbidden)).code).toBe('forbidden');
    expect((await call(testApp(), url, { method: 'DELETE', headers: f.outsider.auth })).status).toBe(404);
    const foreign = await call(testApp(), path(f.buildingId, other.maintenanceRequestId), {
      method: 'DELETE',
      headers: f.manager.auth,
    });
    expect(foreign.status).toBe(404);
    expect((await call(testApp(), url, { headers: f.resident.auth })).status).toBe(200);
  });

  it('is 412 with a stale If-Match', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId, f.maintenanceRequestId), {
      method: 'DELETE',
      headers: { ...f.manager.auth, 'If-Match': '"9-0123456789abcdef"' },
    });
    expect(res.status).toBe(412);
  });
});
