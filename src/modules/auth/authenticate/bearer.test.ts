import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, testApp } from '../../../../test/helpers/app';
import { createUser } from '../../../../test/helpers/users';
import { parseKeyRing, signAccessToken } from '../tokens';
import { privateJwk, ringJson } from '../tokens/test-keys';

const app = testApp();
// An accepted token answers 200 (the user exists and its session is live), a refused one 401.
const me = (token: string, bindings = env) =>
  call(app, '/api/v2/me', { headers: { Authorization: `Bearer ${token}` } }, bindings);

async function tokenFor(ringText: string, secondsLeft: number): Promise<string> {
  const ring = await parseKeyRing(ringText);
  const user = await createUser();
  // Issued long enough ago that `secondsLeft` remain of its 15 minutes.
  const issued = new Date(Date.now() - (900 - secondsLeft) * 1000);
  return (await signAccessToken(ring, { sub: user.id, sid: user.sessionId }, issued)).token;
}

describe('remembered token verification', () => {
  it('a remembered token stops working when it expires', async () => {
    // Expired 28 s ago: still inside the 30 s clock tolerance, so accepted once, then refused.
    const token = await tokenFor(env.JWT_SIGNING_KEYS as string, -28);
    expect((await me(token)).status).toBe(200);
    await scheduler.wait(2_500);
    expect((await me(token)).status).toBe(401);
  }, 10_000);

  it('a tampered copy of a remembered token is still refused', async () => {
    const token = await tokenFor(env.JWT_SIGNING_KEYS as string, 600);
    expect((await me(token)).status).toBe(200);
    const [header, payload, signature = ''] = token.split('.');
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect((await me(`${header}.${payload}.${flipped}`)).status).toBe(401);
  });

  it('a token remembered under one key ring is refused once the ring no longer holds its key', async () => {
    const token = await tokenFor(env.JWT_SIGNING_KEYS as string, 600);
    expect((await me(token)).status).toBe(200);
    const rotated = { ...env, JWT_SIGNING_KEYS: ringJson(await privateJwk('EdDSA', 'next-key')) };
    expect((await me(token, rotated)).status).toBe(401);
  });
});
