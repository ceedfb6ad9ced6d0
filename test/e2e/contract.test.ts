// The contract's "Running it", "Every response" and "Errors" sections, checked over real HTTP against `wrangler dev`.
import { describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');
const get = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
interface Problem {
  code: string;
  title: string;
}
interface OpenApiDocument {
  openapi: string;
  components: { securitySchemes: Record<string, unknown> };
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

describe('every response', () => {
  it('carries X-Request-Id (echoed when well formed, else a UUIDv7), Server-Timing and nosniff', async () => {
    const echoed = await get('/health', { headers: { 'X-Request-Id': 'e2e-request-0001' } });
    expect(echoed.headers.get('X-Request-Id')).toBe('e2e-request-0001');
    const fresh = await get('/health', { headers: { 'X-Request-Id': 'no' } });
    expect(fresh.headers.get('X-Request-Id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    for (const res of [echoed, fresh]) {
      expect(res.headers.get('Server-Timing')).toMatch(/total;dur=/);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
  });

  it('reports db time and query count on routes that touch D1', async () => {
    const res = await get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.headers.get('Server-Timing')).toMatch(/db;dur=[\d.]+;desc="1 query"/);
    expect(res.headers.get('Server-Timing')).toMatch(/cache;desc="0 hit 1 miss"/);
  });
});

describe('errors (RFC 9457)', () => {
  it('404 is problem+json with type, title, status, detail, instance, code and requestId', async () => {
    const res = await get('/api/v2/nothing-here', { headers: { 'X-Request-Id': 'e2e-request-0404' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      type: '/problems/not-found',
      status: 404,
      code: 'not_found',
      instance: '/api/v2/nothing-here',
      requestId: 'e2e-request-0404',
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('405 names the allowed methods', async () => {
    const res = await get('/health', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toContain('GET');
    expect(((await res.json()) as Problem).code).toBe('method_not_allowed');
  });

  it('problem titles follow the request language', async () => {
    const en = (await (await get('/nope')).json()) as Problem;
    const he = (await (
      await get('/nope', { headers: { 'Accept-Language': 'he-IL,he;q=0.9' } })
    ).json()) as Problem;
    expect(en.title).not.toBe(he.title);
    expect(he.title).toMatch(/[\u0590-\u05FF]/);
  });
});

describe('documents', () => {
  it('serves OpenAPI 3.1 at /openapi.json with a bearer scheme and error responses on every route', async () => {
    const doc = (await (await get('/openapi.json')).json()) as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, item] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>,
    )) {
      for (const operation of Object.values(item)) {
        expect(Object.keys(operation.responses), path).toContain('500');
      }
    }
  });

  it('serves a browsable reference at /docs', async () => {
    const res = await get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('/openapi.json');
  });
});
