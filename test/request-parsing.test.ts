import { z } from '@hono/zod-openapi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineRoute } from '../src/http/openapi';
import { call, problemOf, testApp } from './helpers/app';

const EchoBody = z
  .object({ name: z.string().min(1).max(20), address: z.object({ city: z.string().min(2) }).strict() })
  .strict();

function echoApp() {
  const app = testApp();
  app.openapi(
    defineRoute({
      method: 'post',
      path: '/t/echo',
      request: { body: { required: true, content: { 'application/json': { schema: EchoBody } } } },
      responses: { 200: { description: 'echo', content: { 'application/json': { schema: EchoBody } } } },
    }),
    (c) => c.json(c.req.valid('json'), 200),
  );
  return app;
}

const post = (body: BodyInit | null, contentType?: string): RequestInit => ({
  method: 'POST',
  body,
  headers: contentType ? { 'Content-Type': contentType } : {},
});

describe('request bodies (Errors section)', () => {
  it('400 malformed_body for JSON that does not parse', async () => {
    const res = await call(echoApp(), '/t/echo', post('{"name":', 'application/json'));
    expect(res.status).toBe(400);
    expect((await problemOf(res)).code).toBe('malformed_body');
  });

  it('415 unsupported_media_type for a body of another type', async () => {
    const res = await call(echoApp(), '/t/echo', post('name=x', 'text/plain'));
    expect(res.status).toBe(415);
    expect((await problemOf(res)).code).toBe('unsupported_media_type');
  });

  it('422 validation_failed with one entry per problem, unknown properties included', async () => {
    const res = await call(
      echoApp(),
      '/t/echo',
      post(JSON.stringify({ name: '', address: { city: 'X', zip: 1 }, isAdmin: true }), 'application/json'),
    );
    expect(res.status).toBe(422);
    const body = await problemOf(res);
    expect(body.code).toBe('validation_failed');
    const errors = body.errors as Array<{ path: string; code: string; message: string }>;
    expect(errors.map((e) => `${e.path}:${e.code}`).sort()).toEqual(
      [
        'address.city:too_small',
        'address.zip:unrecognized_keys',
        'isAdmin:unrecognized_keys',
        'name:too_small',
      ].sort(),
    );
    for (const error of errors) expect(error.message.length).toBeGreaterThan(0);
  });

  it('accepts a valid body', async () => {
    const res = await call(
      echoApp(),
      '/t/echo',
      post(JSON.stringify({ name: 'a', address: { city: 'TLV' } }), 'application/json; charset=utf-8'),
    );
    expect(res.status).toBe(200);
  });
});

describe('fuzz: no input produces a 5xx', () => {
  const app = echoApp();
  const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
  const headerValue = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '').trim());
  const pathSegment = fc.oneof(
    fc.constantFrom(
      'health',
      'ready',
      't',
      'echo',
      'api',
      'v2',
      'openapi.json',
      'docs',
      '..',
      '%2e%2e',
      '%00',
      '%ZZ',
    ),
    fc.stringMatching(/^[A-Za-z0-9._~%-]{1,12}$/),
  );
  const body = fc.oneof(
    fc.constant(null),
    fc.string({ maxLength: 200 }),
    fc.json(),
    fc.uint8Array({ maxLength: 200 }),
    fc.record({ name: fc.anything(), address: fc.anything() }).map((v) => {
      try {
        return JSON.stringify(v) ?? 'null';
      } catch {
        return '{}';
      }
    }),
  );

  it('random methods, paths, headers and bodies never see a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
        fc.array(pathSegment, { maxLength: 4 }),
        fc.dictionary(token, headerValue, { maxKeys: 4 }),
        fc.constantFrom(
          undefined,
          'application/json',
          'text/plain',
          'application/problem+json',
          'multipart/form-data',
          'application/x-www-form-urlencoded',
          '*/*',
          ';;',
        ),
        body,
        async (method, segments, headers, contentType, payload) => {
          const init: RequestInit = {
            method,
            headers: { ...headers, ...(contentType ? { 'Content-Type': contentType } : {}) },
          };
          if (payload !== null && method !== 'GET' && method !== 'HEAD') init.body = payload;
          const res = await call(app, `/${segments.join('/')}`, init);
          expect(res.status, `${method} /${segments.join('/')}`).toBeLessThan(500);
          expect(res.headers.get('X-Request-Id')).toBeTruthy();
        },
      ),
      { numRuns: 300 },
    );
  });
});
