// Sessions: refresh rotation raced by concurrent clients, and revocation reaching access tokens (logout, reuse, all).
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { jsonBody } from '../../../test/helpers/json';
import { createUser } from '../../../test/helpers/users';
import { cacheFor } from '../../platform/cache';
import { database } from '../../platform/database';
import { findUser } from './service';
import { revokeUserSessions, startSession } from './sessions';
import { parseKeyRing } from './tokens';

const app = testApp();
const db = database(env.DB);
const refresh = (refreshToken: string) =>
  call(app, '/api/v2/auth/refresh', jsonBody('POST', { refreshToken }));
const me = (accessToken: string) =>
  call(app, '/api/v2/me', { headers: { Authorization: `Bearer ${accessToken}` } });

/** A fresh user with one login made by the service (no PBKDF2: the user row is inserted directly). */
async function login() {
  const { id } = await createUser();
  const ring = await parseKeyRing(env.JWT_SIGNING_KEYS as string);
  return { userId: id, ...(await startSession(db, ring, await findUser(db, id))) };
}

describe('refresh rotation under concurrency', () => {
  it('property: N concurrent refreshes of one token give at most one 200, and afterwards every token of that login is refused (100 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), async (n) => {
        const first = await login();
        const answers = await Promise.all(Array.from({ length: n }, () => refresh(first.refreshToken)));
        const winners = answers.filter((res) => res.status === 200);
        expect(winners.length).toBeLessThanOrEqual(1);
        for (const res of answers) {
          if (res.status !== 200)
            expect((await problemOf(res)).code).toMatch(/^(refresh_token_reused|invalid_refresh_token)$/);
        }
        const pairs = [
          first,
          ...(await Promise.all(winners.map((res) => res.json() as Promise<typeof first>))),
        ];
        for (const pair of pairs) {
          expect((await refresh(pair.refreshToken)).status).toBe(401);
          expect((await me(pair.accessToken)).status).toBe(401);
        }
      }),
      { numRuns: 100 },
    );
  }, 240_000);
});

describe('revocation reaches access tokens', () => {
  it('logout: the access token of that login is refused at once, another login of the user still works', async () => {
    const { userId, accessToken, refreshToken } = await login();
    const ring = await parseKeyRing(env.JWT_SIGNING_KEYS as string);
    const other = await startSession(db, ring, await findUser(db, userId));
    expect((await me(accessToken)).status).toBe(200);
    expect((await call(app, '/api/v2/auth/logout', jsonBody('POST', { refreshToken }))).status).toBe(204);
    const refused = await me(accessToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('WWW-Authenticate')).toBe('Bearer error="invalid_token"');
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('reuse detection: the access token issued with the stolen pair is refused', async () => {
    const first = await login();
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as typeof first;
    expect((await me(second.accessToken)).status).toBe(200);
    expect((await problemOf(await refresh(first.refreshToken))).code).toBe('refresh_token_reused');
    expect((await me(second.accessToken)).status).toBe(401);
    expect((await me(first.accessToken)).status).toBe(401);
  });

  it('revoking every login of a user (a password change) refuses all their access tokens', async () => {
    const a = await login();
    const ring = await parseKeyRing(env.JWT_SIGNING_KEYS as string);
    const b = await startSession(db, ring, await findUser(db, a.userId));
    await revokeUserSessions(db, cacheFor(env), a.userId);
    expect((await me(a.accessToken)).status).toBe(401);
    expect((await me(b.accessToken)).status).toBe(401);
    expect((await refresh(b.refreshToken)).status).toBe(401);
  });

  it('an access token naming a session that does not exist is refused (fail closed)', async () => {
    const user = await createUser();
    await env.DB.prepare('DELETE FROM sessions WHERE id = ?').bind(user.sessionId).run();
    expect((await me(user.token)).status).toBe(401);
  });

  it('a demoted admin loses admin powers though the token still says admin', async () => {
    const admin = await createUser({ isAdmin: true });
    const building = await call(
      app,
      '/api/v2/buildings',
      jsonBody(
        'POST',
        {
          name: 'Demotion House',
          address: { line1: '1 Rd', city: 'Haifa', country: 'IL' },
          timeZone: 'Asia/Jerusalem',
          currency: 'ILS',
          monthlyDues: 100,
        },
        (await createUser()).auth,
      ),
    );
    const { id } = (await building.json()) as { id: string };
    expect((await call(app, `/api/v2/buildings/${id}`, { headers: admin.auth })).status).toBe(200);
    await env.DB.prepare('UPDATE users SET is_admin = 0 WHERE id = ?').bind(admin.id).run();
    await cacheFor(env).invalidate(`user:${admin.id}`);
    expect((await call(app, `/api/v2/buildings/${id}`, { headers: admin.auth })).status).toBe(404);
  });

  it('a warm authenticated request reads no D1 for the session check', async () => {
    const user = await createUser();
    expect((await me(user.token)).status).toBe(200);
    const warm = await me(user.token);
    // GET /me reads the user itself: exactly one query, none for the session standing.
    const timing = warm.headers.get('Server-Timing') ?? '';
    expect(timing).toMatch(/db;dur=[\d.]+;desc="1 query"/);
    expect(timing).toContain('cache;desc="1 hit 0 miss"');
  });
});
