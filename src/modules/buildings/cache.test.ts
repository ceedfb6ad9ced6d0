// Cached building reads: zero D1 queries when warm, and every write that changes them is seen by the next read.
import { describe, expect, it } from 'vitest';
import { call, testApp } from '../../../test/helpers/app';
import { buildingFixture } from '../../../test/helpers/fixtures';
import { jsonBody } from '../../../test/helpers/json';
import { createUser } from '../../../test/helpers/users';

const app = testApp();
const dbQueries = (res: Response): number =>
  Number(/desc="(\d+) quer/.exec(res.headers.get('Server-Timing') ?? '')?.[1] ?? 0);
const get = (buildingId: string, auth: Record<string, string>) =>
  call(app, `/api/v2/buildings/${buildingId}`, { headers: auth });

describe('cached building reads (7.1, 7.2)', () => {
  it('a warm authenticated building GET makes zero D1 queries (roles included)', async () => {
    const f = await buildingFixture();
    const cold = await get(f.buildingId, f.resident.auth);
    expect(cold.status).toBe(200);
    expect(dbQueries(cold)).toBeGreaterThan(0);
    const warm = await get(f.buildingId, f.resident.auth);
    expect(warm.status).toBe(200);
    expect(dbQueries(warm)).toBe(0);
    // Two hits: the caller's session standing (revocation check) and their access to the building.
    expect(warm.headers.get('Server-Timing')).toContain('cache;desc="2 hit 0 miss"');
  });

  it('PATCH then GET sees the change at once', async () => {
    const f = await buildingFixture();
    await get(f.buildingId, f.resident.auth);
    const patch = await call(
      app,
      `/api/v2/buildings/${f.buildingId}`,
      jsonBody('PATCH', { name: 'Renamed Tower' }, f.manager.auth),
    );
    expect(patch.status).toBe(200);
    expect(((await (await get(f.buildingId, f.resident.auth)).json()) as { name: string }).name).toBe(
      'Renamed Tower',
    );
  });

  it('DELETE then GET is 404 at once', async () => {
    const f = await buildingFixture();
    await get(f.buildingId, f.resident.auth);
    expect(
      (await call(app, `/api/v2/buildings/${f.buildingId}`, { method: 'DELETE', headers: f.manager.auth }))
        .status,
    ).toBe(204);
    expect((await get(f.buildingId, f.resident.auth)).status).toBe(404);
  });

  it('joining with an invite replaces the cached "not a member" answer', async () => {
    const f = await buildingFixture();
    const joiner = await createUser();
    expect((await get(f.buildingId, joiner.auth)).status).toBe(404);
    const invite = await call(
      app,
      `/api/v2/buildings/${f.buildingId}/invites`,
      jsonBody('POST', {}, f.manager.auth),
    );
    const { code } = (await invite.json()) as { code: string };
    expect((await call(app, '/api/v2/buildings/join', jsonBody('POST', { code }, joiner.auth))).status).toBe(
      200,
    );
    expect((await get(f.buildingId, joiner.auth)).status).toBe(200);
  });

  it('a role change and a removal are seen by the next request', async () => {
    const f = await buildingFixture();
    const members = `/api/v2/buildings/${f.buildingId}/members/${f.resident.id}`;
    await get(f.buildingId, f.resident.auth);
    expect((await call(app, members, jsonBody('PATCH', { role: 'manager' }, f.manager.auth))).status).toBe(
      200,
    );
    const promoted = (await (await get(f.buildingId, f.resident.auth)).json()) as { myRole: string };
    expect(promoted.myRole).toBe('manager');
    expect((await call(app, members, { method: 'DELETE', headers: f.manager.auth })).status).toBe(204);
    expect((await get(f.buildingId, f.resident.auth)).status).toBe(404);
  });
});
