// Tests response compression: negotiation, the policy per type/size/status, Vary, ETags, and workerd's real encoding.
import { env, exports } from 'cloudflare:workers';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE, testApp } from '../../../test/helpers/app';
import type { Bindings } from '../../env';
import { negotiateContentCoding, parseAcceptEncoding } from './negotiate';

// vitest.config.ts raises the anonymous binding to 100000, enough for property runs (the limit itself is
// tested by the rate-limit middleware).
const bindings: Bindings = env;

const encoder = new TextEncoder();

/** A test app whose GET /t/body answers the current body and Content-Type. */
function appWithBody() {
  const state = {
    body: '' as string | Uint8Array,
    type: 'application/json',
    headers: {} as Record<string, string>,
  };
  const app = testApp();
  app.on(['GET', 'POST'], '/t/body', () => {
    return new Response(state.body, { headers: { 'Content-Type': state.type, ...state.headers } });
  });
  app.get('/t/status/:status', (c) => {
    const status = Number(c.req.param('status'));
    return new Response(status === 204 || status === 304 ? null : 'x'.repeat(4096), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  const request = (init: RequestInit = {}, path = '/t/body') =>
    Promise.resolve(app.request(`${BASE}${path}`, init, bindings));
  return { state, request };
}

const varies = (res: Response) =>
  (res.headers.get('Vary') ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .includes('accept-encoding');

describe('Accept-Encoding negotiation (RFC 9110 §12.5.3)', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.4', 'br'],
    ['gzip;q=0, br;q=0', undefined],
    ['br;q=0, *', 'gzip'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['*;q=0, gzip;q=0.1', 'gzip'],
    ['identity', undefined],
    ['identity;q=1, gzip;q=0.5', undefined],
    ['identity;q=0.5, gzip;q=0.5', 'gzip'],
    ['deflate, zstd', undefined],
    ['x-gzip', 'gzip'],
    ['GZIP;Q=0.8, BR;Q=0.9', 'br'],
    ['gzip;q=1.5, br;q=abc', undefined],
    ['gzip;q=0.001', 'gzip'],
    ['gzip, gzip;q=0', 'gzip'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateContentCoding(header)).toBe(expected);
  });

  it('parses weights, ignoring malformed members', () => {
    expect([...parseAcceptEncoding('br;q=0.2, gzip , *;q=0, bogus;q=2, ;q=1')]).toEqual([
      ['br', 0.2],
      ['gzip', 1],
      ['*', 0],
    ]);
  });
});

interface Entry {
  coding: string;
  q: number | undefined;
}

const entry = fc.record({
  coding: fc.constantFrom('br', 'gzip', 'identity', '*', 'deflate', 'zstd', 'x-gzip'),
  q: fc.option(fc.constantFrom(0, 0.001, 0.1, 0.5, 0.8, 1), { nil: undefined }),
});

const headerOf = (entries: Entry[]) =>
  entries.map(({ coding, q }) => (q === undefined ? coding : `${coding};q=${q}`)).join(', ');

/** The oracle: the highest-weight acceptable coding (br before gzip on a tie), unless identity is preferred. */
function expectedCoding(entries: Entry[]): 'br' | 'gzip' | undefined {
  if (entries.length === 0) return undefined;
  const weights = new Map<string, number>();
  for (const { coding, q } of entries) {
    const name = coding === 'x-gzip' ? 'gzip' : coding;
    if (!weights.has(name)) weights.set(name, q ?? 1);
  }
  const weight = (c: string) => weights.get(c) ?? weights.get('*') ?? 0;
  const best = weight('br') >= weight('gzip') ? 'br' : 'gzip';
  if (weight(best) <= 0) return undefined;
  const identity = weights.get('identity') ?? weights.get('*') ?? 0.0001;
  return weight(best) >= identity ? best : undefined;
}

const COMPRESSIBLE_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'application/vnd.api+json',
  'text/plain; charset=utf-8',
  'text/html',
  'text/csv',
  'image/svg+xml',
  'application/xml',
];
const INCOMPRESSIBLE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/avif',
  'video/mp4',
  'audio/mpeg',
  'application/zip',
  'application/gzip',
  'application/pdf',
  'font/woff2',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/epub+zip',
  'text/event-stream',
];

