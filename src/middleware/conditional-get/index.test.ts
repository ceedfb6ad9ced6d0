// Tests conditional GET: ETags over the final JSON bytes, If-None-Match (lists, *, W/, codings) and what a 304 keeps.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE, testApp } from '../../../test/helpers/app';
import type { Bindings } from '../../env';
import { contentEntityTag, entityTag } from '../../platform/entity-tag';
import { ifNoneMatchFails, isTaggableJson } from '.';

const bindings: Bindings = env;

/** A test app whose GET /t/doc answers the current JSON value (and optional headers). */
function appWithDoc() {
  const state = { value: {} as unknown, headers: {} as Record<string, string> };
  const app = testApp();
  app.get('/t/doc', (c) => {
    for (const [name, value] of Object.entries(state.headers)) c.header(name, value);
    return c.json(state.value as object);
  });
  app.get('/t/versioned', async (c) => {
    const body = { id: 'a', v: 3 };
    c.header('ETag', await entityTag(3, body));
    return c.json(body);
  });
  app.get('/t/text', (c) => c.text('plain'));
  app.post('/t/doc', (c) => c.json(state.value as object, 201));
  app.get('/t/problem', (c) =>
    c.body(JSON.stringify({ code: 'x' }), 200, { 'Content-Type': 'application/problem+json' }),
  );
  const request = (headers: Record<string, string> = {}, path = '/t/doc', method = 'GET') =>
    Promise.resolve(app.request(`${BASE}${path}`, { method, headers }, bindings));
  return { state, request };
}

const otherTag = fc
  .stringMatching(/^[0-9a-f]{16}$/)
  .chain((hex) => fc.constantFrom(`"${hex}"`, `W/"${hex}"`, `"${hex}-br"`));

