// Role-dependent writes trust D1, not the cache; invalidation commits with its write; probing costs no KV write.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { buildingFixture } from '../../../test/helpers/fixtures';
import { jsonBody } from '../../../test/helpers/json';
import { newId } from '../../platform/ids';

const app = testApp();
const building = (id: string) => `/api/v2/buildings/${id}`;

/** A change another isolate made whose bump this isolate has not read yet (it trusts a version for 5 s). */
const demoteInD1Only = (buildingId: string, userId: string) =>
  env.DB.prepare("UPDATE memberships SET role = 'resident' WHERE building_id = ? AND user_id = ?")
    .bind(buildingId, userId)
    .run();

describe('role-dependent writes authorize against D1', () => {
  it('a manager demoted a moment ago (the cache still says manager) can no longer delete, invite, change roles or remove', async () => {
    const f = await buildingFixture();
    const auth = f.manager.auth;
    expect((await call(app, building(f.buildingId), { headers: auth })).status).toBe(200);
    await demoteInD1Only(f.buildingId, f.manager.id);
    // Reads may use the cached role for up to the cache's bound…
    expect((await call(app, building(f.buildingId), { headers: auth })).status).toBe(200);
    // …writes that depend on it may not.
    const attempts = [
      call(app, building(f.buildingId), { method: 'DELETE', headers: auth }),
      call(app, `${building(f.buildingId)}/invites`, jsonBody('POST', { role: 'manager' }, auth)),
      call(
        app,
        `${building(f.buildingId)}/members/${f.resident.id}`,
        jsonBody('PATCH', { role: 'manager' }, auth),
      ),
      call(app, `${building(f.buildingId)}/members/${f.resident.id}`, { method: 'DELETE', headers: auth }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status, await res.clone().text()).toBe(403);
      expect((await problemOf(res)).code).toBe('forbidden');
    }
  });

  it('a platform admin demoted in D1 cannot delete a building whose cached standing still says admin', async () => {
    const f = await buildingFixture();
    expect((await call(app, building(f.buildingId), { headers: f.admin.auth })).status).toBe(200);
    await env.DB.prepare('UPDATE users SET is_admin = 0 WHERE id = ?').bind(f.admin.id).run();
    const res = await call(app, building(f.buildingId), { method: 'DELETE', headers: f.admin.auth });
    expect(res.status).toBe(404);
  });
});

describe('the cache bump commits with the write', () => {
  it('when the bump fails, the removal does not happen either (no removed member with cached access)', async () => {
    const f = await buildingFixture();
    const resident = f.resident.auth;
    expect((await call(app, building(f.buildingId), { headers: resident })).status).toBe(200);
    const trigger = `fail_bump_${newId().replaceAll('-', '')}`;
    await env.DB.prepare(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON cache_versions WHEN NEW.namespace = 'building:${f.buildingId}'
       BEGIN SELECT RAISE(ABORT, 'bump refused'); END`,
    ).run();
    try {
      const res = await call(app, `${building(f.buildingId)}/members/${f.resident.id}`, {
        method: 'DELETE',
        headers: f.manager.auth,
      });
      expect(res.status).toBe(500);
    } finally {
      await env.DB.prepare(`DROP TRIGGER ${trigger}`).run();
    }
    const member = await env.DB.prepare('SELECT role FROM memberships WHERE building_id = ? AND user_id = ?')
      .bind(f.buildingId, f.resident.id)
      .first();
    expect(member).toEqual({ role: 'resident' });
  });
});

describe('probing building IDs', () => {
  it('asking for buildings that do not exist writes nothing to KV', async () => {
    const f = await buildingFixture();
    const ids = Array.from({ length: 5 }, () => newId());
    for (const id of ids)
      expect((await call(app, building(id), { headers: f.outsider.auth })).status).toBe(404);
    for (const id of ids) {
      const { keys } = await env.CACHE.list({ prefix: `building:${id}` });
      expect(keys).toEqual([]);
    }
    // An existing building is still cached (one entry for the caller's access).
    await call(app, building(f.buildingId), { headers: f.resident.auth });
    expect((await env.CACHE.list({ prefix: `building:${f.buildingId}/` })).keys.length).toBeGreaterThan(0);
  });
});
