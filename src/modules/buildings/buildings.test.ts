// Buildings over HTTP against the real local D1: create, read, list and page, change, delete, and their refusals.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { buildingFixture } from '../../../test/helpers/fixtures';
import { jsonBody } from '../../../test/helpers/json';
import { createUser, type TestUser } from '../../../test/helpers/users';
import type { Building } from './schema';

const newBuilding = (overrides: Record<string, unknown> = {}) => ({
  name: 'Herzl 12',
  address: { line1: '12 Herzl St', city: 'Tel Aviv', postalCode: '6578101', country: 'IL' },
  timeZone: 'Asia/Jerusalem',
  currency: 'ILS',
  monthlyDues: 45000,
  ...overrides,
});

const post = (user: TestUser, body: unknown, path = '/api/v2/buildings') =>
  call(testApp(), path, jsonBody('POST', body, user.auth));

async function created(user: TestUser, overrides: Record<string, unknown> = {}): Promise<Building> {
  const res = await post(user, newBuilding(overrides));
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Building;
}

const get = (user: TestUser, path: string, headers: Record<string, string> = {}) =>
  call(testApp(), path, { headers: { ...user.auth, ...headers } });

const errorPaths = async (res: Response): Promise<string[]> =>
  ((await problemOf(res)).errors as Array<{ path: string }>).map((e) => e.path).sort();

