import { env } from 'cloudflare:workers';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { jsonBody } from '../../../test/helpers/json';
import { newId } from '../../platform/ids';

const STRONG = 'Quartz-Meadow-Lantern-42';
const app = testApp();
const post = (path: string, body: unknown, headers?: Record<string, string>) =>
  call(app, path, jsonBody('POST', body, headers));

interface TokenPair {
  user: { id: string; email: string; name: string; locale: string; isAdmin: boolean; version: number };
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

async function register(overrides: Record<string, unknown> = {}): Promise<TokenPair & { email: string }> {
  const email = `dana-${newId()}@example.com`;
  const res = await post('/api/v2/auth/register', {
    email,
    password: STRONG,
    name: 'Dana Cohen',
    ...overrides,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return { email, ...((await res.json()) as TokenPair) };
}

describe('POST /api/v2/auth/register', () => {
  it('creates the account and answers a token pair whose access token verifies with the JWKS', async () => {
    const pair = await register({ locale: 'he', timeZone: 'Asia/Jerusalem' });
    expect(pair.expiresIn).toBe(900);
    expect(pair.user).toMatchObject({ name: 'Dana Cohen', locale: 'he', isAdmin: false, version: 1 });
    expect(pair.refreshToken).toMatch(/^drt_/);
    const jwks = await (await call(app, '/.well-known/jwks.json')).json();
    const { payload, protectedHeader } = await jwtVerify(pair.accessToken, createLocalJWKSet(jwks as never), {
      issuer: 'doorman',
      audience: 'doorman-api',
    });
    expect(payload.sub).toBe(pair.user.id);
    expect(protectedHeader.kid).toBe('dev-2026-11');
  });

  it('normalises the email, and a second registration of it is 409 email_taken', async () => {
    const { email } = await register();
    const res = await post('/api/v2/auth/register', {
      email: `  ${email.toUpperCase()} `.trim(),
      password: STRONG,
      name: 'X',
    });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).code).toBe('email_taken');
  });

  it('reports every unmet password rule at once, translated', async () => {
    const res = await post('/api/v2/auth/register?lang=he', {
      email: `w-${newId()}@example.com`,
      password: 'abc',
      name: 'X',
    });
    expect(res.status).toBe(422);
    const body = await problemOf(res);
    expect(body.code).toBe('password_policy');
    const errors = body.errors as Array<{ path: string; code: string; message: string }>;
    expect(errors.map((e) => e.code)).toEqual([
      'too_short',
      'missing_uppercase',
      'missing_digit',
      'missing_symbol',
      'too_weak',
    ]);
    for (const error of errors) {
      expect(error.path).toBe('password');
      expect(error.message).toMatch(/[\u0590-\u05FF]/);
    }
    expect(res.headers.get('Content-Language')).toBe('he');
  });

  it('refuses properties it does not own (no mass assignment of isAdmin)', async () => {
    const res = await post('/api/v2/auth/register', {
      email: `a-${newId()}@example.com`,
      password: STRONG,
      name: 'X',
      isAdmin: true,
    });
    expect(res.status).toBe(422);
    const body = await problemOf(res);
    expect((body.errors as Array<{ path: string }>).map((e) => e.path)).toContain('isAdmin');
  });
});

describe('POST /api/v2/auth/login', () => {
  it('logs in with the right password', async () => {
    const { email } = await register();
    const res = await post('/api/v2/auth/login', { email: email.toUpperCase(), password: STRONG });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it('answers an unknown email exactly like a wrong password, after the same hashing work', async () => {
    const { email } = await register();
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    const wrong = await post(
      '/api/v2/auth/login',
      { email, password: 'Wrong-Password-123!' },
      { 'X-Request-Id': 'same-request-id' },
    );
    const wrongWork = deriveBits.mock.calls.length;
    const unknown = await post(
      '/api/v2/auth/login',
      { email: `nobody-${newId()}@example.com`, password: 'Wrong-Password-123!' },
      { 'X-Request-Id': 'same-request-id' },
    );
    const unknownWork = deriveBits.mock.calls.length - wrongWork;
    deriveBits.mockRestore();
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toBe(await unknown.text());
    expect(wrongWork).toBe(1);
    expect(unknownWork).toBe(1);
  });
});

describe('refresh, reuse detection and logout', () => {
  it('rotates the refresh token; reusing a spent one revokes the whole login', async () => {
    const first = await register();
    const second = (await (
      await post('/api/v2/auth/refresh', { refreshToken: first.refreshToken })
    ).json()) as TokenPair;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await post('/api/v2/auth/refresh', { refreshToken: second.refreshToken });
    expect(third.status).toBe(200);
    const { refreshToken: latest } = (await third.json()) as TokenPair;

    const reused = await post('/api/v2/auth/refresh', { refreshToken: first.refreshToken });
    expect(reused.status).toBe(401);
    expect((await problemOf(reused)).code).toBe('refresh_token_reused');
    // The descendant issued after the leak is dead too.
    const after = await post('/api/v2/auth/refresh', { refreshToken: latest });
    expect(after.status).toBe(401);
    expect((await problemOf(after)).code).toBe('invalid_refresh_token');
  });

  it('two racing refreshes with one token: exactly one succeeds', async () => {
    const { refreshToken } = await register();
    const answers = await Promise.all([
      post('/api/v2/auth/refresh', { refreshToken }),
      post('/api/v2/auth/refresh', { refreshToken }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('garbage and unknown tokens are invalid_refresh_token', async () => {
    for (const refreshToken of ['garbage', `drt_${'A'.repeat(43)}`]) {
      const res = await post('/api/v2/auth/refresh', { refreshToken });
      expect(res.status).toBe(401);
      expect((await problemOf(res)).code).toBe('invalid_refresh_token');
    }
  });

  it('an expired refresh token is refused', async () => {
    const { refreshToken } = await register();
    await env.DB.prepare(
      'UPDATE refresh_tokens SET expires_at = 0 WHERE used_at IS NULL AND revoked_at IS NULL',
    ).run();
    const res = await post('/api/v2/auth/refresh', { refreshToken });
    expect((await problemOf(res)).code).toBe('invalid_refresh_token');
  });

  it('logout answers 204 and ends the login; unknown tokens are 204 too', async () => {
    const { refreshToken } = await register();
    expect((await post('/api/v2/auth/logout', { refreshToken })).status).toBe(204);
    expect((await post('/api/v2/auth/logout', { refreshToken: 'unknown' })).status).toBe(204);
    const res = await post('/api/v2/auth/refresh', { refreshToken });
    expect((await problemOf(res)).code).toBe('invalid_refresh_token');
  });
});

describe('/api/v2/me', () => {
  it('reads and updates the caller; refuses what it does not own', async () => {
    const { accessToken, user } = await register();
    const auth = { Authorization: `Bearer ${accessToken}` };
    const me = await call(app, '/api/v2/me', { headers: auth });
    expect(me.status).toBe(200);
    expect(me.headers.get('Cache-Control')).toBe('no-store');
    expect(((await me.json()) as { id: string }).id).toBe(user.id);

    const patched = await call(app, '/api/v2/me', jsonBody('PATCH', { locale: 'he', name: 'דנה' }, auth));
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ locale: 'he', name: 'דנה', version: 2 });

    for (const body of [{ isAdmin: true }, { email: 'x@y.z' }, {}, { timeZone: 'Mars/Olympus' }]) {
      const res = await call(app, '/api/v2/me', jsonBody('PATCH', body, auth));
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
  });

  it('speaks the user’s locale unless ?lang says otherwise', async () => {
    const { refreshToken } = await register({ locale: 'he' });
    const { accessToken } = (await (
      await post('/api/v2/auth/refresh', { refreshToken })
    ).json()) as TokenPair;
    const auth = { Authorization: `Bearer ${accessToken}` };
    const he = await call(
      app,
      '/api/v2/me',
      jsonBody('PATCH', { bogus: 1 }, { ...auth, 'Accept-Language': 'en' }),
    );
    expect(he.headers.get('Content-Language')).toBe('he');
    const en = await call(app, '/api/v2/me?lang=en', jsonBody('PATCH', { bogus: 1 }, auth));
    expect(en.headers.get('Content-Language')).toBe('en');
  });

  it('refuses missing, malformed and forged tokens with 401 and WWW-Authenticate', async () => {
    const { accessToken } = await register();
    const [header, payload] = accessToken.split('.');
    const none = `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '')}.${payload}.`;
    const wrongKid = `${btoa(JSON.stringify({ alg: 'EdDSA', kid: 'other', typ: 'JWT' })).replace(/=+$/, '')}.${payload}.${accessToken.split('.')[2]}`;
    for (const authorization of [
      undefined,
      'Bearer',
      'Basic abc',
      `Bearer ${none}`,
      `Bearer ${wrongKid}`,
      `Bearer ${header}.${payload}.AAAA`,
    ]) {
      const res = await call(app, '/api/v2/me', {
        headers: authorization ? { Authorization: authorization } : {},
      });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      expect((await problemOf(res)).code).toBe('unauthenticated');
    }
  });
});

describe('POST /api/v2/auth/password-strength', () => {
  it('scores, checks the policy and gives feedback in the request language', async () => {
    const weak = await post('/api/v2/auth/password-strength?lang=he', { password: 'password' });
    expect(weak.status).toBe(200);
    const body = (await weak.json()) as {
      score: number;
      meetsPolicy: boolean;
      failures: Array<{ code: string; message: string }>;
      feedback: { warning: string | null };
    };
    expect(body.score).toBeLessThanOrEqual(1);
    expect(body.meetsPolicy).toBe(false);
    expect(body.failures.map((f) => f.code)).toContain('too_short');
    expect(body.feedback.warning).toMatch(/[\u0590-\u05FF]/);
    const strong = (await (await post('/api/v2/auth/password-strength', { password: STRONG })).json()) as {
      meetsPolicy: boolean;
      score: number;
    };
    expect(strong).toMatchObject({ meetsPolicy: true });
    expect(strong.score).toBeGreaterThanOrEqual(3);
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes public keys only, with caching headers', async () => {
    const res = await call(app, '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toContain('max-age=');
    const { keys } = (await res.json()) as { keys: Array<Record<string, string>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid: 'dev-2026-11', alg: 'EdDSA', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
  });
});
