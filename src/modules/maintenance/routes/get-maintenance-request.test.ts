// GET /buildings/{id}/maintenance-requests/{requestId}: members read one; ETag and 304; other buildings' ids are 404.
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';

const path = (buildingId: string, requestId: string) =>
  `/api/v2/buildings/${buildingId}/maintenance-requests/${requestId}`;

describe('GET /api/v2/buildings/{id}/maintenance-requests/{requestId}', () => {
  it('answers a member with the request, its opener and an ETag', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId, f.maintenanceRequestId), {
      headers: f.manager.auth,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: f.maintenanceRequestId,
      buildingId: f.buildingId,
      title: 'Leaking tap',
      description: 'Kitchen, 3rd floor.',
      status: 'open',
      openedBy: { id: f.resident.id, name: 'Resident' },
      version: 1,
    });
    expect(res.headers.get('ETag')).toMatch(/^"1-[0-9a-f]{16}"$/);
  });

  it('answers 304 to a current If-None-Match and 200 after a change', async () => {
    const f = await buildingFixture();
    const url = path(f.buildingId, f.maintenanceRequestId);
    const tag = (await call(testApp(), url, { headers: f.resident.auth })).headers.get('ETag') ?? '';
    const same = await call(testApp(), url, { headers: { ...f.resident.auth, 'If-None-Match': tag } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    await call(testApp(), url, jsonBody('PATCH', { status: 'in_progress' }, f.manager.auth));
    const changed = await call(testApp(), url, { headers: { ...f.resident.auth, 'If-None-Match': tag } });
    expect(changed.status).toBe(200);
  });

  it('is 404 for another building’s request, a non-UUID id, and an outsider', async () => {
    const f = await buildingFixture();
    const other = await buildingFixture();
    const foreign = await call(testApp(), path(f.buildingId, other.maintenanceRequestId), {
      headers: f.manager.auth,
    });
    expect(foreign.status).toBe(404);
    expect((await problemOf(foreign)).code).toBe('not_found');
    expect((await call(testApp(), path(f.buildingId, 'x'), { headers: f.manager.auth })).status).toBe(404);
    const outsider = await call(testApp(), path(f.buildingId, f.maintenanceRequestId), {
      headers: f.outsider.auth,
    });
    expect(outsider.status).toBe(404);
  });
});