describe('POST /api/v2/buildings', () => {
  it('is 201 with Location and ETag, and the creator is its manager', async () => {
    const user = await createUser();
    const res = await post(user, newBuilding());
    expect(res.status).toBe(201);
    const body = (await res.json()) as Building;
    expect(res.headers.get('Location')).toBe(`/api/v2/buildings/${body.id}`);
    expect(res.headers.get('ETag')).toMatch(/^"1-[0-9a-f]{16}"$/);
    expect(res.headers.get('Content-Language')).toBe('en');
    expect(body).toMatchObject({
      name: 'Herzl 12',
      address: { line1: '12 Herzl St', city: 'Tel Aviv', postalCode: '6578101', country: 'IL' },
      timeZone: 'Asia/Jerusalem',
      currency: 'ILS',
      monthlyDues: { amount: 45000, currency: 'ILS' },
      myRole: 'manager',
      version: 1,
    });
    expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body.updatedAt).toBe(body.createdAt);
    const member = await env.DB.prepare(
      'SELECT role FROM memberships WHERE building_id = ?1 AND user_id = ?2',
    )
      .bind(body.id, user.id)
      .first<{ role: string }>();
    expect(member?.role).toBe('manager');

    const fetched = await get(user, `/api/v2/buildings/${body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('ETag')).toBe(res.headers.get('ETag'));
  });

  it('refuses unknown properties such as isAdmin and createdBy (422 naming each), and creates nothing', async () => {
    const user = await createUser();
    const res = await post(user, newBuilding({ isAdmin: true, createdBy: 'someone', role: 'manager' }));
    expect(res.status).toBe(422);
    expect((await problemOf(res.clone())).code).toBe('validation_failed');
    expect(await errorPaths(res)).toEqual(['createdBy', 'isAdmin', 'role']);
    const count = await env.DB.prepare('SELECT count(*) AS n FROM buildings WHERE created_by = ?1')
      .bind(user.id)
      .first<{ n: number }>();
    expect(count?.n).toBe(0);
  });

  it('refuses an unknown country, currency and time zone, and unknown address properties', async () => {
    const user = await createUser();
    const res = await post(
      user,
      newBuilding({
        address: { line1: '1 A St', city: 'X', country: 'il', floor: 3 },
        currency: 'XYZ',
        timeZone: 'Mars/Olympus_Mons',
      }),
    );
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['address.country', 'address.floor', 'currency', 'timeZone']);
  });

  it.each([
    [
      'a country that is not one',
      { address: { line1: '1 A St', city: 'X', country: 'QQ' } },
      'address.country',
    ],
    ['a UTC offset as time zone', { timeZone: '+02:00' }, 'timeZone'],
    ['a lower-case currency', { currency: 'ils' }, 'currency'],
    ['dues in major units', { monthlyDues: 450.5 }, 'monthlyDues'],
    ['negative dues', { monthlyDues: -1 }, 'monthlyDues'],
    ['dues over the maximum', { monthlyDues: 100_000_001 }, 'monthlyDues'],
    ['an empty name', { name: '  ' }, 'name'],
    ['a name over 120 characters', { name: 'x'.repeat(121) }, 'name'],
  ])('refuses %s (422)', async (_, overrides, path) => {
    const res = await post(await createUser(), newBuilding(overrides));
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual([path]);
  });

  it('formats money in Hebrew with ?lang=he, with Content-Language: he', async () => {
    const user = await createUser();
    const english = await post(user, newBuilding());
    const hebrew = await post(user, newBuilding(), '/api/v2/buildings?lang=he');
    expect(hebrew.headers.get('Content-Language')).toBe('he');
    const en = ((await english.json()) as Building).monthlyDues;
    const he = ((await hebrew.json()) as Building).monthlyDues;
    expect(he.amount).toBe(en.amount);
    expect(he.formatted).not.toBe(en.formatted);
    expect(he.formatted).toContain('₪');
    expect(he.formatted).toContain('450');
  });

  it('is 401 without a token, before looking at the body', async () => {
    const res = await call(testApp(), '/api/v2/buildings', jsonBody('POST', { nonsense: true }));
    expect(res.status).toBe(401);
  });
});

describe('GET /api/v2/buildings', () => {
  it("lists only the caller's buildings, and pages with Link and a cursor", async () => {
    const [owner, other] = await Promise.all([createUser(), createUser()]);
    const mine = [await created(owner, { name: 'A' }), await created(owner, { name: 'B' })];
    await created(other, { name: 'Not mine' });
    const joined = await buildingFixture();
    await env.DB.prepare(
      `INSERT INTO memberships (building_id, user_id, role, created_at, updated_at, version) VALUES (?1, ?2, 'resident', 1, 1, 1)`,
    )
      .bind(joined.buildingId, owner.id)
      .run();
    const expected = [...mine.map((b) => b.id), joined.buildingId].sort();

    const first = await get(owner, '/api/v2/buildings?limit=2');
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { data: Building[]; page: { limit: number; nextCursor: string } };
    expect(page1.data).toHaveLength(2);
    expect(page1.page.limit).toBe(2);
    expect(page1.page.nextCursor).toEqual(expect.any(String));
    const link = first.headers.get('Link') ?? '';
    const next = /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
    expect(next).toContain('limit=2');
    expect(next).toContain(`cursor=${encodeURIComponent(page1.page.nextCursor)}`);

    const second = await get(owner, next ?? '');
    expect(second.status).toBe(200);
    expect(second.headers.get('Link')).toBeNull();
    const page2 = (await second.json()) as { data: Building[]; page: { nextCursor: string | null } };
    expect(page2.page.nextCursor).toBeNull();
    const all = [...page1.data, ...page2.data];
    expect(all.map((b) => b.id)).toEqual(expected);
    expect(all.find((b) => b.id === joined.buildingId)?.myRole).toBe('resident');
    expect(all.find((b) => b.id === mine[0]?.id)?.myRole).toBe('manager');
  });

  it('pages by offset with a total', async () => {
    const owner = await createUser();
    for (const name of ['A', 'B', 'C']) await created(owner, { name });
    const res = await get(owner, '/api/v2/buildings?limit=2&offset=2');
    const body = (await res.json()) as { data: Building[]; page: Record<string, unknown> };
    expect(body.data.map((b) => b.name)).toEqual(['C']);
    expect(body.page).toEqual({ limit: 2, nextCursor: null, offset: 2, total: 3 });
    expect(res.headers.get('Link')).toBeNull();
  });

  it('leaves out deleted buildings', async () => {
    const owner = await createUser();
    const gone = await created(owner);
    await call(testApp(), `/api/v2/buildings/${gone.id}`, { method: 'DELETE', headers: owner.auth });
    const body = (await (await get(owner, '/api/v2/buildings')).json()) as { data: Building[] };
    expect(body.data).toEqual([]);
  });

  it('is 400 invalid_cursor for a tampered cursor or one from another user', async () => {
    const [owner, other] = await Promise.all([createUser(), createUser()]);
    for (const name of ['A', 'B']) await created(owner, { name });
    const page = (await (await get(owner, '/api/v2/buildings?limit=1')).json()) as {
      page: { nextCursor: string };
    };
    const cursor = page.page.nextCursor;
    const [key = '', mac = ''] = cursor.split('.');
    const tampered = `${key}.${mac.startsWith('A') ? `B${mac.slice(1)}` : `A${mac.slice(1)}`}`;
    for (const [user, value] of [
      [owner, tampered],
      [owner, 'garbage'],
      [other, cursor],
    ] as const) {
      const res = await get(user, `/api/v2/buildings?cursor=${encodeURIComponent(value)}`);
      expect(res.status).toBe(400);
      expect((await problemOf(res)).code).toBe('invalid_cursor');
    }
  });

  it('is 422 for a limit over 100 or both cursor and offset', async () => {
    const user = await createUser();
    expect((await get(user, '/api/v2/buildings?limit=101')).status).toBe(422);
    expect((await get(user, '/api/v2/buildings?cursor=a.b&offset=0')).status).toBe(422);
  });
});

describe('GET /api/v2/buildings/{id}', () => {
  it('is 404 (not 403) for an outsider, a deleted building, and an ID that is not a UUID', async () => {
    const f = await buildingFixture();
    const outsider = await get(f.outsider, `/api/v2/buildings/${f.buildingId}`);
    expect(outsider.status).toBe(404);
    expect((await problemOf(outsider)).code).toBe('not_found');
    expect((await get(f.manager, '/api/v2/buildings/not-a-uuid')).status).toBe(404);
  });

  it('shows a resident their role, and a platform admin who is not a member `admin`', async () => {
    const f = await buildingFixture();
    const resident = (await (await get(f.resident, `/api/v2/buildings/${f.buildingId}`)).json()) as Building;
    expect(resident.myRole).toBe('resident');
    const admin = (await (await get(f.admin, `/api/v2/buildings/${f.buildingId}`)).json()) as Building;
    expect(admin.myRole).toBe('admin');
  });

  it('answers 304 to If-None-Match with the current ETag, 200 once it changed', async () => {
    const f = await buildingFixture();
    const path = `/api/v2/buildings/${f.buildingId}`;
    const tag = (await get(f.manager, path)).headers.get('ETag') ?? '';
    const same = await get(f.manager, path, { 'If-None-Match': tag });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    expect(same.headers.get('ETag')).toBe(tag);
    await call(testApp(), path, jsonBody('PATCH', { name: 'Renamed' }, f.manager.auth));
    expect((await get(f.manager, path, { 'If-None-Match': tag })).status).toBe(200);
  });
});

describe('PATCH /api/v2/buildings/{id}', () => {
  it('changes the fields sent, bumps the version and updatedAt, and replaces the address whole', async () => {
    const manager = await createUser();
    const before = await created(manager);
    const path = `/api/v2/buildings/${before.id}`;
    const res = await call(
      testApp(),
      path,
      jsonBody(
        'PATCH',
        { monthlyDues: 50000, address: { line1: '3 Dizengoff', city: 'Tel Aviv', country: 'IL' } },
        manager.auth,
      ),
    );
    expect(res.status).toBe(200);
    const after = (await res.json()) as Building;
    expect(after.version).toBe(2);
    expect(after.name).toBe(before.name);
    expect(after.monthlyDues.amount).toBe(50000);
    expect(after.address).toEqual({ line1: '3 Dizengoff', city: 'Tel Aviv', country: 'IL' });
    expect(after.updatedAt >= before.updatedAt).toBe(true);
    expect(after.createdAt).toBe(before.createdAt);
    expect(res.headers.get('ETag')).toMatch(/^"2-/);

    const again = await call(testApp(), path, jsonBody('PATCH', { name: 'Again' }, manager.auth));
    expect(((await again.json()) as Building).version).toBe(3);
  });

  it('is 403 for a resident and 404 for an outsider', async () => {
    const f = await buildingFixture();
    const path = `/api/v2/buildings/${f.buildingId}`;
    const resident = await call(testApp(), path, jsonBody('PATCH', { name: 'Mine now' }, f.resident.auth));
    expect(resident.status).toBe(403);
    expect((await problemOf(resident)).code).toBe('forbidden');
    const outsider = await call(testApp(), path, jsonBody('PATCH', { name: 'Mine now' }, f.outsider.auth));
    expect(outsider.status).toBe(404);
  });

  it('is 422 for an empty change and for fields that cannot be set', async () => {
    const f = await buildingFixture();
    const path = `/api/v2/buildings/${f.buildingId}`;
    const empty = await call(testApp(), path, jsonBody('PATCH', {}, f.manager.auth));
    expect(empty.status).toBe(422);
    expect(await errorPaths(empty)).toEqual(['']);
    const res = await call(
      testApp(),
      path,
      jsonBody('PATCH', { name: 'Fine', version: 9, createdBy: f.resident.id }, f.manager.auth),
    );
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['createdBy', 'version']);
  });

  it('applies with a current If-Match and is 412 with a stale one', async () => {
    const f = await buildingFixture();
    const path = `/api/v2/buildings/${f.buildingId}`;
    const tag = (await get(f.manager, path)).headers.get('ETag') ?? '';
    const first = await call(
      testApp(),
      path,
      jsonBody('PATCH', { name: 'First' }, { ...f.manager.auth, 'If-Match': tag }),
    );
    expect(first.status).toBe(200);
    const stale = await call(
      testApp(),
      path,
      jsonBody('PATCH', { name: 'Second' }, { ...f.manager.auth, 'If-Match': tag }),
    );
    expect(stale.status).toBe(412);
    expect((await problemOf(stale)).code).toBe('precondition_failed');
    const body = (await (await get(f.manager, path)).json()) as Building;
    expect(body.name).toBe('First');
  });
});

describe('DELETE /api/v2/buildings/{id}', () => {
  it('is 204, after which the building is 404 for everyone', async () => {
    const f = await buildingFixture();
    const path = `/api/v2/buildings/${f.buildingId}`;
    const res = await call(testApp(), path, { method: 'DELETE', headers: f.manager.auth });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await get(f.manager, path)).status).toBe(404);
    expect((await get(f.resident, path)).status).toBe(404);
    expect((await call(testApp(), path, { method: 'DELETE', headers: f.manager.auth })).status).toBe(404);
    const row = await env.DB.prepare('SELECT deleted_at, version FROM buildings WHERE id = ?1')
      .bind(f.buildingId)
      .first<{ deleted_at: number | null; version: number }>();
    expect(row?.deleted_at).toEqual(expect.any(Number));
    expect(row?.version).toBe(2);
  });

  it('is 403 for a resident and 412 with a stale If-Match', async () => {
    const f = await buildingFixture();
    const path = `/api/v2/buildings/${f.buildingId}`;
    expect((await call(testApp(), path, { method: 'DELETE', headers: f.resident.auth })).status).toBe(403);
    const stale = await call(testApp(), path, {
      method: 'DELETE',
      headers: { ...f.manager.auth, 'If-Match': '"7-0000000000000000"' },
    });
    expect(stale.status).toBe(412);
    expect((await get(f.manager, path)).status).toBe(200);
  });
});
