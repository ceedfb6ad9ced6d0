// Lists (2.3): page bounds and links, and the cursor walk that survives concurrent inserts and deletes.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids';
import { call, problemOf, testApp } from './helpers/app';
import { buildingFixture } from './helpers/fixtures';

const app = testApp();

async function insertAnnouncements(buildingId: string, authorId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  if (ids.length === 0) return ids;
  const now = Date.now();
  await env.DB.batch(
    ids.map((id) =>
      env.DB.prepare(
        `INSERT INTO announcements (id, building_id, author_id, title, body, created_at, updated_at, version)
         VALUES (?1, ?2, ?3, 't', 'b', ?4, ?4, 1)`,
      ).bind(id, buildingId, authorId, now),
    ),
  );
  return ids;
}

const softDelete = (id: string) =>
  env.DB.prepare('UPDATE announcements SET deleted_at = ?1, version = version + 1 WHERE id = ?2')
    .bind(Date.now(), id)
    .run();

interface ListBody {
  data: Array<{ id: string }>;
  page: { limit: number; nextCursor: string | null; offset?: number; total?: number };
}

describe('offset depth', () => {
  it('?offset= stops at 10,000: deeper is 422 offset_too_large pointing to cursors, on every list', async () => {
    const f = await buildingFixture();
    const lists = [
      '/api/v2/buildings',
      `/api/v2/buildings/${f.buildingId}/members`,
      `/api/v2/buildings/${f.buildingId}/announcements`,
      `/api/v2/buildings/${f.buildingId}/maintenance-requests`,
    ];
    for (const list of lists) {
      expect((await call(app, `${list}?offset=10000`, { headers: f.manager.auth })).status, list).toBe(200);
      const deep = await call(app, `${list}?offset=10001`, { headers: f.manager.auth });
      expect(deep.status, list).toBe(422);
      const problem = await problemOf(deep);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors).toEqual([
        expect.objectContaining({
          path: 'offset',
          code: 'offset_too_large',
          message: expect.stringContaining('nextCursor'),
        }),
      ]);
    }
  });
});

describe('Property 8: Pagination support', () => {
  it('every page holds at most `limit` items; Link rel="next" exactly when there is more; offset pages count', async () => {
    const f = await buildingFixture();
    const ids = [f.announcementId, ...(await insertAnnouncements(f.buildingId, f.manager.id, 11))];
    const url = `/api/v2/buildings/${f.buildingId}/announcements`;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100 }),
        fc.option(fc.integer({ min: 0, max: 14 })),
        async (limit, offset) => {
          const query = offset === null ? `?limit=${limit}` : `?limit=${limit}&offset=${offset}`;
          const res = await call(app, url + query, { headers: f.resident.auth });
          expect(res.status).toBe(200);
          const body = (await res.json()) as ListBody;
          const expected =
            offset === null ? Math.min(limit, ids.length) : Math.max(0, Math.min(limit, ids.length - offset));
          expect(body.data).toHaveLength(expected);
          expect(body.page.limit).toBe(limit);
          const more = offset === null ? ids.length > limit : offset + limit < ids.length;
          expect(res.headers.get('Link') !== null).toBe(more);
          if (offset === null) expect(body.page.nextCursor !== null).toBe(more);
          else expect(body.page).toMatchObject({ offset, total: ids.length });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses limits outside 1..100 (422) and cursor together with offset (422)', async () => {
    const f = await buildingFixture();
    const url = `/api/v2/buildings/${f.buildingId}/announcements`;
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?cursor=a.b&offset=1']) {
      const res = await call(app, url + query, { headers: f.resident.auth });
      expect(res.status, query).toBe(422);
      expect((await problemOf(res)).code).toBe('validation_failed');
    }
  });
});

describe('cursor walks', () => {
  it('return every item that existed for the whole walk exactly once, while others insert and delete', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.oneof(fc.constant('insert' as const), fc.nat({ max: 20 })), { maxLength: 8 }),
        async (initial, limit, interference) => {
          const f = await buildingFixture();
          const existing = [
            f.announcementId,
            ...(await insertAnnouncements(f.buildingId, f.manager.id, initial)),
          ];
          const deleted = new Set<string>();
          const seen: string[] = [];
          let cursor: string | null = null;
          let step = 0;
          do {
            const query: string =
              cursor === null ? `?limit=${limit}` : `?limit=${limit}&cursor=${encodeURIComponent(cursor)}`;
            const res = await call(app, `/api/v2/buildings/${f.buildingId}/announcements${query}`, {
              headers: f.resident.auth,
            });
            expect(res.status).toBe(200);
            const body = (await res.json()) as ListBody;
            seen.push(...body.data.map((item) => item.id));
            cursor = body.page.nextCursor;
            // Another writer acts between pages.
            const action = interference[step];
            step += 1;
            if (action === 'insert') await insertAnnouncements(f.buildingId, f.manager.id, 1);
            else if (action !== undefined) {
              const victim = existing[action % existing.length] as string;
              deleted.add(victim);
              await softDelete(victim);
            }
          } while (cursor !== null);
          expect(new Set(seen).size).toBe(seen.length);
          for (const id of existing) if (!deleted.has(id)) expect(seen).toContain(id);
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
