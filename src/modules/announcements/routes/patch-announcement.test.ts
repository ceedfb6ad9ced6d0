// PATCH /buildings/{id}/announcements/{announcementId}: managers edit; version and updatedAt move; If-Match; strict bodies.
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';
import { versionOfTag } from '../../../platform/entity-tag';
import type { Announcement } from '../schema';

const path = (buildingId: string, announcementId: string) =>
  `/api/v2/buildings/${buildingId}/announcements/${announcementId}`;

describe('PATCH /api/v2/buildings/{id}/announcements/{announcementId}', () => {
  it('changes only the fields sent, bumps version and updatedAt, and answers with a new ETag', async () => {
    const f = await buildingFixture();
    const url = path(f.buildingId, f.announcementId);
    const before = (await (await call(testApp(), url, { headers: f.manager.auth })).json()) as Announcement;
    const res = await call(
      testApp(),
      url,
      jsonBody('PATCH', { title: 'Water off Wednesday' }, f.manager.auth),
    );
    expect(res.status).toBe(200);
    const after = (await res.json()) as Announcement;
    expect(after).toMatchObject({ title: 'Water off Wednesday', body: before.body, version: 2 });
    expect(after.author).toEqual(before.author);
    expect(after.createdAt).toBe(before.createdAt);
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect(versionOfTag(res.headers.get('ETag') ?? '')).toBe(2);

    const both = await call(testApp(), url, jsonBody('PATCH', { title: 'T', body: 'B' }, f.admin.auth));
    expect(await both.json()).toMatchObject({ title: 'T', body: 'B', version: 3 });
  });

  it('applies with a current If-Match and is 412 with a stale one', async () => {
    const f = await buildingFixture();
    const url = path(f.buildingId, f.announcementId);
    const tag = (await call(testApp(), url, { headers: f.manager.auth })).headers.get('ETag') ?? '';
    const ok = await call(
      testApp(),
      url,
      jsonBody('PATCH', { body: 'From 9 to 12.' }, { ...f.manager.auth, 'If-Match': tag }),
    );
    expect(ok.status).toBe(200);
    const stale = await call(
      testApp(),
      url,
      jsonBody('PATCH', { body: 'x' }, { ...f.manager.auth, 'If-Match': tag }),
    );
    expect(stale.status).toBe(412);
    expect((await problemOf(stale)).code).toBe('precondition_failed');
    const foreign = await call(
      testApp(),
      url,
      jsonBody('PATCH', { body: 'x' }, { ...f.manager.auth, 'If-Match': '"abc"' }),
    );
    expect(foreign.status).toBe(412);
    // The version inside the tag is compared, so the weak form Cloudflare's edge gives clients still applies.
    const current = (await call(testApp(), url, { headers: f.manager.auth })).headers.get('ETag') ?? '';
    const weak = await call(
      testApp(),
      url,
      jsonBody('PATCH', { body: 'x' }, { ...f.manager.auth, 'If-Match': `W/${current}` }),
    );
    expect(weak.status).toBe(200);
    const next = (await call(testApp(), url, { headers: f.manager.auth })).headers.get('ETag') ?? '';
    const listed = await call(
      testApp(),
      url,
      jsonBody('PATCH', { body: 'From 9 to 13.' }, { ...f.manager.auth, 'If-Match': `"abc", ${next}` }),
    );
    expect(listed.status).toBe(200);
    const any = await call(
      testApp(),
      url,
      jsonBody('PATCH', { body: 'y' }, { ...f.manager.auth, 'If-Match': '*' }),
    );
    expect(any.status).toBe(200);
    expect(((await any.json()) as Announcement).version).toBe(5);
  });

  it('is 403 for a resident, 404 for an outsider and for another building’s announcement', async () => {
    const f = await buildingFixture();
    const other = await buildingFixture();
    const change = { title: 'Hacked' };
    const resident = await call(
      testApp(),
      path(f.buildingId, f.announcementId),
      jsonBody('PATCH', change, f.resident.auth),
    );
    expect(resident.status).toBe(403);
    const outsider = await call(
      testApp(),
      path(f.buildingId, f.announcementId),
      jsonBody('PATCH', change, f.outsider.auth),
    );
    expect(outsider.status).toBe(404);
    const foreign = await call(
      testApp(),
      path(f.buildingId, other.announcementId),
      jsonBody('PATCH', change, f.manager.auth),
    );
    expect(foreign.status).toBe(404);
    const untouched = await call(testApp(), path(other.buildingId, other.announcementId), {
      headers: other.manager.auth,
    });
    expect(((await untouched.json()) as Announcement).title).toBe('Water off Tuesday');
  });

  it('refuses unknown properties (422 with their path) and an empty change', async () => {
    const f = await buildingFixture();
    const url = path(f.buildingId, f.announcementId);
    const unknown = await call(
      testApp(),
      url,
      jsonBody('PATCH', { title: 'ok', authorId: f.resident.id }, f.manager.auth),
    );
    expect(unknown.status).toBe(422);
    expect(((await problemOf(unknown)).errors as Array<{ path: string; code: string }>)[0]).toMatchObject({
      path: 'authorId',
      code: 'unrecognized_keys',
    });
    const empty = await call(testApp(), url, jsonBody('PATCH', {}, f.manager.auth));
    expect(empty.status).toBe(422);
    const tooLong = await call(testApp(), url, jsonBody('PATCH', { title: 'x'.repeat(201) }, f.manager.auth));
    expect(tooLong.status).toBe(422);
  });
});
