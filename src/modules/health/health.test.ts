import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { captureLogs } from '../../../test/helpers/logs';
import { checkReadiness } from './service';

// Outages are simulated at the binding boundary: the real bindings cannot be switched off from inside workerd.
const failing = {
  prepare: () => ({ first: () => Promise.reject(new Error('D1_ERROR: database unavailable')) }),
};
const hanging = { get: () => new Promise(() => {}) };
const brokenR2 = { head: () => Promise.reject(new Error('R2 down')) };

describe('GET /health', () => {
  it('answers 200 without touching a dependency', async () => {
    const res = await call(testApp(), '/health', undefined, { ...env, DB: failing as unknown as D1Database });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      environment: 'development',
      version: { id: env.CF_VERSION_METADATA.id, tag: env.CF_VERSION_METADATA.tag ?? '' },
    });
    expect(env.CF_VERSION_METADATA.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Server-Timing')).not.toContain('db;');
  });
});

describe('GET /health/ready', () => {
  it('is 200 with a latency per dependency when D1, KV and R2 all answer', async () => {
    const res = await call(testApp(), '/health/ready');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      checks: Record<string, { status: string; latencyMs: number }>;
    };
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['d1', 'kv', 'r2']);
    for (const check of Object.values(body.checks)) {
      expect(check.status).toBe('up');
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('is 503 naming D1 when D1 is down, without its internal message', async () => {
    const logs = captureLogs();
    const res = await call(testApp(), '/health/ready', undefined, {
      ...env,
      DB: failing as unknown as D1Database,
    });
    const warnings = logs.records().filter((r) => r.msg === 'readiness check failed');
    logs.restore();
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    const body = await problemOf(res);
    expect(body.code).toBe('service_unavailable');
    expect(body.failing).toEqual(['d1']);
    expect(body.checks).toMatchObject({
      d1: { status: 'down', reason: 'error' },
      kv: { status: 'up' },
      r2: { status: 'up' },
    });
    expect(String(body.detail)).toContain('d1');
    expect(JSON.stringify(body)).not.toContain('database unavailable');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('database unavailable');
  });

  it('is 503 naming every dependency when all are down, and a hanging one times out', async () => {
    const bindings = {
      ...env,
      READY_CHECK_TIMEOUT_MS: '60',
      DB: failing as unknown as D1Database,
      CACHE: hanging as unknown as KVNamespace,
      FILES: brokenR2 as unknown as R2Bucket,
    };
    const res = await call(testApp(), '/health/ready', undefined, bindings);
    expect(res.status).toBe(503);
    const body = await problemOf(res);
    expect(body.failing).toEqual(['d1', 'kv', 'r2']);
    expect(body.checks).toMatchObject({ kv: { status: 'down', reason: 'timeout' } });
  });
});

describe('checkReadiness', () => {
  it('runs probes in parallel: total time is bounded by the timeout, not the sum', async () => {
    const never = () => new Promise(() => {});
    const result = await checkReadiness({ a: never, b: never, c: never }, 50);
    expect(result.ready).toBe(false);
    for (const check of Object.values(result.checks))
      expect(check).toMatchObject({ status: 'down', reason: 'timeout' });
    // Each timed-out probe reports roughly the timeout, which it could not if they ran one after another.
    for (const check of Object.values(result.checks)) expect(check.latencyMs).toBeLessThan(150 * 3);
  });
});
