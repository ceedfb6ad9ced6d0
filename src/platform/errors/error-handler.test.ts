import fc from 'fast-check';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { captureLogs } from '../../../test/helpers/logs';
import { Problem } from '../problems';

describe('Property 4: Error logging completeness', () => {
  it('an unhandled error is logged once with name, message, stack and request ID; the client learns nothing internal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('Error', 'TypeError', 'RangeError', 'DatabaseError'),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
        async (name, message) => {
          const app = testApp();
          app.get('/t/boom', () => {
            const error = new Error(`internal:${message}`);
            error.name = name;
            throw error;
          });
          const logs = captureLogs();
          const res = await call(app, '/t/boom');
          const errors = logs.records().filter((r) => r.level === 'error');
          logs.restore();
          expect(res.status).toBe(500);
          const body = await problemOf(res);
          expect(body.code).toBe('internal');
          expect(JSON.stringify(body)).not.toContain(`internal:${message}`);
          expect(errors).toHaveLength(1);
          const logged = errors[0]?.error as { name: string; message: string; stack: string };
          expect(logged.name).toBe(name);
          expect(logged.message).toBe(`internal:${message}`);
          expect(logged.stack).toContain('internal:');
          expect(errors[0]?.requestId).toBe(res.headers.get('X-Request-Id'));
          expect(errors[0]?.requestId).toBe(body.requestId);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('problem rendering', () => {
  it('renders a thrown Problem with its status, type, code, instance, headers and no-store', async () => {
    const app = testApp();
    app.get('/t/conflict', () => {
      throw new Problem('invalid_transition', { headers: { 'X-Extra': '1' } });
    });
    const res = await call(app, '/t/conflict');
    expect(res.status).toBe(409);
    expect(res.headers.get('X-Extra')).toBe('1');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Content-Language')).toBe('en');
    const body = await problemOf(res);
    expect(body).toMatchObject({
      type: '/problems/invalid-transition',
      status: 409,
      code: 'invalid_transition',
      instance: '/t/conflict',
    });
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
  });

  it('maps framework exceptions to their problems', async () => {
    const app = testApp();
    app.get('/t/http/:status', (c) => {
      throw new HTTPException(Number(c.req.param('status')) as 400);
    });
    for (const [status, code] of [
      [400, 'malformed_body'],
      [413, 'payload_too_large'],
      [415, 'unsupported_media_type'],
    ] as const) {
      const res = await call(app, `/t/http/${status}`);
      expect(res.status).toBe(status);
      expect((await problemOf(res)).code).toBe(code);
    }
  });

  it('answers 404 not_found for unknown paths and 405 with Allow for a wrong method', async () => {
    const app = testApp();
    const missing = await call(app, '/no/such/path');
    expect(missing.status).toBe(404);
    expect((await problemOf(missing)).code).toBe('not_found');
    const wrong = await call(app, '/health', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
    expect((await problemOf(wrong)).code).toBe('method_not_allowed');
  });
});
