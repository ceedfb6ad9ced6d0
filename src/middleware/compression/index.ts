// Response compression (2.5): br or gzip by Accept-Encoding, bodies over 1 KiB, compressible types only;
// smaller bodies are labelled `Content-Encoding: identity` so nothing downstream compresses them either.
//
// Who compresses: the runtime. The middleware only decides and labels: it sets `Content-Encoding` on a response
// whose body stays plain, and workerd encodes it on the way out (`encodeBody: "automatic"`, the default).
// bench/compression.mjs measured this cheaper than CompressionStream in JavaScript, and workerd's
// CompressionStream has no brotli at all (docs/performance.md, "Compression").
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/app-env';
import { withContentCoding } from '../../platform/entity-tag';
import { builtJson } from '../../platform/json-body';
import { appendVary, clientAcceptEncoding, compressionPlan } from './negotiate';

export {
  COMPRESSION_THRESHOLD,
  type CompressionPlan,
  clientAcceptEncoding,
  compressionPlan,
  isCompressibleType,
  negotiateContentCoding,
} from './negotiate';

/** Edits the response's headers; responses from fetch() or the Cache API have immutable ones, copied first. */
export function editHeaders(c: Context<AppEnv>, edit: (headers: Headers) => void): void {
  try {
    edit(c.res.headers);
  } catch {
    c.res = new Response(c.res.body, c.res);
    edit(c.res.headers);
  }
}

/**
 * The body's size: its Content-Length, the bytes the route built (json-body.ts), or the length of the body read
 * into memory (kept as the new body).
 */
async function bodySize(c: Context<AppEnv>): Promise<number> {
  const declared = c.res.headers.get('Content-Length');
  if (declared !== null && /^\d+$/.test(declared)) return Number(declared);
  const built = builtJson(c.res);
  if (built) return built.bytes.byteLength;
  if (c.res.body === null) return 0;
  const bytes = new Uint8Array(await c.res.arrayBuffer());
  c.res = new Response(bytes, c.res);
  return bytes.byteLength;
}

export const compression = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  const first = compressionPlan({
    method: c.req.method,
    status: c.res.status,
    headers: c.res.headers,
    // Size only matters once every other condition holds; measure it lazily below.
    size: Number.POSITIVE_INFINITY,
    acceptEncoding: clientAcceptEncoding(c.req.raw),
  });
  if (!first.vary) return;
  editHeaders(c, (headers) => appendVary(headers, 'Accept-Encoding'));
  if (first.coding === undefined) return;

  const plan = compressionPlan({
    method: c.req.method,
    status: c.res.status,
    headers: c.res.headers,
    size: await bodySize(c),
    acceptEncoding: clientAcceptEncoding(c.req.raw),
  });
  const coding = plan.coding;
  if (coding === undefined) {
    // Only the size kept it plain. Say so: Cloudflare's edge (and wrangler dev, which imitates it) compresses an
    // answer without Content-Encoding by itself, and the contract keeps bodies of at most 1 KiB uncompressed.
    editHeaders(c, (headers) => headers.set('Content-Encoding', 'identity'));
    return;
  }
  editHeaders(c, (headers) => {
    headers.set('Content-Encoding', coding);
    // The runtime encodes the body, so the identity length no longer describes it.
    headers.delete('Content-Length');
    const tag = headers.get('ETag');
    if (tag !== null) headers.set('ETag', withContentCoding(tag, coding));
  });
};