describe('Property 10: Response compression', () => {
  it('compressed iff over 1 KiB, compressible and a coding is acceptable; highest q wins; bytes unchanged; Vary', async () => {
    const { state, request } = appWithBody();
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 1500 }),
          fc.integer({ min: 0, max: 3000 }).map((n) => 'a'.repeat(n)),
          fc.uint8Array({ maxLength: 3000 }),
        ),
        fc.constantFrom(...COMPRESSIBLE_TYPES, ...INCOMPRESSIBLE_TYPES),
        fc.array(entry, { maxLength: 5 }),
        fc.constantFrom('GET', 'HEAD', 'POST'),
        async (body, type, entries, method) => {
          state.body = body;
          state.type = type;
          state.headers = {};
          const bytes = typeof body === 'string' ? encoder.encode(body) : body;
          const headers: Record<string, string> = {};
          if (entries.length > 0) headers['Accept-Encoding'] = headerOf(entries);
          const res = await request({ method, headers });

          const compressible = COMPRESSIBLE_TYPES.includes(type) && type !== 'text/event-stream';
          const coding =
            compressible && method !== 'HEAD' && bytes.byteLength > 1024
              ? expectedCoding(entries)
              : undefined;
          // A body kept plain only by its size is labelled identity, so no proxy compresses it instead.
          const label =
            compressible &&
            method !== 'HEAD' &&
            bytes.byteLength <= 1024 &&
            expectedCoding(entries) !== undefined
              ? 'identity'
              : null;
          seen.add(coding ?? 'identity');
          expect(res.status).toBe(200);
          expect(res.headers.get('Content-Encoding')).toBe(coding ?? label);
          expect(varies(res)).toBe(compressible);
          if (coding !== undefined) expect(res.headers.get('Content-Length')).toBeNull();
          // The body handed to the runtime is the identity body: workerd encodes it on the way out (tested below).
          const received = new Uint8Array(await res.arrayBuffer());
          expect(received).toEqual(method === 'HEAD' ? new Uint8Array() : bytes);
        },
      ),
      {
        numRuns: 150,
        // Fixed cases first, so every coding is exercised whatever the random draw (no flaky coverage).
        examples: [
          ['a'.repeat(2000), 'application/json', [{ coding: 'br', q: undefined }], 'GET'],
          ['a'.repeat(2000), 'application/json', [{ coding: 'gzip', q: undefined }], 'GET'],
          ['a'.repeat(2000), 'image/png', [{ coding: 'gzip', q: undefined }], 'GET'],
        ],
      },
    );
    expect([...seen].sort()).toEqual(['br', 'gzip', 'identity']);
  }, 60_000);

  it('workerd encodes what the middleware labels: decoding the raw bytes gives the original body', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: 1, maxLength: 4 }),
        fc.oneof(
          fc.constant('/openapi.json'),
          fc.constant('/health'),
          // A 404 problem names its path, so its size follows the path's length: either side of 1 KiB.
          fc.integer({ min: 1, max: 2500 }).map((n) => `/nowhere/${'p'.repeat(n)}`),
        ),
        fc.integer({ min: 1, max: 250 }),
        async (entries, path, host) => {
          // Its own client address per run, so the anonymous rate limit never answers instead.
          const headers = { 'X-Request-Id': 'property-10-runtime', 'CF-Connecting-IP': `192.0.2.${host}` };
          const plain = await exports.default.fetch(`${BASE}${path}`, { headers });
          const original = new Uint8Array(await plain.arrayBuffer());
          const raw = await exports.default.fetch(`${BASE}${path}`, {
            headers: { ...headers, 'Accept-Encoding': headerOf(entries) },
            encodeResponseBody: 'manual',
          });
          const wire = new Uint8Array(await raw.arrayBuffer());
          const coding = raw.headers.get('Content-Encoding');
          seen.add(coding ?? 'identity');
          const expected = original.byteLength > 1024 ? expectedCoding(entries) : undefined;
          const label =
            original.byteLength <= 1024 && expectedCoding(entries) !== undefined ? 'identity' : null;
          expect(coding).toBe(expected ?? label);
          expect(varies(raw)).toBe(true);
          const decoded =
            coding === 'br'
              ? new Uint8Array(brotliDecompressSync(wire))
              : coding === 'gzip'
                ? new Uint8Array(gunzipSync(wire))
                : wire;
          expect(decoded).toEqual(original);
          if (coding === 'br' || coding === 'gzip') expect(wire.byteLength).toBeLessThan(original.byteLength);
        },
      ),
      {
        numRuns: 100,
        // Fixed cases first, so every coding is exercised whatever the random draw (no flaky coverage).
        examples: [
          [[{ coding: 'br', q: undefined }], '/openapi.json', 251],
          [[{ coding: 'gzip', q: undefined }], '/openapi.json', 252],
          [[{ coding: 'gzip', q: undefined }], '/health', 253],
        ],
      },
    );
    expect([...seen].sort()).toEqual(['br', 'gzip', 'identity']);
  }, 60_000);
});

