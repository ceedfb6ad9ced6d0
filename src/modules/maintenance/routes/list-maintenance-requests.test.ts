// GET /buildings/{id}/maintenance-requests: oldest first, ?status= filter, cursor walk with Link, constant query count.
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { type BuildingFixture, buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';
import { addMember, createUser, type TestUser } from '../../../../test/helpers/users';
import type { Page } from '../../../platform/paging';
import type { MaintenanceRequest } from '../schema';

const list = (buildingId: string, query = '') =>
  `/api/v2/buildings/${buildingId}/maintenance-requests${query}`;

async function open(
  f: BuildingFixture,
  title: string,
  by: TestUser = f.resident,
): Promise<MaintenanceRequest> {
  const res = await call(
    testApp(),
    list(f.buildingId),
    jsonBody('POST', { title, description: `${title}.` }, by.auth),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as MaintenanceRequest;
}

async function move(f: BuildingFixture, id: string, status: string): Promise<void> {
  const res = await call(
    testApp(),
    `${list(f.buildingId)}/${id}`,
    jsonBody('PATCH', { status }, f.manager.auth),
  );
  expect(res.status).toBe(200);
}

async function page(
  f: BuildingFixture,
  query: string,
): Promise<{ res: Response; body: Page<MaintenanceRequest> }> {
  const res = await call(testApp(), list(f.buildingId, query), { headers: f.resident.auth });
  expect(res.status, await res.clone().text()).toBe(200);
  return { res, body: (await res.json()) as Page<MaintenanceRequest> };
}

/** The `<n> queries` of Server-Timing's db entry. */
function dbQueries(res: Response): number {
  const match = /db;dur=[\d.]+;desc="(\d+) quer(?:y|ies)"/.exec(res.headers.get('Server-Timing') ?? '');
  if (!match) throw new Error(`no db entry in Server-Timing: ${res.headers.get('Server-Timing')}`);
  return Number(match[1]);
}

describe('GET /api/v2/buildings/{id}/maintenance-requests', () => {
  it('lists the building’s requests oldest first, with their openers', async () => {
    const f = await buildingFixture();
    const second = await open(f, 'Second', f.manager);
    const { res, body } = await page(f, '');
    expect(body.page).toEqual({ limit: 20, nextCursor: null });
    expect(body.data.map((r) => r.id)).toEqual([f.maintenanceRequestId, second.id]);
    expect(body.data.map((r) => r.openedBy.name)).toEqual(['Resident', 'Manager']);
    expect(body.data[1]).toEqual(second);
    expect(res.headers.get('Link')).toBeNull();
  });

  it('filters by status, and refuses a status that does not exist (422)', async () => {
    const f = await buildingFixture();
    const started = await open(f, 'Started');
    const rejected = await open(f, 'Rejected');
    await move(f, started.id, 'in_progress');
    await move(f, rejected.id, 'rejected');
    const ids = async (status: string) => (await page(f, `?status=${status}`)).body.data.map((r) => r.id);
    expect(await ids('open')).toEqual([f.maintenanceRequestId]);
    expect(await ids('in_progress')).toEqual([started.id]);
    expect(await ids('rejected')).toEqual([rejected.id]);
    expect(await ids('resolved')).toEqual([]);
    const bad = await call(testApp(), list(f.buildingId, '?status=closed'), { headers: f.resident.auth });
    expect(bad.status).toBe(422);
    expect(((await problemOf(bad)).errors as Array<{ path: string }>)[0]?.path).toBe('status');
    const both = await call(testApp(), list(f.buildingId, '?status=open&cursor=a&offset=1'), {
      headers: f.resident.auth,
    });
    expect(both.status).toBe(422);
  });

  it('walks 5 items with limit=2: each exactly once, Link until the last page, then nextCursor null', async () => {
    const f = await buildingFixture();
    for (const title of ['B', 'C', 'D', 'E']) await open(f, title);
    const seen: string[] = [];
    const links: boolean[] = [];
    let query = '?limit=2';
    for (let pages = 0; pages < 10; pages += 1) {
      const { res, body } = await page(f, query);
      seen.push(...body.data.map((r) => r.id));
      links.push(res.headers.has('Link'));
      if (body.page.nextCursor === null) break;
      query = `?limit=2&cursor=${encodeURIComponent(body.page.nextCursor)}`;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual([...seen].sort());
    expect(links).toEqual([true, true, false]);
  });

  it('keeps the status filter across pages, and a cursor of one filter is refused on another', async () => {
    const f = await buildingFixture();
    for (const title of ['B', 'C', 'D']) await open(f, title);
    const first = await page(f, '?status=open&limit=2');
    const link = first.res.headers.get('Link') ?? '';
    expect(link).toContain('status=open');
    const cursor = encodeURIComponent(first.body.page.nextCursor ?? '');
    const second = await page(f, `?status=open&limit=2&cursor=${cursor}`);
    expect(second.body.data).toHaveLength(2);
    const elsewhere = await call(testApp(), list(f.buildingId, `?limit=2&cursor=${cursor}`), {
      headers: f.resident.auth,
    });
    expect(elsewhere.status).toBe(400);
    expect((await problemOf(elsewhere)).code).toBe('invalid_cursor');
  });

  it('pages by offset with a total', async () => {
    const f = await buildingFixture();
    await open(f, 'B');
    await open(f, 'C');
    const { res, body } = await page(f, '?limit=2&offset=2');
    expect(body.page).toEqual({ limit: 2, nextCursor: null, offset: 2, total: 3 });
    expect(body.data).toHaveLength(1);
    expect(res.headers.get('Link')).toBeNull();
  });

  it('is 404 for an outsider', async () => {
    const f = await buildingFixture();
    expect((await call(testApp(), list(f.buildingId), { headers: f.outsider.auth })).status).toBe(404);
  });

  it('makes the same number of D1 queries for 1 item as for 10 by different openers (no N+1)', async () => {
    const small = await buildingFixture();
    const large = await buildingFixture();
    const openers = [large.resident, large.manager];
    for (let i = 0; i < 3; i += 1) {
      const extra = await createUser({ name: `Resident ${i}` });
      await addMember(large.buildingId, extra.id, 'resident');
      openers.push(extra);
    }
    for (let i = 0; i < 9; i += 1) await open(large, `Item ${i}`, openers[i % openers.length]);
    // Warm the access cache for both callers first: the count compared is the list's own.
    await page(small, '');
    await page(large, '');
    const one = await page(small, '');
    const ten = await page(large, '');
    expect(one.body.data).toHaveLength(1);
    expect(ten.body.data).toHaveLength(10);
    expect(new Set(ten.body.data.map((r) => r.openedBy.id)).size).toBe(5);
    expect(dbQueries(ten.res)).toBe(dbQueries(one.res));
    const filtered = await page(large, '?status=open');
    expect(dbQueries(filtered.res)).toBe(dbQueries(one.res));
  });
});