describe('Property 11: ETag generation and validation', () => {
  it('same body, same tag; different body, different tag', async () => {
    const { state, request } = appWithDoc();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), async (a, b) => {
        state.value = a;
        const first = await request();
        const again = await request();
        state.value = b;
        const other = await request();
        const tagA = first.headers.get('ETag');
        expect(tagA).toMatch(/^"[0-9a-f]{16}"$/);
        expect(again.headers.get('ETag')).toBe(tagA);
        expect(tagA).toBe(await contentEntityTag(await first.text()));
        if (JSON.stringify(a) === JSON.stringify(b)) expect(other.headers.get('ETag')).toBe(tagA);
        else expect(other.headers.get('ETag')).not.toBe(tagA);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('If-None-Match with the current tag (alone, in a list, W/, *) is 304 without a body; a stale one is 200', async () => {
    const { state, request } = appWithDoc();
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
        fc.array(otherTag, { maxLength: 3 }),
        fc.constantFrom('alone', 'list', 'weak', 'star', 'stale'),
        fc.constantFrom('GET', 'HEAD'),
        async (value, others, form, method) => {
          state.value = value;
          state.headers = { 'Cache-Control': 'private, max-age=0', 'Content-Location': '/t/doc' };
          const current = (await request()).headers.get('ETag') as string;
          const stale = others.filter((t) => t.replace(/^W\//, '').replace('-br', '') !== current);
          const header = {
            alone: current,
            list: [...stale, current, ...stale].join(', '),
            weak: `W/${current}`,
            star: '*',
            stale: stale.join(', ') || '"0000000000000000"',
          }[form];
          const res = await request(
            { 'If-None-Match': header, 'X-Request-Id': 'property-11-0001' },
            '/t/doc',
            method,
          );
          if (form === 'stale') {
            expect(res.status).toBe(200);
            if (method === 'GET') expect(await res.text()).toBe(JSON.stringify(value));
            return;
          }
          expect(res.status).toBe(304);
          expect(await res.text()).toBe('');
          expect(res.headers.get('ETag')).toBe(current);
          expect(res.headers.get('Cache-Control')).toBe('private, max-age=0');
          expect(res.headers.get('Content-Location')).toBe('/t/doc');
          expect(res.headers.get('Vary')).toContain('Accept-Encoding');
          expect(res.headers.get('X-Request-Id')).toBe('property-11-0001');
          expect(res.headers.get('Server-Timing')).toMatch(/total;dur=/);
          expect(res.headers.get('Content-Type')).toBeNull();
          expect(res.headers.get('Content-Length')).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('conditional GET', () => {
  it('keeps a tag the route set and validates against it', async () => {
    const { request } = appWithDoc();
    const res = await request({}, '/t/versioned');
    const tag = await entityTag(3, { id: 'a', v: 3 });
    expect(res.headers.get('ETag')).toBe(tag);
    expect((await request({ 'If-None-Match': tag }, '/t/versioned')).status).toBe(304);
  });

  it('matches the same content whatever coding the cached tag and the new request name', async () => {
    const { state, request } = appWithDoc();
    state.value = { text: 'z'.repeat(4000) };
    state.headers = {};
    const br = await request({ 'Accept-Encoding': 'br' });
    const brTag = br.headers.get('ETag') as string;
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(brTag).toMatch(/^"[0-9a-f]{16}-br"$/);

    const asGzip = await request({ 'Accept-Encoding': 'gzip', 'If-None-Match': brTag });
    expect(asGzip.status).toBe(304);
    // The 304 names the representation a 200 would have had (RFC 9110 §15.4.5), with its Vary.
    expect(asGzip.headers.get('ETag')).toBe(brTag.replace('-br', '-gzip'));
    expect(asGzip.headers.get('Vary')).toContain('Accept-Encoding');
    expect(asGzip.headers.get('Content-Encoding')).toBeNull();

    const asIdentity = await request({ 'If-None-Match': brTag });
    expect(asIdentity.status).toBe(304);
    expect(asIdentity.headers.get('ETag')).toBe(brTag.replace('-br', ''));
  });

  it('tags HEAD like GET and answers its If-None-Match', async () => {
    const { state, request } = appWithDoc();
    state.value = { a: 1 };
    const get = await request();
    const head = await request({}, '/t/doc', 'HEAD');
    expect(head.headers.get('ETag')).toBe(get.headers.get('ETag'));
    const tag = get.headers.get('ETag') as string;
    expect((await request({ 'If-None-Match': tag }, '/t/doc', 'HEAD')).status).toBe(304);
  });

  it('leaves other methods, non-JSON answers and problem details untagged', async () => {
    const { request } = appWithDoc();
    expect((await request({}, '/t/doc', 'POST')).headers.get('ETag')).toBeNull();
    expect((await request({ 'If-None-Match': '*' }, '/t/doc', 'POST')).status).toBe(201);
    expect((await request({}, '/t/text')).headers.get('ETag')).toBeNull();
    expect((await request({}, '/t/problem')).headers.get('ETag')).toBeNull();
    const missing = await request({ 'If-None-Match': '*' }, '/t/none');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('ETag')).toBeNull();
  });

  it('tags the real JSON routes: /health and /openapi.json', async () => {
    const app = testApp();
    for (const path of ['/health', '/openapi.json']) {
      const res = await app.request(`${BASE}${path}`, {}, bindings);
      const tag = res.headers.get('ETag') as string;
      expect(tag, path).toMatch(/^"[0-9a-f]{16}"$/);
      const again = await app.request(`${BASE}${path}`, { headers: { 'If-None-Match': tag } }, bindings);
      expect(again.status, path).toBe(304);
    }
  });

  it('recognises JSON media types and If-None-Match lists', () => {
    expect(isTaggableJson('application/json; charset=UTF-8')).toBe(true);
    expect(isTaggableJson('application/vnd.api+json')).toBe(true);
    expect(isTaggableJson('application/problem+json')).toBe(false);
    expect(isTaggableJson('text/plain')).toBe(false);
    expect(isTaggableJson(null)).toBe(false);
    expect(ifNoneMatchFails('"a", "b"', '"b"')).toBe(true);
    expect(ifNoneMatchFails('W/"b"', '"b-gzip"')).toBe(true);
    expect(ifNoneMatchFails('"a"', '"b"')).toBe(false);
    expect(ifNoneMatchFails('', '"b"')).toBe(false);
    expect(ifNoneMatchFails('*', '"b"')).toBe(true);
  });
});
