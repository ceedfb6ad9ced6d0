// The hourly scheduled run: expired refresh tokens and sessions, idle login counters and old cache versions go.
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../test/helpers/logs';
import { createUser, insertSession } from '../test/helpers/users';
import worker from './index';
import { MAX_TTL_SECONDS } from './platform/cache';
import { newId } from './platform/ids';

const HOUR = 3_600_000;

async function insertRefreshToken(userId: string, sessionId: string, expiresAt: number): Promise<string> {
  const id = newId();
  await env.DB.prepare(
    `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at, updated_at, version)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1)`,
  )
    .bind(id, userId, sessionId, `hash-${id}`, expiresAt, Date.now())
    .run();
  return id;
}

const ids = async (sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .all<{ id: string }>()
  ).results.map((row) => row.id);

describe('hourly purges', () => {
  it('deletes expired refresh tokens and sessions, idle login counters and cache versions older than the longest TTL; keeps the rest', async () => {
    const now = Date.now();
    const user = await createUser();
    const expiredSession = await insertSession(user.id);
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?')
      .bind(now - 1, expiredSession)
      .run();
    const expiredToken = await insertRefreshToken(user.id, expiredSession, now - 1);
    const liveToken = await insertRefreshToken(user.id, user.sessionId, now + HOUR);
    const [idleKey, busyKey] = [newId(), newId()];
    await env.DB.batch([
      env.DB.prepare(
        'INSERT INTO login_throttles (account_key, failures, locked_until, updated_at) VALUES (?1, 3, ?2, ?2)',
      ).bind(idleKey, now - 2 * HOUR),
      env.DB.prepare(
        'INSERT INTO login_throttles (account_key, failures, locked_until, updated_at) VALUES (?1, 3, ?2, ?2)',
      ).bind(busyKey, now - 60_000),
    ]);
    const [oldNs, recentNs] = [`test:${newId()}`, `test:${newId()}`];
    await env.DB.batch([
      env.DB.prepare('INSERT INTO cache_versions (namespace, version, updated_at) VALUES (?1, 1, ?2)').bind(
        oldNs,
        now - MAX_TTL_SECONDS * 1000 - 60_000,
      ),
      env.DB.prepare('INSERT INTO cache_versions (namespace, version, updated_at) VALUES (?1, 1, ?2)').bind(
        recentNs,
        now - MAX_TTL_SECONDS * 1000 + 60_000,
      ),
    ]);

    const logs = captureLogs();
    await worker.scheduled(createScheduledController({ cron: '17 * * * *' }), env);
    const line = logs.records().find((record) => record.msg === 'purged');
    logs.restore();

    expect(await ids('SELECT id FROM refresh_tokens WHERE id IN (?, ?)', expiredToken, liveToken)).toEqual([
      liveToken,
    ]);
    expect(await ids('SELECT id FROM sessions WHERE id IN (?, ?)', expiredSession, user.sessionId)).toEqual([
      user.sessionId,
    ]);
    expect(
      await ids(
        'SELECT account_key AS id FROM login_throttles WHERE account_key IN (?, ?)',
        idleKey,
        busyKey,
      ),
    ).toEqual([busyKey]);
    expect(
      await ids('SELECT namespace AS id FROM cache_versions WHERE namespace IN (?, ?)', oldNs, recentNs),
    ).toEqual([recentNs]);
    expect(line).toMatchObject({ refreshRows: 1, sessions: 1, loginThrottles: 1, cacheVersions: 1 });
  });
});
