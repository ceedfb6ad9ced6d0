import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { runWithContext } from './context';
import { instrumentD1 } from './instrumented-d1';
import { RequestMetrics } from './metrics';

const inRequest = async <T>(work: (metrics: RequestMetrics) => Promise<T>) => {
  const metrics = new RequestMetrics();
  await runWithContext(
    { requestId: 'test-0001', method: 'GET', path: '/', startedAt: 0, metrics, language: 'en' },
    () => work(metrics),
  );
  return metrics;
};

describe('instrumented D1', () => {
  it('counts each statement of first/all/run/raw, and each statement of a batch', async () => {
    const db = instrumentD1(env.DB);
    const metrics = await inRequest(async () => {
      await db.prepare('SELECT 1').first();
      await db.prepare('SELECT ?1').bind(2).all();
      await db.prepare('SELECT 3').raw();
      await db.prepare('SELECT 4').run();
      const results = await db.batch([db.prepare('SELECT 5 AS v'), db.prepare('SELECT ?1 AS v').bind(6)]);
      expect(results.map((r) => (r.results[0] as { v: number }).v)).toEqual([5, 6]);
    });
    expect(metrics.dbQueries).toBe(6);
    expect(metrics.dbMs).toBeGreaterThanOrEqual(0);
  });

  it('returns the same wrapper per binding and counts nothing outside a request', async () => {
    expect(instrumentD1(env.DB)).toBe(instrumentD1(env.DB));
    await expect(instrumentD1(env.DB).prepare('SELECT 1 AS one').first('one')).resolves.toBe(1);
  });

  it('counts a failed query too', async () => {
    const db = instrumentD1(env.DB);
    const metrics = await inRequest(async () => {
      await expect(db.prepare('SELECT * FROM no_such_table').all()).rejects.toThrow();
    });
    expect(metrics.dbQueries).toBe(1);
  });
});
