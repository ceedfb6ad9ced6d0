// JSON answers built once: the same bytes and headers as Hono's c.json, remembered only for that response and request.
import fc from 'fast-check';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { runWithContext } from './context';
import { builtJson, jsonResponder, jsonResponse, serializeJson } from './json-body';
import { RequestMetrics } from './metrics';

const context = () => ({
  requestId: 'req-json-1',
  method: 'GET',
  path: '/',
  startedAt: 0,
  metrics: new RequestMetrics(),
  language: 'en' as const,
});

/** One app answering with Hono's own c.json, one with ours; same routes. */
function apps() {
  const theirs = new Hono();
  const ours = new Hono();
  ours.use('*', async (c, next) => {
    c.json = jsonResponder(c);
    await next();
  });
  for (const app of [theirs, ours]) {
    app.post('/echo/:status', async (c) => {
      c.header('X-Before', 'kept');
      const status = Number(c.req.param('status')) as 200;
      return c.json(await c.req.json(), status, { 'X-Extra': 'yes' });
    });
  }
  return { theirs, ours };
}

describe('jsonResponder', () => {
  it('answers byte for byte, header for header, what c.json answers', async () => {
    const { theirs, ours } = apps();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.constantFrom(200, 201, 422), async (value, status) => {
        const init = { method: 'POST', body: JSON.stringify(value) };
        const [a, b] = await Promise.all([
          theirs.request(`/echo/${status}`, init),
          ours.request(`/echo/${status}`, init),
        ]);
        expect(b.status).toBe(a.status);
        expect([...b.headers]).toEqual([...a.headers]);
        expect(new Uint8Array(await b.arrayBuffer())).toEqual(new Uint8Array(await a.arrayBuffer()));
      }),
      { numRuns: 100 },
    );
  });

  it('remembers the value and bytes for that response only, not for a copy', async () => {
    const { ours } = apps();
    let seen: ReturnType<typeof builtJson>;
    ours.use('/peek/*', async (c, next) => {
      await next();
      seen = builtJson(c.res);
    });
    ours.get('/peek/x', (c) => c.json({ a: 1, b: 'ü' }));
    const res = await ours.request('/peek/x');
    expect(seen?.value).toEqual({ a: 1, b: 'ü' });
    expect(new TextDecoder().decode(seen?.bytes)).toBe(await res.text());
    const answer = jsonResponse({ z: 1 }, { status: 200 });
    expect(builtJson(answer)?.value).toEqual({ z: 1 });
    expect(builtJson(new Response(answer.body, answer))).toBeUndefined();
  });
});

describe('serializeJson', () => {
  it('serialises an object once per request, and again in another request even if it changed in between', () => {
    const shared: { n: number } = { n: 1 };
    const first = runWithContext(context(), () => [serializeJson(shared), serializeJson(shared)]);
    expect(first).toEqual(['{"n":1}', '{"n":1}']);
    shared.n = 2;
    expect(runWithContext(context(), () => serializeJson(shared))).toBe('{"n":2}');
    expect(serializeJson(shared)).toBe('{"n":2}'); // outside any request: plain JSON.stringify
  });
});
