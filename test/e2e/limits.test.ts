// The contract's "Limits" and "Idempotency", over real HTTP against `wrangler dev` with the default configuration.
import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');

/**
 * wrangler dev keeps a CF-Connecting-IP the client sends (Cloudflare's edge would overwrite it), so each
 * test counts in buckets of its own and other e2e tests cannot empty them (nor these theirs).
 */
const ipFor = (() => {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const ip = `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
      if (!used.has(ip)) {
        used.add(ip);
        return ip;
      }
    }
  };
})();

interface Problem {
  code: string;
  status: number;
}

describe('rate limits', () => {
  it('the 11th quick login from one IP within a minute is 429 with Retry-After and the RateLimit headers', async () => {
    const ip = ipFor();
    const login = () =>
      fetch(`${base}/api/v2/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ip },
        body: JSON.stringify({
          email: `nobody-${randomUUID()}@example.test`,
          password: 'Not-The-Password-1',
        }),
      });
    for (let i = 1; i <= 10; i += 1) {
      const res = await login();
      expect(res.status, `request ${i}`).toBe(401);
      expect(res.headers.get('RateLimit-Policy')).toBe('"auth";q=10;w=60');
      expect(res.headers.get('RateLimit')).toMatch(new RegExp(`^"auth";r=${10 - i};t=\\d+$`));
      await res.body?.cancel();
    }
    const limited = await login();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('RateLimit-Policy')).toBe('"auth";q=10;w=60');
    expect(limited.headers.get('RateLimit')).toBe(`"auth";r=0;t=${retryAfter}`);
    expect(((await limited.json()) as Problem).code).toBe('rate_limited');
    // Another client is not affected.
    const other = await fetch(`${base}/api/v2/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ipFor() },
      // A fresh email: the per-account throttle would otherwise remember earlier runs.
      body: JSON.stringify({ email: `nobody-${randomUUID()}@example.test`, password: 'Not-The-Password-1' }),
    });
    expect(other.status).toBe(401);
  });

  it('anonymous answers carry the anonymous policy (a binding: no RateLimit on success); /health carries none', async () => {
    const ip = ipFor();
    const res = await fetch(`${base}/api/v2/nothing`, { headers: { 'CF-Connecting-IP': ip } });
    expect(res.headers.get('RateLimit-Policy')).toBe('"anonymous";q=120;w=60');
    expect(res.headers.has('RateLimit')).toBe(false);
    const health = await fetch(`${base}/health`, { headers: { 'CF-Connecting-IP': ip } });
    expect(health.headers.has('RateLimit')).toBe(false);
  });
});

describe('body limit', () => {
  const big = JSON.stringify({ email: 'a@example.test', password: 'p'.repeat(1024 * 1024) });

  it('a JSON body over 1 MiB is 413 payload_too_large', async () => {
    const res = await fetch(`${base}/api/v2/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ipFor() },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).code).toBe('payload_too_large');
  });

  it('so is one sent chunked, without Content-Length', async () => {
    const bytes = new TextEncoder().encode(big);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 64 * 1024) {
          controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
        }
        controller.close();
      },
    });
    const res = await fetch(`${base}/api/v2/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ipFor() },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).code).toBe('payload_too_large');
  });
});

describe('idempotency', () => {
  it('a retried registration with the same Idempotency-Key replays the first status and headers, never the tokens', async () => {
    const request = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'CF-Connecting-IP': ipFor(),
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({
        email: `e2e-${randomUUID()}@example.test`,
        password: 'Correct-Horse-Battery-9!',
        name: 'E2E',
      }),
    };
    const first = await fetch(`${base}/api/v2/auth/register`, request);
    expect(first.status).toBe(201);
    const again = await fetch(`${base}/api/v2/auth/register`, request);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.headers.get('Location')).toBe(first.headers.get('Location'));
    await first.body?.cancel();
    expect(await again.text()).toBe('');
  });
});

describe('security headers and CORS', () => {
  it('every answer carries the security headers; a preflight is answered', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Strict-Transport-Security')).toMatch(/^max-age=/);
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const preflight = await fetch(`${base}/api/v2/buildings`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });
});
