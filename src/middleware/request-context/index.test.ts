import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, testApp } from '../../../test/helpers/app';
import { captureLogs, type LogRecord } from '../../../test/helpers/logs';
import type { Bindings } from '../../env';
import { instrumentD1 } from '../../platform/instrumented-d1';
import { instrumentKV } from '../../platform/instrumented-kv';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function appWithWork() {
  const app = testApp();
  app.get('/t/work/:queries/:reads', async (c) => {
    const db = instrumentD1(c.env.DB);
    const kv = instrumentKV(c.env.CACHE);
    for (let i = 0; i < Number(c.req.param('queries')); i += 1)
      await db.prepare('SELECT ?1 AS n').bind(i).first();
    for (let i = 0; i < Number(c.req.param('reads')); i += 1) await kv.get(`missing-${i}`);
    return c.json({ ok: true });
  });
  return app;
}

const lines = (records: LogRecord[], msg: string) => records.filter((r) => r.msg === msg);

describe('correlation ID (1.1)', () => {
  it('echoes a well-formed X-Request-Id', async () => {
    const res = await call(testApp(), '/health', { headers: { 'X-Request-Id': 'client-req:0001' } });
    expect(res.headers.get('X-Request-Id')).toBe('client-req:0001');
  });

  it('replaces a malformed one with a new UUIDv7', async () => {
    for (const bad of ['short', 'has space in it', 'x'.repeat(129), 'bad/slash-1234']) {
      const res = await call(testApp(), '/health', { headers: { 'X-Request-Id': bad } });
      expect(res.headers.get('X-Request-Id')).toMatch(UUID_V7);
    }
    const res = await call(testApp(), '/health');
    expect(res.headers.get('X-Request-Id')).toMatch(UUID_V7);
  });

  it('puts the same ID in the error body and every log line of the request', async () => {
    const logs = captureLogs();
    const res = await call(testApp(), '/nowhere', { headers: { 'X-Request-Id': 'trace-abcdef01' } });
    const body = (await res.json()) as { requestId: string };
    const records = logs.records();
    logs.restore();
    expect(body.requestId).toBe('trace-abcdef01');
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const record of records) expect(record.requestId).toBe('trace-abcdef01');
  });
});

describe('Property 1: Request logging completeness', () => {
  // Production's level: one line per request, the response line, which carries the request's fields too.
  const atInfo: Bindings = { ...env, LOG_LEVEL: 'info' };

  it('at info, every request is logged in exactly one line, with method, route template, path and request ID', async () => {
    const app = appWithWork();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH'),
        fc.constantFrom('/health', '/t/work/0/0', '/missing', '/health/nope'),
        fc.stringMatching(/^[A-Za-z0-9._:-]{8,32}$/),
        async (method, path, requestId) => {
          const logs = captureLogs();
          await call(app, path, { method, headers: { 'X-Request-Id': requestId } }, atInfo);
          const records = logs.records();
          logs.restore();
          expect(records).toHaveLength(1);
          expect(records[0]).toMatchObject({ level: 'info', msg: 'response', method, path, requestId });
          expect(typeof records[0]?.route).toBe('string');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('at debug, a start line comes first, with the same request fields', async () => {
    const logs = captureLogs();
    await call(
      appWithWork(),
      '/t/work/0/0',
      { headers: { 'X-Request-Id': 'trace-start-01' } },
      {
        ...env,
        LOG_LEVEL: 'debug',
      },
    );
    const raw = logs.raw().map((line) => JSON.parse(line) as LogRecord);
    logs.restore();
    expect(raw.map((r) => r.msg)).toEqual(['request', 'response']);
    const fields = {
      method: 'GET',
      route: '/t/work/:queries/:reads',
      path: '/t/work/0/0',
      requestId: 'trace-start-01',
    };
    expect(raw[0]).toMatchObject({ level: 'debug', ...fields });
    expect(raw[1]).toMatchObject({ level: 'info', ...fields });
  });
});

describe('Property 2: Response logging completeness', () => {
  it('every response is logged once with method, route template, status, duration, user and request ID', async () => {
    const app = appWithWork();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/health', '/t/work/1/0', '/missing', '/t/work/x'), async (path) => {
        const logs = captureLogs();
        const res = await call(app, path);
        const responses = lines(logs.records(), 'response');
        logs.restore();
        expect(responses).toHaveLength(1);
        const [line] = responses;
        expect(line).toMatchObject({ level: 'info', method: 'GET', status: res.status });
        expect(line?.requestId).toBe(res.headers.get('X-Request-Id'));
        expect(typeof line?.durationMs).toBe('number');
        expect(line?.route).toBe(
          path.startsWith('/t/work/1')
            ? '/t/work/:queries/:reads'
            : path === '/health'
              ? '/health'
              : '(unmatched)',
        );
        expect('userId' in (line ?? {}) || line?.userId === undefined).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('Property 6: Performance metrics logging', () => {
  it('D1 query count and cache hits/misses match the work done, in the log line and Server-Timing', async () => {
    const app = appWithWork();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        async (queries, reads) => {
          const logs = captureLogs();
          const res = await call(app, `/t/work/${queries}/${reads}`);
          const [line] = lines(logs.records(), 'response');
          logs.restore();
          expect(res.status).toBe(200);
          expect(line).toMatchObject({ dbQueries: queries, cacheHits: 0, cacheMisses: reads });
          const timing = res.headers.get('Server-Timing') ?? '';
          expect(timing).toMatch(/^total;dur=\d+(\.\d+)?/);
          if (queries > 0) expect(timing).toContain(`db;dur=`);
          if (queries > 0)
            expect(timing).toContain(`desc="${queries} ${queries === 1 ? 'query' : 'queries'}"`);
          else expect(timing).not.toContain('db;');
          if (reads > 0) expect(timing).toContain(`cache;desc="0 hit ${reads} miss"`);
          else expect(timing).not.toContain('cache;');
        },
      ),
      { numRuns: 100 },
    );
  });
});
