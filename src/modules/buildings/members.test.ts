// Members, invites and joining over HTTP against the real local D1, races and the last-manager rule included.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { type BuildingFixture, buildingFixture } from '../../../test/helpers/fixtures';
import { jsonBody } from '../../../test/helpers/json';
import { createUser, type TestUser } from '../../../test/helpers/users';
import { hashInviteCode, newInviteCode, normalizeInviteCode } from './invites';
import type { Building, Member } from './schema';

const membersPath = (f: BuildingFixture, userId?: string) =>
  `/api/v2/buildings/${f.buildingId}/members${userId === undefined ? '' : `/${userId}`}`;

async function invite(
  f: BuildingFixture,
  body?: unknown,
  by: TestUser = f.manager,
): Promise<{ code: string; expiresAt: string; role: string }> {
  const path = `/api/v2/buildings/${f.buildingId}/invites`;
  const res = await call(
    testApp(),
    path,
    body === undefined ? { method: 'POST', headers: by.auth } : jsonBody('POST', body, by.auth),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { code: string; expiresAt: string; role: string };
}

const join = (user: TestUser, code: string, query = '') =>
  call(testApp(), `/api/v2/buildings/join${query}`, jsonBody('POST', { code }, user.auth));

const remove = (f: BuildingFixture, userId: string, by: TestUser) =>
  call(testApp(), membersPath(f, userId), { method: 'DELETE', headers: by.auth });

const changeRole = (f: BuildingFixture, userId: string, role: string, by: TestUser) =>
  call(testApp(), membersPath(f, userId), jsonBody('PATCH', { role }, by.auth));

async function members(f: BuildingFixture, by: TestUser = f.manager): Promise<Member[]> {
  const res = await call(testApp(), membersPath(f), { headers: by.auth });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Member[] }).data;
}

describe('GET /api/v2/buildings/{id}/members', () => {
  it('lists names and roles to any member, without emails', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), membersPath(f), { headers: f.resident.auth });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('@example.test');
    const body = JSON.parse(text) as { data: Member[]; page: { nextCursor: string | null } };
    expect(body.data).toEqual(
      [
        { userId: f.manager.id, name: 'Manager', role: 'manager', joinedAt: expect.any(String) },
        { userId: f.resident.id, name: 'Resident', role: 'resident', joinedAt: expect.any(String) },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    expect(body.page.nextCursor).toBeNull();
  });

  it('pages with a cursor bound to the building', async () => {
    const f = await buildingFixture();
    const first = await call(testApp(), `${membersPath(f)}?limit=1`, { headers: f.manager.auth });
    const page = (await first.json()) as { data: Member[]; page: { nextCursor: string } };
    expect(page.data).toHaveLength(1);
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('Link') ?? '')?.[1] ?? '';
    const second = (await (await call(testApp(), next, { headers: f.manager.auth })).json()) as {
      data: Member[];
    };
    expect(second.data).toHaveLength(1);
    expect(second.data[0]?.userId).not.toBe(page.data[0]?.userId);

    const other = await buildingFixture();
    const foreign = await call(
      testApp(),
      `${membersPath(other)}?cursor=${encodeURIComponent(page.page.nextCursor)}`,
      {
        headers: other.manager.auth,
      },
    );
    expect(foreign.status).toBe(400);
    expect((await problemOf(foreign)).code).toBe('invalid_cursor');
  });

  it('is 404 for an outsider', async () => {
    const f = await buildingFixture();
    expect((await call(testApp(), membersPath(f), { headers: f.outsider.auth })).status).toBe(404);
  });
});

