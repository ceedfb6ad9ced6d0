// PATCH /buildings/{id}/maintenance-requests/{requestId}: who may change what, the status machine, races, If-Match.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { type BuildingFixture, buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';
import { addMember, createUser, type TestUser } from '../../../../test/helpers/users';
import { versionOfTag } from '../../../platform/entity-tag';
import type { MaintenanceRequest } from '../schema';

const path = (f: BuildingFixture, requestId = f.maintenanceRequestId) =>
  `/api/v2/buildings/${f.buildingId}/maintenance-requests/${requestId}`;

const patch = (f: BuildingFixture, body: unknown, by: TestUser, headers: Record<string, string> = {}) =>
  call(testApp(), path(f), jsonBody('PATCH', body, { ...by.auth, ...headers }));

async function current(f: BuildingFixture): Promise<MaintenanceRequest> {
  return (await (await call(testApp(), path(f), { headers: f.manager.auth })).json()) as MaintenanceRequest;
}

describe('PATCH /api/v2/buildings/{id}/maintenance-requests/{requestId}: status', () => {
  it('lets a manager walk open → in_progress → resolved, bumping version and updatedAt each time', async () => {
    const f = await buildingFixture();
    const before = await current(f);
    const started = await patch(f, { status: 'in_progress' }, f.manager);
    expect(started.status).toBe(200);
    const startedBody = (await started.json()) as MaintenanceRequest;
    expect(startedBody).toMatchObject({ status: 'in_progress', version: 2, title: before.title });
    expect(startedBody.openedBy).toEqual({ id: f.resident.id, name: 'Resident' });
    expect(Date.parse(startedBody.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect(versionOfTag(started.headers.get('ETag') ?? '')).toBe(2);
    const resolved = await patch(f, { status: 'resolved' }, f.admin);
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ status: 'resolved', version: 3 });
  });

  it('refuses any other move with 409 invalid_transition naming from and to', async () => {
    const f = await buildingFixture();
    const skip = await patch(f, { status: 'resolved' }, f.manager);
    expect(skip.status).toBe(409);
    const problem = await problemOf(skip);
    expect(problem).toMatchObject({ code: 'invalid_transition', from: 'open', to: 'resolved' });
    expect(typeof problem.detail).toBe('string');

    const same = await patch(f, { status: 'open' }, f.manager);
    expect(same.status).toBe(409);
    expect(await problemOf(same)).toMatchObject({ code: 'invalid_transition', from: 'open', to: 'open' });

    expect((await patch(f, { status: 'rejected' }, f.manager)).status).toBe(200);
    const reopen = await patch(f, { status: 'open' }, f.manager);
    expect(await problemOf(reopen)).toMatchObject({
      code: 'invalid_transition',
      from: 'rejected',
      to: 'open',
    });
    expect((await current(f)).version).toBe(2);
  });

  it('is 403 for a resident changing the status, even of their own request', async () => {
    const f = await buildingFixture();
    const res = await patch(f, { status: 'rejected' }, f.resident);
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe('forbidden');
    expect((await current(f)).status).toBe('open');
  });

  // Two managers with the same path through the middleware, so their reads and writes interleave in workerd.
  async function twoManagers(f: BuildingFixture): Promise<[TestUser, TestUser]> {
    const second = await createUser({ name: 'Second manager' });
    await addMember(f.buildingId, second.id, 'manager');
    return [f.manager, second];
  }

  it('applies exactly one of two racing moves from open (in_progress vs rejected)', async () => {
    const f = await buildingFixture();
    const [first, second] = await twoManagers(f);
    const [a, b] = await Promise.all([
      patch(f, { status: 'in_progress' }, first),
      patch(f, { status: 'rejected' }, second),
    ]);
    const statuses = [a?.status, b?.status];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    const loser = (statuses[0] === 409 ? a : b) as Response;
    expect(['conflict', 'invalid_transition']).toContain((await problemOf(loser)).code);
    const winner = statuses[0] === 200 ? 'in_progress' : 'rejected';
    expect(await current(f)).toMatchObject({ status: winner, version: 2 });
  });

  it('applies exactly one of two racing identical moves', async () => {
    const f = await buildingFixture();
    const [first, second] = await twoManagers(f);
    const responses = await Promise.all([
      patch(f, { status: 'in_progress' }, first),
      patch(f, { status: 'in_progress' }, second),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await current(f)).toMatchObject({ status: 'in_progress', version: 2 });
  });

  it('applies exactly one of two racing moves sent with the same If-Match; the other is 412', async () => {
    const f = await buildingFixture();
    const tag = (await call(testApp(), path(f), { headers: f.manager.auth })).headers.get('ETag') ?? '';
    const [a, b] = await Promise.all([
      patch(f, { status: 'in_progress' }, f.manager, { 'If-Match': tag }),
      patch(f, { status: 'rejected' }, f.admin, { 'If-Match': tag }),
    ]);
    expect([a?.status, b?.status].sort()).toEqual([200, 412]);
    const winner = a?.status === 200 ? 'in_progress' : 'rejected';
    expect(await current(f)).toMatchObject({ status: winner, version: 2 });
  });

  it('is 412 with a stale If-Match and applies with the current one', async () => {
    const f = await buildingFixture();
    const tag = (await call(testApp(), path(f), { headers: f.manager.auth })).headers.get('ETag') ?? '';
    await env.DB.prepare('UPDATE maintenance_requests SET version = version + 1 WHERE id = ?')
      .bind(f.maintenanceRequestId)
      .run();
    const stale = await patch(f, { status: 'in_progress' }, f.manager, { 'If-Match': tag });
    expect(stale.status).toBe(412);
    expect((await current(f)).status).toBe('open');
    const fresh = (await call(testApp(), path(f), { headers: f.manager.auth })).headers.get('ETag') ?? '';
    expect((await patch(f, { status: 'in_progress' }, f.manager, { 'If-Match': fresh })).status).toBe(200);
  });
});

describe('PATCH /api/v2/buildings/{id}/maintenance-requests/{requestId}: title and description', () => {
  it('lets the opener edit while the request is open', async () => {
    const f = await buildingFixture();
    const res = await patch(f, { title: 'Leaking kitchen tap', description: 'Drips all night.' }, f.resident);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      title: 'Leaking kitchen tap',
      description: 'Drips all night.',
      status: 'open',
      version: 2,
    });
  });

  it('refuses edits once work has started (409 conflict)', async () => {
    const f = await buildingFixture();
    await patch(f, { status: 'in_progress' }, f.manager);
    const res = await patch(f, { title: 'Too late' }, f.resident);
    expect(res.status).toBe(409);
    expect((await problemOf(res)).code).toBe('conflict');
  });

  it('is 403 for a resident editing someone else’s request, and for a manager editing a resident’s words', async () => {
    const f = await buildingFixture();
    const neighbour = await createUser({ name: 'Neighbour' });
    await addMember(f.buildingId, neighbour.id, 'resident');
    const res = await patch(f, { title: 'Mine now' }, neighbour);
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe('forbidden');
    expect((await patch(f, { description: 'Edited' }, f.manager)).status).toBe(403);
    expect((await current(f)).version).toBe(1);
  });

  it('lets a manager who opened a request edit it and move it in one change', async () => {
    const f = await buildingFixture();
    const created = await call(
      testApp(),
      `/api/v2/buildings/${f.buildingId}/maintenance-requests`,
      jsonBody('POST', { title: 'Roof', description: 'Check the roof.' }, f.manager.auth),
    );
    const { id } = (await created.json()) as MaintenanceRequest;
    const res = await call(
      testApp(),
      path(f, id),
      jsonBody('PATCH', { title: 'Roof leak', status: 'in_progress' }, f.manager.auth),
    );
    expect(await res.json()).toMatchObject({ title: 'Roof leak', status: 'in_progress', version: 2 });
  });
});