describe('compression policy', () => {
  const big = 'x'.repeat(5000);

  it('never compresses already-compressed media, and does not Vary on it', async () => {
    const { state, request } = appWithBody();
    state.body = new Uint8Array(5000);
    for (const type of INCOMPRESSIBLE_TYPES) {
      state.type = type;
      const res = await request({ headers: { 'Accept-Encoding': 'br, gzip' } });
      expect(res.headers.get('Content-Encoding'), type).toBeNull();
      expect(varies(res), type).toBe(false);
    }
  });

  it('compresses only bodies over 1 KiB and labels smaller ones identity, with Vary either way', async () => {
    const { state, request } = appWithBody();
    for (const [size, coded] of [
      [0, false],
      [1024, false],
      [1025, true],
    ] as const) {
      state.body = 'y'.repeat(size);
      const res = await request({ headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.headers.get('Content-Encoding'), String(size)).toBe(coded ? 'gzip' : 'identity');
      expect(varies(res)).toBe(true);
    }
  });

  it('labels nothing when the client accepts no compression (nothing downstream would compress it)', async () => {
    const { state, request } = appWithBody();
    state.body = 'y'.repeat(100);
    const cases: Record<string, string>[] = [
      {},
      { 'Accept-Encoding': 'identity' },
      { 'Accept-Encoding': 'gzip;q=0, br;q=0' },
    ];
    for (const headers of cases) {
      const res = await request({ headers });
      expect(res.headers.get('Content-Encoding'), JSON.stringify(headers)).toBeNull();
    }
  });

  it('leaves an answer that already has a Content-Encoding alone', async () => {
    const { state, request } = appWithBody();
    state.body = big;
    state.headers = { 'Content-Encoding': 'gzip' };
    const res = await request({ headers: { 'Accept-Encoding': 'br' } });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(varies(res)).toBe(false);
  });

  it('respects Cache-Control: no-transform', async () => {
    const { state, request } = appWithBody();
    state.body = big;
    state.headers = { 'Cache-Control': 'private, no-transform' };
    const res = await request({ headers: { 'Accept-Encoding': 'br' } });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(varies(res)).toBe(true);
  });

  it('does not compress 204 or 304 answers, nor HEAD', async () => {
    const { state, request } = appWithBody();
    for (const status of [204, 304]) {
      const res = await request({ headers: { 'Accept-Encoding': 'br' } }, `/t/status/${status}`);
      expect(res.status).toBe(status);
      expect(res.headers.get('Content-Encoding')).toBeNull();
    }
    state.body = big;
    const head = await request({ method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
    expect(head.headers.get('Content-Encoding')).toBeNull();
    expect(varies(head)).toBe(true);
  });

  it('compresses large error answers too (problem+json is compressible)', async () => {
    const { request } = appWithBody();
    const res = await request({ headers: { 'Accept-Encoding': 'gzip' } }, '/t/status/422');
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
  });

  it('reads the client value from cf.clientAcceptEncoding when the edge normalised the header', async () => {
    const app = testApp();
    app.get('/t/big', (c) => c.json({ big }));
    const request = new Request(`${BASE}/t/big`, {
      headers: { 'Accept-Encoding': 'br, gzip' },
      cf: { clientAcceptEncoding: 'gzip' },
    });
    const res = await app.request(request, undefined, bindings);
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
  });

  it('names the coded representation in a strong ETag, and keeps a weak one', async () => {
    const { state, request } = appWithBody();
    state.body = big;
    state.type = 'text/plain';
    state.headers = { ETag: '"route-tag"' };
    const strong = await request({ headers: { 'Accept-Encoding': 'br' } });
    expect(strong.headers.get('ETag')).toBe('"route-tag-br"');
    state.headers = { ETag: 'W/"route-tag"' };
    const weak = await request({ headers: { 'Accept-Encoding': 'gzip' } });
    expect(weak.headers.get('ETag')).toBe('W/"route-tag"');
  });

  it('appends to an existing Vary instead of replacing it', async () => {
    const { state, request } = appWithBody();
    state.body = big;
    state.headers = { Vary: 'Accept-Language' };
    const res = await request({ headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Vary')).toBe('Accept-Language, Accept-Encoding');
  });
});