describe('invites and joining', () => {
  it('a manager invites, an outsider joins as a resident and sees the building', async () => {
    const f = await buildingFixture();
    const before = Date.now();
    const { code, expiresAt, role } = await invite(f);
    expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{10}$/);
    expect(role).toBe('resident');
    const expiry = Date.parse(expiresAt);
    expect(expiry).toBeGreaterThanOrEqual(before + 7 * 24 * 3_600_000);
    expect(expiry).toBeLessThan(Date.now() + 7 * 24 * 3_600_000 + 1000);
    const stored = await env.DB.prepare('SELECT code_hash FROM invites WHERE building_id = ?1')
      .bind(f.buildingId)
      .first<{ code_hash: string }>();
    expect(stored?.code_hash).toBe(await hashInviteCode(code));
    expect(stored?.code_hash).not.toContain(code);

    const res = await join(f.outsider, code, '?lang=he');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Language')).toBe('he');
    const building = (await res.json()) as Building;
    expect(building).toMatchObject({ id: f.buildingId, myRole: 'resident' });
    expect((await members(f)).find((m) => m.userId === f.outsider.id)?.role).toBe('resident');
    expect(
      (await call(testApp(), `/api/v2/buildings/${f.buildingId}`, { headers: f.outsider.auth })).status,
    ).toBe(200);
  });

  it('an invite may grant the manager role and expire sooner; codes are read case- and dash-blind', async () => {
    const f = await buildingFixture();
    const before = Date.now();
    const { code, expiresAt } = await invite(f, { role: 'manager', expiresInHours: 2 });
    expect(Date.parse(expiresAt) - before).toBeLessThan(2 * 3_600_000 + 1000);
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`;
    const res = await join(f.outsider, typed);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Building).myRole).toBe('manager');
  });

  it('refuses invite bodies it does not know (422) and residents (403)', async () => {
    const f = await buildingFixture();
    const path = `/api/v2/buildings/${f.buildingId}/invites`;
    for (const body of [
      { expiresInHours: 0 },
      { expiresInHours: 721 },
      { role: 'admin' },
      { usedBy: f.outsider.id },
    ]) {
      expect((await call(testApp(), path, jsonBody('POST', body, f.manager.auth))).status).toBe(422);
    }
    const resident = await call(testApp(), path, { method: 'POST', headers: f.resident.auth });
    expect(resident.status).toBe(403);
  });

  it('is 404 for an unknown code', async () => {
    const res = await join(await createUser(), newInviteCode());
    expect(res.status).toBe(404);
    expect((await problemOf(res)).code).toBe('not_found');
  });

  it('is 409 already_member for a member, and the invite stays usable', async () => {
    const f = await buildingFixture();
    const { code } = await invite(f);
    const res = await join(f.resident, code);
    expect(res.status).toBe(409);
    expect((await problemOf(res)).code).toBe('already_member');
    expect((await join(f.outsider, code)).status).toBe(200);
  });

  it('joining twice: the second is 409 already_member', async () => {
    const f = await buildingFixture();
    const { code } = await invite(f);
    expect((await join(f.outsider, code)).status).toBe(200);
    const again = await join(f.outsider, code);
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe('already_member');
  });

  it('a used invite is 410 invite_expired for the next person', async () => {
    const f = await buildingFixture();
    const { code } = await invite(f);
    expect((await join(f.outsider, code)).status).toBe(200);
    const late = await join(await createUser(), code);
    expect(late.status).toBe(410);
    expect((await problemOf(late)).code).toBe('invite_expired');
  });

  it('an expired invite is 410 invite_expired', async () => {
    const f = await buildingFixture();
    const { code } = await invite(f);
    await env.DB.prepare('UPDATE invites SET expires_at = ?1 WHERE code_hash = ?2')
      .bind(Date.now() - 1, await hashInviteCode(code))
      .run();
    const res = await join(f.outsider, code);
    expect(res.status).toBe(410);
    expect((await problemOf(res)).code).toBe('invite_expired');
  });

  it('an invite to a deleted building is 404', async () => {
    const f = await buildingFixture();
    const { code } = await invite(f);
    await call(testApp(), `/api/v2/buildings/${f.buildingId}`, { method: 'DELETE', headers: f.manager.auth });
    expect((await join(f.outsider, code)).status).toBe(404);
  });

  it('racing joins with one code: exactly one succeeds, the other is 410, one membership is added', async () => {
    for (let round = 0; round < 3; round += 1) {
      const f = await buildingFixture();
      const { code } = await invite(f);
      const contenders = await Promise.all([createUser(), createUser(), createUser()]);
      const results = await Promise.all(contenders.map((user) => join(user, code)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 410, 410]);
      const count = await env.DB.prepare('SELECT count(*) AS n FROM memberships WHERE building_id = ?1')
        .bind(f.buildingId)
        .first<{ n: number }>();
      expect(count?.n).toBe(3);
    }
  });

  it('the same user racing themselves gets one 200 and one 409', async () => {
    const f = await buildingFixture();
    const { code } = await invite(f);
    const results = await Promise.all([join(f.outsider, code), join(f.outsider, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('PATCH /api/v2/buildings/{id}/members/{userId}', () => {
  it('a manager promotes a resident, who can then manage', async () => {
    const f = await buildingFixture();
    const res = await changeRole(f, f.resident.id, 'manager', f.manager);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userId: f.resident.id, name: 'Resident', role: 'manager' });
    const patch = await call(
      testApp(),
      `/api/v2/buildings/${f.buildingId}`,
      jsonBody('PATCH', { name: 'Promoted' }, f.resident.auth),
    );
    expect(patch.status).toBe(200);
  });

  it('demoting the last manager is 409 conflict with a detail that says why', async () => {
    const f = await buildingFixture();
    const res = await changeRole(f, f.manager.id, 'resident', f.manager);
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.code).toBe('conflict');
    expect(String(problem.detail)).toMatch(/manager/i);
    expect((await members(f)).find((m) => m.userId === f.manager.id)?.role).toBe('manager');

    const hebrew = await call(
      testApp(),
      `${membersPath(f, f.manager.id)}?lang=he`,
      jsonBody('PATCH', { role: 'resident' }, f.manager.auth),
    );
    expect(hebrew.headers.get('Content-Language')).toBe('he');
    expect(String((await problemOf(hebrew)).detail)).toMatch(/[\u0590-\u05FF]/);
  });

  it('with two managers, one may step down; they cannot both at once', async () => {
    const f = await buildingFixture();
    expect((await changeRole(f, f.resident.id, 'manager', f.manager)).status).toBe(200);
    const results = await Promise.all([
      changeRole(f, f.manager.id, 'resident', f.manager),
      changeRole(f, f.resident.id, 'resident', f.resident),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await members(f)).filter((m) => m.role === 'manager')).toHaveLength(1);
  });

  it('is 403 for a resident, 404 for someone who is not a member, 422 for an unknown role', async () => {
    const f = await buildingFixture();
    expect((await changeRole(f, f.resident.id, 'manager', f.resident)).status).toBe(403);
    const missing = await changeRole(f, f.outsider.id, 'manager', f.manager);
    expect(missing.status).toBe(404);
    expect((await changeRole(f, f.resident.id, 'admin', f.manager)).status).toBe(422);
  });
});

describe('DELETE /api/v2/buildings/{id}/members/{userId}', () => {
  it('a resident may leave (204) and then sees nothing of the building', async () => {
    const f = await buildingFixture();
    const res = await remove(f, f.resident.id, f.resident);
    expect(res.status).toBe(204);
    expect(
      (await call(testApp(), `/api/v2/buildings/${f.buildingId}`, { headers: f.resident.auth })).status,
    ).toBe(404);
    expect((await members(f)).map((m) => m.userId)).toEqual([f.manager.id]);
  });

  it('a resident removing another member is 403', async () => {
    const f = await buildingFixture();
    const res = await remove(f, f.manager.id, f.resident);
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe('forbidden');
    expect(await members(f)).toHaveLength(2);
  });

  it('a manager removes a resident; removing someone who is not a member is 404', async () => {
    const f = await buildingFixture();
    expect((await remove(f, f.resident.id, f.manager)).status).toBe(204);
    expect((await remove(f, f.resident.id, f.manager)).status).toBe(404);
    expect((await remove(f, 'not-a-user', f.manager)).status).toBe(404);
  });

  it('the last manager can neither leave nor be removed by an admin: 409 conflict', async () => {
    const f = await buildingFixture();
    const leave = await remove(f, f.manager.id, f.manager);
    expect(leave.status).toBe(409);
    expect((await problemOf(leave)).code).toBe('conflict');
    expect((await remove(f, f.manager.id, f.admin)).status).toBe(409);
    expect((await changeRole(f, f.resident.id, 'manager', f.manager)).status).toBe(200);
    expect((await remove(f, f.manager.id, f.manager)).status).toBe(204);
  });
});

describe('invite codes', () => {
  it('are 10 characters of the unambiguous alphabet, and differ', () => {
    const codes = new Set(Array.from({ length: 200 }, newInviteCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
  });

  it('normalize case, spaces and dashes', () => {
    expect(normalizeInviteCode(' k7mq2-xwp9 d ')).toBe('K7MQ2XWP9D');
  });
});
