// Content-coding negotiation (RFC 9110 §12.5.3) and the compression policy: which answers are compressed, with what.
import type { TaggedContentCoding } from '../../platform/entity-tag';

export type ContentCoding = TaggedContentCoding;

/** Bodies of at most this many bytes are sent as they are: compressing them saves little and costs a frame. */
export const COMPRESSION_THRESHOLD = 1024;

/** Our codings in order of preference when the client weighs them equally: br is smaller at a similar cost. */
const SUPPORTED: readonly ContentCoding[] = ['br', 'gzip'];

/** Below any weight a client can write (q has at most three decimals): identity when nothing is listed for it. */
const IMPLICIT_IDENTITY = 0.0001;

const ELEMENT = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:;\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*)?$/i;

/** The weight of each coding an Accept-Encoding field value lists; malformed members are ignored. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const member of header.split(',')) {
    const match = ELEMENT.exec(member.trim());
    if (!match) continue;
    let coding = (match[1] as string).toLowerCase();
    if (coding === 'x-gzip') coding = 'gzip'; // RFC 9110 §8.4.1.3
    const weight = match[2] === undefined ? 1 : Number(match[2]);
    // A coding listed twice keeps its first weight.
    if (!weights.has(coding)) weights.set(coding, weight);
  }
  return weights;
}

/**
 * The coding to send a compressible body with, or undefined for identity. Each coding's weight is its own,
 * else that of `*`, else 0; identity's is its own, else that of `*`, else just above 0. The highest weight wins;
 * on a tie br beats gzip and a compression beats identity. `q=0` excludes. No field (or an empty one) means
 * identity: clients that send nothing are not assumed to decode anything.
 */
export function negotiateContentCoding(acceptEncoding: string | undefined): ContentCoding | undefined {
  if (acceptEncoding === undefined || acceptEncoding.trim() === '') return undefined;
  const weights = parseAcceptEncoding(acceptEncoding);
  const wildcard = weights.get('*');
  const weightOf = (coding: string) => weights.get(coding) ?? wildcard ?? 0;
  let best: ContentCoding | undefined;
  let bestWeight = 0;
  for (const coding of SUPPORTED) {
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  if (best === undefined) return undefined;
  const identity = weights.get('identity') ?? wildcard ?? IMPLICIT_IDENTITY;
  return bestWeight >= identity ? best : undefined;
}

/**
 * The client's own Accept-Encoding. On Cloudflare (and in Miniflare) the Worker sees a normalised header and the
 * client's value is in `request.cf.clientAcceptEncoding`; elsewhere (tests calling the app directly) the header.
 * An empty value counts as none: Miniflare reports a missing header as "".
 */
export function clientAcceptEncoding(request: Request): string | undefined {
  const cf: unknown = request.cf;
  if (cf !== null && typeof cf === 'object' && 'clientAcceptEncoding' in cf) {
    const value = cf.clientAcceptEncoding;
    if (typeof value === 'string') return value === '' ? undefined : value;
  }
  return request.headers.get('Accept-Encoding') ?? undefined;
}

// Media types that are already compressed (or are containers of compressed data). Listed explicitly so that an
// allow-list change can never start compressing them; everything not on the allow-list below is left alone too.
const ALREADY_COMPRESSED = [
  /^image\/(?!svg\+xml$|bmp$|x-ms-bmp$|x-icon$|vnd\.microsoft\.icon$)/, // png, jpeg, gif, webp, avif, heic, jxl…
  /^video\//,
  /^audio\//,
  /^font\/(?:woff|woff2)$/,
  /^application\/(?:zip|gzip|x-gzip|zstd|x-zstd|x-bzip2?|x-xz|x-7z-compressed|vnd\.rar|x-rar-compressed|x-lzip|brotli)$/,
  /^application\/(?:pdf|octet-stream|wasm-compressed|java-archive|vnd\.android\.package-archive|x-apple-diskimage)$/,
  /^application\/vnd\.openxmlformats-officedocument\./, // docx, xlsx, pptx are zip files
  /^application\/vnd\.oasis\.opendocument\./, // odt, ods: zip files
  /^application\/epub\+zip$/,
  /\+(?:zip|gzip|zstd)$/, // structured-syntax suffixes of compressed containers (RFC 6839, RFC 8081)
];

const COMPRESSIBLE = [
  /^text\/(?!event-stream$)/, // every text type but Server-Sent Events, which must flow event by event
  /^application\/(?:json|problem\+json|ld\+json|manifest\+json|geo\+json|x-ndjson|ndjson|jsonl)$/,
  /^application\/(?:xml|xhtml\+xml|rss\+xml|atom\+xml|javascript|x-javascript|ecmascript|wasm|yaml|x-yaml|toml)$/,
  /^application\/(?:graphql|x-www-form-urlencoded|vnd\.ms-fontobject|x-font-ttf|x-font-otf|rtf|postscript)$/,
  /^application\/[^;\s]+\+(?:json|xml|yaml|text)$/, // any structured-syntax suffix of a text format
  /^image\/(?:svg\+xml|bmp|x-ms-bmp|x-icon|vnd\.microsoft\.icon)$/,
  /^font\/(?:ttf|otf|collection)$/,
];

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaType(contentType: string | null | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** Whether a body of this Content-Type gains from compression. Unknown or missing types are left alone. */
export function isCompressibleType(contentType: string | null | undefined): boolean {
  const type = mediaType(contentType);
  if (type === undefined || ALREADY_COMPRESSED.some((re) => re.test(type))) return false;
  return COMPRESSIBLE.some((re) => re.test(type));
}

/** Statuses whose answers never carry content (RFC 9110 §15.2, §15.3.5, §15.4.5). */
const noContent = (status: number): boolean =>
  status < 200 || status === 204 || status === 205 || status === 304;

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

export interface CompressionPlan {
  /** Add `Vary: Accept-Encoding`: the answer's coding depends on it (set even when the body stays identity). */
  vary: boolean;
  /** The coding to send the body with, or undefined for identity. */
  coding: ContentCoding | undefined;
}

export interface CompressionInput {
  method: string;
  status: number;
  headers: Headers;
  /** The identity body's size in bytes. */
  size: number;
  acceptEncoding: string | undefined;
}

/**
 * The one policy both the compression middleware (for full answers) and the conditional-GET middleware (for the
 * headers a 304 must repeat) follow. Compressed iff the type is compressible, the answer is not already encoded,
 * carries content, is not for HEAD, is not marked `no-transform`, is over the threshold, and a coding is acceptable.
 */
export function compressionPlan({
  method,
  status,
  headers,
  size,
  acceptEncoding,
}: CompressionInput): CompressionPlan {
  if (!isCompressibleType(headers.get('Content-Type')) || headers.has('Content-Encoding')) {
    return { vary: false, coding: undefined };
  }
  const eligible =
    method !== 'HEAD' &&
    !noContent(status) &&
    status !== 206 &&
    !NO_TRANSFORM.test(headers.get('Cache-Control') ?? '') &&
    size > COMPRESSION_THRESHOLD;
  return { vary: true, coding: eligible ? negotiateContentCoding(acceptEncoding) : undefined };
}

/** Adds `name` to the Vary field unless it (or `*`) is already there. */
export function appendVary(headers: Headers, name: string): void {
  const current = headers.get('Vary');
  if (current === null || current.trim() === '') {
    headers.set('Vary', name);
    return;
  }
  const members = current.split(',').map((m) => m.trim().toLowerCase());
  if (members.includes('*') || members.includes(name.toLowerCase())) return;
  headers.set('Vary', `${current}, ${name}`);
}
