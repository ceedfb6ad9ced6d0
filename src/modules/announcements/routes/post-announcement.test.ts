// POST /buildings/{id}/announcements: managers post (201, Location, ETag); residents 403; outsiders 404; strict bodies.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';
import { versionOfTag } from '../../../platform/entity-tag';
import { UUID_PATTERN } from '../../../platform/ids';
import type { Announcement } from '../schema';

const path = (buildingId: string) => `/api/v2/buildings/${buildingId}/announcements`;
const valid = { title: 'Lift service', body: 'The lift is serviced on Monday from 8 to 10.' };

describe('POST /api/v2/buildings/{id}/announcements', () => {
  it('creates the announcement as the manager: 201 with Location, ETag and the author by name', async () => {
    const f = await buildingFixture();
    const before = Date.now();
    const res = await call(testApp(), path(f.buildingId), jsonBody('POST', valid, f.manager.auth));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Announcement;
    expect(body).toMatchObject({
      buildingId: f.buildingId,
      title: valid.title,
      body: valid.body,
      author: { id: f.manager.id, name: 'Manager' },
      version: 1,
    });
    expect(body.id).toMatch(UUID_PATTERN);
    expect(body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(body.createdAt)).toBeGreaterThanOrEqual(before);
    expect(body.updatedAt).toBe(body.createdAt);
    expect(res.headers.get('Location')).toBe(`${path(f.buildingId)}/${body.id}`);
    expect(versionOfTag(res.headers.get('ETag') ?? '')).toBe(1);
    expect(res.headers.get('Cache-Control')).toBe('no-store');

    const fetched = await call(testApp(), res.headers.get('Location') ?? '', { headers: f.resident.auth });
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(body);
    expect(fetched.headers.get('ETag')).toBe(res.headers.get('ETag'));
  });

  it('lets a platform admin post as the author', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId), jsonBody('POST', valid, f.admin.auth));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Announcement).author).toEqual({ id: f.admin.id, name: 'Admin' });
  });

  it('is 403 forbidden for a resident and writes nothing', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId), jsonBody('POST', valid, f.resident.auth));
    expect(res.status).toBe(403);
    expect((await problemOf(res)).code).toBe('forbidden');
    const { total } = (await env.DB.prepare(
      'SELECT count(*) AS total FROM announcements WHERE building_id = ?',
    )
      .bind(f.buildingId)
      .first<{ total: number }>()) ?? { total: -1 };
    expect(total).toBe(1);
  });

  it('is 404 for an outsider and for a building that does not exist, 401 without a token', async () => {
    const f = await buildingFixture();
    const outsider = await call(testApp(), path(f.buildingId), jsonBody('POST', valid, f.outsider.auth));
    expect(outsider.status).toBe(404);
    expect((await problemOf(outsider)).code).toBe('not_found');
    const missing = await call(
      testApp(),
      path('0193a1b2-0000-7000-8000-000000000000'),
      jsonBody('POST', valid, f.manager.auth),
    );
    expect(missing.status).toBe(404);
    const anonymous = await call(testApp(), path(f.buildingId), jsonBody('POST', valid));
    expect(anonymous.status).toBe(401);
  });

  it('refuses unknown properties with 422 naming each one', async () => {
    const f = await buildingFixture();
    const res = await call(
      testApp(),
      path(f.buildingId),
      jsonBody('POST', { ...valid, authorId: f.resident.id, pinned: true }, f.manager.auth),
    );
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.code).toBe('validation_failed');
    const errors = problem.errors as Array<{ path: string; code: string }>;
    expect(errors.map((e) => `${e.path}:${e.code}`).sort()).toEqual([
      'authorId:unrecognized_keys',
      'pinned:unrecognized_keys',
    ]);
  });

  it('enforces the length bounds: title 1–200, body 1–10,000 (blank counts as empty)', async () => {
    const f = await buildingFixture();
    const post = (body: unknown) =>
      call(testApp(), path(f.buildingId), jsonBody('POST', body, f.manager.auth));
    const cases: Array<[unknown, string]> = [
      [{ body: valid.body }, 'title'],
      [{ title: '   ', body: valid.body }, 'title'],
      [{ title: 'x'.repeat(201), body: valid.body }, 'title'],
      [{ title: valid.title, body: '' }, 'body'],
      [{ title: valid.title, body: 'x'.repeat(10_001) }, 'body'],
      [{ title: 7, body: valid.body }, 'title'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(422);
      expect(((await problemOf(res)).errors as Array<{ path: string }>).map((e) => e.path)).toEqual([field]);
    }
    const longest = await post({ title: 'x'.repeat(200), body: 'y'.repeat(10_000) });
    expect(longest.status).toBe(201);
  });
});
