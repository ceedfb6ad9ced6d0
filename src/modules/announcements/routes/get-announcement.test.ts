// GET /buildings/{id}/announcements/{announcementId}: members read one; ETag and 304; other buildings' ids are 404.
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';
import type { Announcement } from '../schema';

const path = (buildingId: string, announcementId: string) =>
  `/api/v2/buildings/${buildingId}/announcements/${announcementId}`;

describe('GET /api/v2/buildings/{id}/announcements/{announcementId}', () => {
  it('answers a resident with the announcement, its author and an ETag', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId, f.announcementId), { headers: f.resident.auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: f.announcementId,
      buildingId: f.buildingId,
      title: 'Water off Tuesday',
      body: 'From 9 to 11.',
      author: { id: f.manager.id, name: 'Manager' },
      version: 1,
    } satisfies Partial<Announcement>);
    expect(res.headers.get('ETag')).toMatch(/^"1-[0-9a-f]{16}"$/);
  });

  it('answers 304 with no body to a current If-None-Match, and 200 once the announcement changed', async () => {
    const f = await buildingFixture();
    const url = path(f.buildingId, f.announcementId);
    const first = await call(testApp(), url, { headers: f.resident.auth });
    const tag = first.headers.get('ETag') ?? '';
    const again = await call(testApp(), url, { headers: { ...f.resident.auth, 'If-None-Match': tag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('ETag')).toBe(tag);
    const weak = await call(testApp(), url, { headers: { ...f.resident.auth, 'If-None-Match': `W/${tag}` } });
    expect(weak.status).toBe(304);

    await call(testApp(), url, jsonBody('PATCH', { title: 'Water off Wednesday' }, f.manager.auth));
    const changed = await call(testApp(), url, { headers: { ...f.resident.auth, 'If-None-Match': tag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(tag);
  });

  it('is 404 for an announcement of another building, even to its manager', async () => {
    const f = await buildingFixture();
    const other = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId, other.announcementId), { headers: f.manager.auth });
    expect(res.status).toBe(404);
    expect((await problemOf(res)).code).toBe('not_found');
  });

  it('is 404 for an id that is not a UUID and for one that does not exist', async () => {
    const f = await buildingFixture();
    for (const id of ['nope', '0193a1b2-0000-7000-8000-000000000000']) {
      const res = await call(testApp(), path(f.buildingId, id), { headers: f.manager.auth });
      expect(res.status).toBe(404);
    }
  });

  it('is 404 for an outsider', async () => {
    const f = await buildingFixture();
    const res = await call(testApp(), path(f.buildingId, f.announcementId), { headers: f.outsider.auth });
    expect(res.status).toBe(404);
  });
});