describe('PATCH /api/v2/buildings/{id}/maintenance-requests/{requestId}: input and visibility', () => {
  it('refuses unknown properties with 422 and their path, an empty change, and a status that does not exist', async () => {
    const f = await buildingFixture();
    const unknown = await patch(f, { title: 'x', openedBy: f.manager.id }, f.resident);
    expect(unknown.status).toBe(422);
    expect(((await problemOf(unknown)).errors as Array<{ path: string; code: string }>)[0]).toMatchObject({
      path: 'openedBy',
      code: 'unrecognized_keys',
    });
    expect((await patch(f, {}, f.manager)).status).toBe(422);
    const closed = await patch(f, { status: 'closed' }, f.manager);
    expect(closed.status).toBe(422);
    expect(((await problemOf(closed)).errors as Array<{ path: string }>)[0]?.path).toBe('status');
  });

  it('is 404 for an outsider and for another building’s request', async () => {
    const f = await buildingFixture();
    const other = await buildingFixture();
    expect((await patch(f, { status: 'in_progress' }, f.outsider)).status).toBe(404);
    const foreign = await call(
      testApp(),
      path(f, other.maintenanceRequestId),
      jsonBody('PATCH', { status: 'in_progress' }, f.manager.auth),
    );
    expect(foreign.status).toBe(404);
    expect((await current(other)).status).toBe('open');
  });
});
