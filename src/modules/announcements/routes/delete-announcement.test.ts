// DELETE /buildings/{id}/announcements/{announcementId}: managers soft-delete; the tombstone stays, reads stop.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { buildingFixture } from '../../../../test/helpers/fixtures';
import type { Announcement } from '../schema';

const path = (buildingId: string, announcementId: string) =>
  `/api/v2/buildings/${buildingId}/announcements/${announcementId}`;

describe('DELETE /api/v2/buildings/{id}/announcements/{announcementId}', () => {
  it('answers 204, hides the announcement from every read and keeps a versioned tombstone', async () => {
    const f = await buildingFixture();
    const url = path(f.buildingId, f.announcementId);
    const res = await call(testApp(), url, { method: 'DELETE', headers: f.manager.auth });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    expect((await call(testApp(), url, { headers: f.manager.auth })).status).toBe(404);
    const list = await call(testApp(), `/api/v2/buildings/${f.buildingId}/announcements`, {
      headers: f.resident.auth,
    });
    expect(((await list.json()) as { data: Announcement[] }).data).toEqual([]);
    const again = await call(testApp(), url, { method: 'DELETE', headers: f.manager.auth });
    expect(again.status).toBe(404);

    const row = await env.DB.prepare('SELECT deleted_at, updated_at, version FROM announcements WHERE id = ?')
      .bind(f.announcementId)
      .first<{ deleted_at: number | null; updated_at: number; version: number }>();
    expect(row?.deleted_at).toBeTypeOf('number');
    expect(row?.updated_at).toBe(row?.deleted_at);
    expect(row?.version).toBe(2);
  });

  it('is 412 with a stale If-Match and leaves the announcement in place', async () => {
    const f = await buildingFixture();
    const url = path(f.buildingId, f.announcementId);
    const stale = await call(testApp(), url, {
      method: 'DELETE',
      headers: { ...f.manager.auth, 'If-Match': '"7-0123456789abcdef"' },
    });
    expect(stale.status).toBe(412);
    expect((await problemOf(stale)).code).toBe('precondition_failed');
    const unparseable = await call(testApp(), url, {
      method: 'DELETE',
      headers: { ...f.manager.auth, 'If-Match': 'x' },
    });
    expect(unparseable.status).toBe(412);
    const tag = (await call(testApp(), url, { headers: f.manager.auth })).headers.get('ETag') ?? '';
    const current = await call(testApp(), url, {
      method: 'DELETE',
      headers: { ...f.manager.auth, 'If-Match': tag },
    });
    expect(current.status).toBe(204);
  });

  it('is 403 for a resident, 404 for an outsider and for another building’s announcement', async () => {
    const f = await buildingFixture();
    const other = await buildingFixture();
    const del = (headers: Record<string, string>, url = path(f.buildingId, f.announcementId)) =>
      call(testApp(), url, { method: 'DELETE', headers });
    expect((await del(f.resident.auth)).status).toBe(403);
    expect((await del(f.outsider.auth)).status).toBe(404);
    expect((await del(f.manager.auth, path(f.buildingId, other.announcementId))).status).toBe(404);
    expect(
      (await call(testApp(), path(other.buildingId, other.announcementId), { headers: other.resident.auth }))
        .status,
    ).toBe(200);
  });
});
