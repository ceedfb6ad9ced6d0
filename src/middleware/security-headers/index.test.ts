// Security headers on every response, the /docs CSP, and CORS preflights and exposure from CORS_ORIGINS (2.9).
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, testApp } from '../../../test/helpers/app';
import { awayFromWindowEdge } from '../../../test/helpers/rate-limit';
import type { Bindings } from '../../env';
import { API_CONTENT_SECURITY_POLICY, CORS_EXPOSED_HEADERS, inlineScriptHashes } from '.';

/** Listed origins, and the test binding (3 per minute) as the anonymous rate limit. */
const listed: Bindings = {
  ...env,
  CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
  ANONYMOUS_RATE_LIMIT: env.TINY_RATE_LIMIT,
};

function expectSecurityHeaders(res: Response, label: string) {
  expect(res.headers.get('Strict-Transport-Security'), label).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  expect(res.headers.get('X-Frame-Options'), label).toBe('DENY');
  expect(res.headers.get('Referrer-Policy'), label).toBe('no-referrer');
  expect(res.headers.get('X-Content-Type-Options'), label).toBe('nosniff');
  expect(res.headers.get('Content-Security-Policy'), label).toBeTruthy();
}

describe('security headers (2.9)', () => {
  it('every kind of answer carries them, with the strict API CSP', async () => {
    const app = testApp();
    const answers: Array<[string, Response]> = [
      ['health', await call(app, '/health')],
      ['openapi', await call(app, '/openapi.json')],
      ['404', await call(app, '/api/v2/nope')],
      ['405', await call(app, '/health', { method: 'POST' })],
      ['401', await call(app, '/api/v2/me')],
      [
        '422',
        await call(app, '/api/v2/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        }),
      ],
      ['jwks', await call(app, '/.well-known/jwks.json')],
    ];
    for (const [label, res] of answers) {
      expectSecurityHeaders(res, label);
      expect(res.headers.get('Content-Security-Policy'), label).toBe(API_CONTENT_SECURITY_POLICY);
    }
  });

  it('a 429 carries them too', { timeout: 15_000 }, async () => {
    const app = testApp();
    const ip = { 'CF-Connecting-IP': '203.0.113.200' };
    await awayFromWindowEdge();
    for (let i = 0; i < 3; i += 1) await call(app, '/api/v2/nope', { headers: ip }, listed);
    const limited = await call(app, '/api/v2/nope', { headers: ip }, listed);
    expect(limited.status).toBe(429);
    expectSecurityHeaders(limited, '429');
  });

  it('/docs gets a CSP that lets the Scalar page run: its inline scripts by hash, this origin, inline styles', async () => {
    const res = await call(testApp(), '/docs');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res, 'docs');
    const html = await res.text();
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    const hashes = await inlineScriptHashes(html);
    expect(hashes.length).toBeGreaterThan(0);
    expect(directives.get('script-src')).toEqual([...hashes, "'self'"]);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('style-src')).toContain("'unsafe-inline'");
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    // No directive names another origin (or a whole scheme): the page needs nothing from elsewhere.
    expect(csp).not.toMatch(/https?:|\/\//);
  });

  it('hashes inline scripts the way CSP does (SHA-256 of the exact text, base64)', async () => {
    // sha256("alert(1)") in base64.
    expect(await inlineScriptHashes('<script>alert(1)</script><script src="/x.js"></script>')).toEqual([
      "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
    ]);
  });
});

describe('CORS (2.9)', () => {
  const preflight = (origin: string, headers: Record<string, string> = {}) => ({
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
      ...headers,
    },
  });

  it('answers a preflight from a listed origin with the origin, methods, headers and max age', async () => {
    const res = await call(testApp(), '/api/v2/buildings', preflight('https://app.example.com'), listed);
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://app.example.com');
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('PATCH');
    const allowed = (res.headers.get('Access-Control-Allow-Headers') ?? '').toLowerCase().split(',');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']));
    expect(Number(res.headers.get('Access-Control-Max-Age'))).toBeGreaterThan(0);
    expect(res.headers.get('Vary')).toContain('Origin');
    expect(res.headers.has('Access-Control-Allow-Credentials')).toBe(false);
  });

  it('answers a preflight from any other origin without a single CORS header', async () => {
    const res = await call(testApp(), '/api/v2/buildings', preflight('https://evil.example'), listed);
    expect(res.status).toBe(204);
    for (const [name] of res.headers) expect(name.startsWith('access-control-'), name).toBe(false);
    expect(res.headers.get('Vary')).toContain('Origin');
  });

  it('preflights are answered before rate limits: never counted, never refused', async () => {
    const app = testApp();
    const ip = { 'CF-Connecting-IP': '203.0.113.201' };
    for (let i = 0; i < 3; i += 1) {
      const res = await call(app, '/api/v2/me', preflight('http://localhost:5173', ip), listed);
      expect(res.status).toBe(204);
      expect(res.headers.has('RateLimit')).toBe(false);
    }
    // Had the three preflights counted, this fourth request would be over the limit of 3.
    const counted = await call(app, '/api/v2/nope', { headers: ip }, listed);
    expect(counted.status).toBe(404);
    expect(counted.headers.get('RateLimit-Policy')).toMatch(/^"anonymous";/);
  });

  it('actual requests: the allowed origin is echoed and the useful headers exposed; others get no allow-origin', async () => {
    const app = testApp();
    const allowed = await call(app, '/health', { headers: { Origin: 'https://app.example.com' } }, listed);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('Vary')).toContain('Origin');
    const exposed = (allowed.headers.get('Access-Control-Expose-Headers') ?? '').split(',');
    const required = ['X-Request-Id', 'ETag', 'Link', 'RateLimit', 'RateLimit-Policy', 'Retry-After'];
    const alsoRequired = ['Idempotent-Replayed', 'Deprecation', 'Sunset', 'Server-Timing'];
    expect(exposed).toEqual(expect.arrayContaining([...required, ...alsoRequired]));
    expect(CORS_EXPOSED_HEADERS).toEqual(expect.arrayContaining([...required, ...alsoRequired]));
    const denied = await call(app, '/health', { headers: { Origin: 'https://evil.example' } }, listed);
    expect(denied.status).toBe(200);
    expect(denied.headers.has('Access-Control-Allow-Origin')).toBe(false);
  });

  it('"*" (development only) allows any origin', async () => {
    const res = await call(testApp(), '/api/v2/me', preflight('https://anything.example'));
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });

  it('an OPTIONS request that is not a preflight (tus discovery) goes on to its route', async () => {
    const app = testApp();
    app.options('/t/uploads', (c) => c.body(null, 204, { 'Tus-Version': '1.0.0' }));
    const res = await call(app, '/t/uploads', {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Tus-Version')).toBe('1.0.0');
  });
});
