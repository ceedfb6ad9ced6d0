// No password material and no issued token at rest: a scan of every D1 table and KV key after auth with Idempotency-Key.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, testApp } from '../../../test/helpers/app';
import { newId } from '../../platform/ids';

const app = testApp();
const PASSWORD = 'Quartz-Meadow-Lantern-42';
const utf8 = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Every value of every application table, and every KV key and value, as text. */
async function everythingAtRest(): Promise<string[]> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const texts: string[] = [];
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    for (const row of results) for (const value of Object.values(row)) texts.push(String(value));
  }
  let cursor: string | undefined;
  do {
    const page = await env.CACHE.list(cursor === undefined ? {} : { cursor });
    for (const { name } of page.keys) texts.push(name, (await env.CACHE.get(name)) ?? '');
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined);
  return texts;
}

describe('no password material and no issued token at rest', () => {
  it('after register, login and refresh sent with Idempotency-Key, no table or KV key holds the password, a digest of it, or a token', async () => {
    const email = `scan-${newId()}@example.com`;
    const sent: Array<{ path: string; body: string }> = [];
    const tokens: string[] = [];
    const post = async (path: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      sent.push({ path, body });
      const init = {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newId() },
        body,
      };
      const res = await call(app, path, init);
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      const pair = (await res.json()) as { accessToken: string; refreshToken: string };
      tokens.push(pair.accessToken, pair.refreshToken);
      // The same request again: replayed, but without the credentials.
      const replay = await call(app, path, init);
      expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
      expect(replay.status).toBe(res.status);
      const replayed = await replay.text();
      for (const token of [pair.accessToken, pair.refreshToken]) expect(replayed).not.toContain(token);
      return pair;
    };
    await post('/api/v2/auth/register', { email, password: PASSWORD, name: 'Scan Me' });
    const login = await post('/api/v2/auth/login', { email, password: PASSWORD });
    await post('/api/v2/auth/refresh', { refreshToken: login.refreshToken });

    // What an attacker holding a copy could test a guess against: the password, its digest, the digest of a
    // body holding it, and the digest of the request as an unkeyed fingerprint would be built.
    const forbidden = [PASSWORD, await sha256Hex(PASSWORD), ...tokens];
    for (const { path, body } of sent) {
      forbidden.push(await sha256Hex(body), await sha256Hex(`POST\n${path}\n${body}`));
    }
    const atRest = await everythingAtRest();
    expect(atRest.length).toBeGreaterThan(0);
    for (const secret of forbidden) {
      expect(atRest.filter((text) => text.includes(secret))).toEqual([]);
    }
  });
});
