// GET /buildings/{id}/announcements: newest first, cursor and offset paging, Link, constant query count, indexed.
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { type BuildingFixture, buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';
import { fullScans, queryPlan } from '../../../../test/helpers/query-plan';
import { addMember, createUser, type TestUser } from '../../../../test/helpers/users';
import type { Page } from '../../../platform/paging';
import type { Announcement } from '../schema';

const list = (buildingId: string, query = '') => `/api/v2/buildings/${buildingId}/announcements${query}`;

async function post(f: BuildingFixture, title: string, author: TestUser = f.manager): Promise<Announcement> {
  const res = await call(
    testApp(),
    list(f.buildingId),
    jsonBody('POST', { title, body: `${title}.` }, author.auth),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as Announcement;
}

async function page(f: BuildingFixture, query: string): Promise<{ res: Response; body: Page<Announcement> }> {
  const res = await call(testApp(), list(f.buildingId, query), { headers: f.resident.auth });
  expect(res.status, await res.clone().text()).toBe(200);
  return { res, body: (await res.json()) as Page<Announcement> };
}

/** The `<n> queries` of Server-Timing's db entry. */
function dbQueries(res: Response): number {
  const match = /db;dur=[\d.]+;desc="(\d+) quer(?:y|ies)"/.exec(res.headers.get('Server-Timing') ?? '');
  if (!match) throw new Error(`no db entry in Server-Timing: ${res.headers.get('Server-Timing')}`);
  return Number(match[1]);
}

describe('GET /api/v2/buildings/{id}/announcements', () => {
  it('lists the building’s announcements newest first, with their authors, to a resident', async () => {
    const f = await buildingFixture();
    const second = await post(f, 'Second');
    const third = await post(f, 'Third', f.admin);
    const { res, body } = await page(f, '');
    expect(body.page).toEqual({ limit: 20, nextCursor: null });
    expect(body.data.map((a) => a.id)).toEqual([third.id, second.id, f.announcementId]);
    expect(body.data.map((a) => a.author.name)).toEqual(['Admin', 'Manager', 'Manager']);
    expect(body.data[0]).toEqual(third);
    expect(res.headers.get('Link')).toBeNull();
  });

  it('never shows another building’s announcements', async () => {
    const f = await buildingFixture();
    const other = await buildingFixture();
    await post(other, 'Elsewhere');
    const { body } = await page(f, '');
    expect(body.data.map((a) => a.id)).toEqual([f.announcementId]);
  });

  it('walks 5 items with limit=2: each exactly once, Link until the last page, then nextCursor null', async () => {
    const f = await buildingFixture();
    for (const title of ['B', 'C', 'D', 'E']) await post(f, title);
    const seen: string[] = [];
    const links: Array<string | null> = [];
    let query = '?limit=2';
    for (let pages = 0; pages < 10; pages += 1) {
      const { res, body } = await page(f, query);
      seen.push(...body.data.map((a) => a.id));
      links.push(res.headers.get('Link'));
      expect(body.page.limit).toBe(2);
      if (body.page.nextCursor === null) break;
      expect(res.headers.get('Link')).toBe(
        `<${list(f.buildingId)}?limit=2&cursor=${encodeURIComponent(body.page.nextCursor)}>; rel="next"`,
      );
      query = `?limit=2&cursor=${encodeURIComponent(body.page.nextCursor)}`;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(seen.at(-1)).toBe(f.announcementId);
    expect(links.map((l) => l !== null)).toEqual([true, true, false]);
  });

  it('a walk returns everything that existed throughout exactly once, whatever is posted or deleted meanwhile', async () => {
    const f = await buildingFixture();
    const created = [f.announcementId];
    for (const title of ['B', 'C', 'D', 'E', 'F']) created.push((await post(f, title)).id);
    const first = await page(f, '?limit=2');
    // Meanwhile: a new post (newer than the cursor) and a deletion of an item not reached yet.
    await post(f, 'Late');
    const doomed = created[1] as string;
    await call(testApp(), `${list(f.buildingId)}/${doomed}`, { method: 'DELETE', headers: f.manager.auth });
    const seen = first.body.data.map((a) => a.id);
    let cursor = first.body.page.nextCursor;
    while (cursor !== null) {
      const { body } = await page(f, `?limit=2&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...body.data.map((a) => a.id));
      cursor = body.page.nextCursor;
    }
    const survivors = created.filter((id) => id !== doomed);
    expect(seen.filter((id) => survivors.includes(id)).sort()).toEqual([...survivors].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(doomed);
  });

  it('pages by offset with a total and a Link to the next offset', async () => {
    const f = await buildingFixture();
    for (const title of ['B', 'C']) await post(f, title);
    const all = (await page(f, '')).body.data.map((a) => a.id);
    const first = await page(f, '?limit=2&offset=0');
    expect(first.body.page).toEqual({ limit: 2, nextCursor: null, offset: 0, total: 3 });
    expect(first.body.data.map((a) => a.id)).toEqual(all.slice(0, 2));
    expect(first.res.headers.get('Link')).toBe(`<${list(f.buildingId)}?limit=2&offset=2>; rel="next"`);
    const last = await page(f, '?limit=2&offset=2');
    expect(last.body.data.map((a) => a.id)).toEqual(all.slice(2));
    expect(last.res.headers.get('Link')).toBeNull();
  });

  it('refuses bad paging input: limit bounds, cursor with offset (422), a forged or foreign cursor (400)', async () => {
    const f = await buildingFixture();
    const other = await buildingFixture();
    await post(other, 'Other');
    for (const query of ['?limit=0', '?limit=101', '?limit=x', '?cursor=a&offset=1']) {
      const res = await call(testApp(), list(f.buildingId, query), { headers: f.resident.auth });
      expect(res.status, query).toBe(422);
    }
    const forged = await call(testApp(), list(f.buildingId, '?cursor=abc.def'), { headers: f.resident.auth });
    expect(forged.status).toBe(400);
    expect((await problemOf(forged)).code).toBe('invalid_cursor');
    const foreignCursor = (await page(other, '?limit=1')).body.page.nextCursor ?? '';
    const foreign = await call(
      testApp(),
      list(f.buildingId, `?cursor=${encodeURIComponent(foreignCursor)}`),
      {
        headers: f.resident.auth,
      },
    );
    expect(foreign.status).toBe(400);
  });

  it('is 404 for an outsider and 401 without a token', async () => {
    const f = await buildingFixture();
    expect((await call(testApp(), list(f.buildingId), { headers: f.outsider.auth })).status).toBe(404);
    expect((await call(testApp(), list(f.buildingId))).status).toBe(401);
  });

  it('makes the same number of D1 queries for 1 item as for 10 by different authors (no N+1)', async () => {
    const small = await buildingFixture();
    const large = await buildingFixture();
    const authors = [large.manager, large.admin];
    for (let i = 0; i < 2; i += 1) {
      const extra = await createUser({ name: `Manager ${i}` });
      await addMember(large.buildingId, extra.id, 'manager');
      authors.push(extra);
    }
    for (let i = 0; i < 9; i += 1) await post(large, `Item ${i}`, authors[i % authors.length]);
    // Warm the access cache for both callers first: the count compared is the list's own.
    await page(small, '');
    await page(large, '');
    const one = await page(small, '');
    const ten = await page(large, '');
    expect(one.body.data).toHaveLength(1);
    expect(ten.body.data).toHaveLength(10);
    expect(new Set(ten.body.data.map((a) => a.author.id)).size).toBe(4);
    expect(dbQueries(ten.res)).toBe(dbQueries(one.res));
  });

  it('reads the feed newest first through the (building_id, id) index, without a sort', async () => {
    const sql =
      'SELECT a.id, u.name FROM announcements a JOIN users u ON u.id = a.author_id ' +
      'WHERE a.building_id = ? AND a.deleted_at IS NULL AND a.id < ? ORDER BY a.id DESC LIMIT 21';
    expect(await fullScans(sql, ['b', 'z'])).toEqual([]);
    const plan = (await queryPlan(sql, ['b', 'z'])).map((row) => row.detail);
    expect(plan.some((d) => d.includes('announcements_building_id_idx'))).toBe(true);
    expect(plan.some((d) => d.includes('TEMP B-TREE'))).toBe(false);
  });
});
