// The contract's "Conditional requests and representations" over real HTTP against `wrangler dev`, raw bytes decoded here.
import { type IncomingHttpHeaders, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes exactly as they came over the wire (node:http never decodes). */
  body: Buffer;
}

/** A request with node:http, which (unlike fetch) leaves Content-Encoding to us. */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(res: RawResponse): Buffer {
  const coding = res.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(res.body);
  if (coding === 'gzip') return gunzipSync(res.body);
  if (coding === undefined || coding === 'identity') return res.body;
  throw new Error(`unexpected Content-Encoding ${coding}`);
}

const varyNames = (res: RawResponse) =>
  String(res.headers.vary ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase());

describe('compression (br or gzip by Accept-Encoding)', () => {
  it('sends /openapi.json as br, gzip or identity as asked, each decoding to the same document', async () => {
    const identity = await raw('/openapi.json');
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    const document = identity.body.toString('utf8');
    expect(JSON.parse(document)).toMatchObject({ openapi: '3.1.0' });
    expect(identity.body.byteLength).toBeGreaterThan(1024);

    for (const coding of ['br', 'gzip'] as const) {
      const res = await raw('/openapi.json', { 'Accept-Encoding': coding });
      expect(res.status, coding).toBe(200);
      expect(res.headers['content-encoding'], coding).toBe(coding);
      expect(varyNames(res), coding).toContain('accept-encoding');
      expect(res.body.byteLength, coding).toBeLessThan(identity.body.byteLength / 4);
      // The raw bytes really are that coding: brotli and gzip decoders reject anything else.
      expect(decode(res).toString('utf8'), coding).toBe(document);
      expect(res.headers.etag, coding).toBe(String(identity.headers.etag).replace(/"$/, `-${coding}"`));
    }
  });

  it('sends a body of at most 1 KiB plain, labelled identity, so wrangler dev (like the edge) leaves it alone', async () => {
    // A tiny 200 and a tiny problem (401: no token).
    for (const [path, status] of [
      ['/health', 'ok'],
      ['/api/v2/buildings', 401],
    ] as const) {
      const plain = await raw(path);
      expect(plain.body.byteLength, path).toBeLessThanOrEqual(1024);
      for (const coding of ['br', 'gzip', 'br, gzip'] as const) {
        const res = await raw(path, { 'Accept-Encoding': coding });
        expect(res.headers['content-encoding'], `${path} ${coding}`).toBe('identity');
        expect(varyNames(res), coding).toContain('accept-encoding');
        // Plain JSON on the wire: a compressed body would not parse.
        expect(JSON.parse(res.body.toString('utf8')), `${path} ${coding}`).toMatchObject({ status });
      }
    }
  });

  it('follows q-values: the highest acceptable coding wins, q=0 excludes', async () => {
    const gzip = await raw('/openapi.json', { 'Accept-Encoding': 'br;q=0.4, gzip;q=0.9' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const br = await raw('/openapi.json', { 'Accept-Encoding': 'gzip;q=0, br;q=0.5' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decode(br).toString('utf8'))).toMatchObject({ openapi: '3.1.0' });
    const none = await raw('/openapi.json', { 'Accept-Encoding': 'gzip;q=0, br;q=0' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(varyNames(none)).toContain('accept-encoding');
  });
});

describe('conditional GET', () => {
  it('answers If-None-Match with the current tag by 304 and no body, whatever coding is asked now', async () => {
    const first = await raw('/openapi.json', { 'Accept-Encoding': 'br' });
    const tag = String(first.headers.etag);
    expect(tag).toMatch(/^"[0-9a-f]{16}-br"$/);

    const again = await raw('/openapi.json', {
      'Accept-Encoding': 'gzip',
      'If-None-Match': `"stale", ${tag}`,
      'X-Request-Id': 'e2e-representation-304',
    });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    expect(again.headers.etag).toBe(tag.replace('-br"', '-gzip"'));
    expect(varyNames(again)).toContain('accept-encoding');
    expect(again.headers['x-request-id']).toBe('e2e-representation-304');
    expect(again.headers['server-timing']).toMatch(/total;dur=/);
    // No assertion on Content-Encoding here: the app sends none on a 304 (unit-tested), but Miniflare's imitation
    // of the Cloudflare edge labels type-less answers with the client's coding (docs/performance.md).

    const weak = await raw('/openapi.json', { 'If-None-Match': `W/${tag}` });
    expect(weak.status).toBe(304);
    const star = await raw('/openapi.json', { 'If-None-Match': '*' });
    expect(star.status).toBe(304);
    const stale = await raw('/openapi.json', { 'If-None-Match': '"0000000000000000"' });
    expect(stale.status).toBe(200);
    expect(JSON.parse(decode(stale).toString('utf8'))).toMatchObject({ openapi: '3.1.0' });
  });
});

describe('field selection', () => {
  it('keeps only the named fields of /health/ready, with a stable ETag for them', async () => {
    const res = await raw('/health/ready?fields=status');
    expect(res.status).toBe(200);
    expect(JSON.parse(decode(res).toString('utf8'))).toEqual({ status: 'ready' });
    const tag = String(res.headers.etag);
    expect(tag).toMatch(/^"[0-9a-f]{16}"$/);
    // The full answer carries latencies that change on every call; the selection does not.
    const again = await raw('/health/ready?fields=status', { 'If-None-Match': tag });
    expect(again.status).toBe(304);
    expect(again.headers['cache-control']).toBe('no-store');
    const full = await raw('/health/ready');
    expect(Object.keys(JSON.parse(decode(full).toString('utf8')))).toEqual(['status', 'checks']);
  });

  it('refuses an unknown field with 400 unknown_field listing the allowed ones', async () => {
    const res = await raw('/health/ready?fields=status,checks.d1');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(decode(res).toString('utf8')) as {
      code: string;
      errors: Array<{ path: string; code: string; message: string; allowed: string[] }>;
    };
    expect(problem.code).toBe('unknown_field');
    expect(problem.errors).toEqual([
      {
        path: 'fields',
        code: 'unknown_field',
        message: 'Unknown field: checks.d1.',
        allowed: ['status', 'checks'],
      },
    ]);
  });

  it('documents the fields parameter in /openapi.json', async () => {
    const doc = JSON.parse(decode(await raw('/openapi.json')).toString('utf8')) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    expect(doc.paths['/health/ready']?.get?.parameters).toContainEqual(
      expect.objectContaining({ name: 'fields', in: 'query' }),
    );
  });
});
