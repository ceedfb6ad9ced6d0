// POST /buildings/{id}/maintenance-requests: any member opens one (201 open, opened by the caller); strict bodies.
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';
import { versionOfTag } from '../../../platform/entity-tag';
import { UUID_PATTERN } from '../../../platform/ids';
import type { MaintenanceRequest } from '../schema';

const path = (buildingId: string) => `/api/v2/buildings/${buildingId}/maintenance-requests`;
const valid = { title: 'Broken light', description: 'The stairwell light on floor 2 is out.' };

describe('POST /api/v2/buildings/{id}/maintenance-requests', () => {
  it('opens a request for a resident: 201, status open, opened by the caller, Location and ETag', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId), jsonBody('POST', valid, f.resident.auth));
    expect(res.status).toBe(201);
    const body = (await res.json()) as MaintenanceRequest;
    expect(body).toMatchObject({
      buildingId: f.buildingId,
      ...valid,
      status: 'open',
      openedBy: { id: f.resident.id, name: 'Resident' },
      version: 1,
    });
    expect(body.id).toMatch(UUID_PATTERN);
    expect(body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(res.headers.get('Location')).toBe(`${path(f.buildingId)}/${body.id}`);
    expect(versionOfTag(res.headers.get('ETag') ?? '')).toBe(1);
    const fetched = await call(testApp(), res.headers.get('Location') ?? '', { headers: f.manager.auth });
    expect(await fetched.json()).toEqual(body);
  });

  it('lets managers open requests too', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId), jsonBody('POST', valid, f.manager.auth));
    expect(res.status).toBe(201);
    expect(((await res.json()) as MaintenanceRequest).openedBy.id).toBe(f.manager.id);
  });

  it('cannot be opened in a chosen status or on someone else’s behalf: unknown properties are 422', async () => {
    const f = await buildingFixture();
    const res = await call(
      testApp(),
      path(f.buildingId),
      jsonBody('POST', { ...valid, status: 'resolved', openedBy: f.manager.id }, f.resident.auth),
    );
    expect(res.status).toBe(422);
    const errors = (await problemOf(res)).errors as Array<{ path: string; code: string }>;
    expect(errors.map((e) => `${e.path}:${e.code}`).sort()).toEqual([
      'openedBy:unrecognized_keys',
      'status:unrecognized_keys',
    ]);
  });

  it('enforces the length bounds: title 1–200, description 1–5,000', async () => {
    const f = await buildingFixture();
    const post = (body: unknown) =>
      call(testApp(), path(f.buildingId), jsonBody('POST', body, f.resident.auth));
    const cases: Array<[unknown, string]> = [
      [{ description: valid.description }, 'title'],
      [{ title: '', description: valid.description }, 'title'],
      [{ title: 'x'.repeat(201), description: valid.description }, 'title'],
      [{ title: valid.title }, 'description'],
      [{ title: valid.title, description: 'x'.repeat(5_001) }, 'description'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status).toBe(422);
      expect(((await problemOf(res)).errors as Array<{ path: string }>).map((e) => e.path)).toEqual([field]);
    }
    expect((await post({ title: 'x'.repeat(200), description: 'y'.repeat(5_000) })).status).toBe(201);
  });

  it('is 404 for an outsider and 401 without a token', async () => {
    const f = await buildingFixture();
    expect((await call(testApp(), path(f.buildingId), jsonBody('POST', valid, f.outsider.auth))).status).toBe(
      404,
    );
    expect((await call(testApp(), path(f.buildingId), jsonBody('POST', valid))).status).toBe(401);
  });
});
