// Conditional GET (2.6): a strong ETag on every successful JSON answer to GET/HEAD, and 304 for If-None-Match.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/app-env';
import {
  contentEntityTag,
  parseEntityTagList,
  weakMatchAnyCoding,
  withContentCoding,
} from '../../platform/entity-tag';
import { builtJson } from '../../platform/json-body';
import { editHeaders } from '../compression';
import { appendVary, clientAcceptEncoding, compressionPlan, mediaType } from '../compression/negotiate';

/** JSON answers, problem details excepted (errors are never validated against). */
export function isTaggableJson(contentType: string | null): boolean {
  const type = mediaType(contentType);
  if (type === undefined || type === 'application/problem+json') return false;
  return type === 'application/json' || type.endsWith('+json');
}

/**
 * Whether an If-None-Match field value fails for `currentTag` (RFC 9110 §13.1.2): `*` or any listed tag that
 * weakly matches it, whatever content coding either tag was made for.
 */
export function ifNoneMatchFails(header: string, currentTag: string): boolean {
  const list = parseEntityTagList(header);
  return list === '*' || list.some((tag) => weakMatchAnyCoding(tag, currentTag));
}

// Representation metadata a 304 must not carry (RFC 9110 §15.4.5): the stored answer's own fields stay in force.
const CONTENT_FIELDS = [
  'Content-Type',
  'Content-Length',
  'Content-Language',
  'Content-Encoding',
  'Content-Range',
  'Content-Disposition',
  'Content-Digest',
  'Repr-Digest',
  'Digest',
];

/** The identity bytes: those the route built (json-body.ts) when it did, else the body read into memory. */
async function readBody(c: Context<AppEnv>): Promise<Uint8Array> {
  const built = builtJson(c.res);
  if (built) return built.bytes;
  const bytes = new Uint8Array(await c.res.arrayBuffer());
  c.res = new Response(bytes, c.res);
  return bytes;
}

/**
 * After the route (and its field selection) answered: tags 2xx JSON answers to GET and HEAD with a strong ETag
 * over the final identity bytes, unless the route set its own (versioned) tag, which is kept. Then, when
 * If-None-Match names that tag, replaces the answer with 304 and no body, keeping ETag, Cache-Control, Expires,
 * Vary, Content-Location, Date and every non-content field (Link, X-Request-Id, Server-Timing added outside).
 * The 304 carries the tag and Vary the full answer would have had after compression.
 */
export const conditionalGet = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD') return;
  const { status } = c.res;
  // RFC 9110 §13.2.1: preconditions only apply when the answer would otherwise be 2xx.
  if (status < 200 || status > 299 || status === 204 || status === 206) return;
  if (!isTaggableJson(c.res.headers.get('Content-Type'))) return;

  let bytes: Uint8Array | undefined;
  let tag = c.res.headers.get('ETag');
  if (tag === null) {
    bytes = await readBody(c);
    const computed = await contentEntityTag(bytes);
    editHeaders(c, (headers) => headers.set('ETag', computed));
    tag = computed;
  }

  const ifNoneMatch = c.req.header('If-None-Match');
  if (ifNoneMatch === undefined || !ifNoneMatchFails(ifNoneMatch, tag)) return;

  bytes ??= await readBody(c);
  const plan = compressionPlan({
    method,
    status,
    headers: c.res.headers,
    size: bytes.byteLength,
    acceptEncoding: clientAcceptEncoding(c.req.raw),
  });
  const currentTag = plan.coding === undefined ? tag : withContentCoding(tag, plan.coding);
  const full = c.res.headers;
  c.res = new Response(null, { status: 304, headers: full });
  // Hono's c.res setter copies the previous answer's fields over; drop the content ones again.
  editHeaders(c, (headers) => {
    for (const name of CONTENT_FIELDS) headers.delete(name);
    headers.set('ETag', currentTag);
    if (plan.vary) appendVary(headers, 'Accept-Encoding');
  });
};
