// Route middleware: Idempotency-Key on POST and PATCH — act once, then replay the first final answer for 24 h.
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv, AuthUser } from '../../platform/app-env';
import { clientBucket } from '../../platform/client-ip';
import { database } from '../../platform/database';
import { hmacHex } from '../../platform/hmac';
import { logger } from '../../platform/logger';
import { Problem } from '../../platform/problems';
import { issuesToFieldErrors } from '../../platform/validation';
import { claimKey, completeKey, type Existing, type KeyRef, keyRef, releaseKey } from './service';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH']);
/** Answers larger than this (or marked no-store) replay their status and headers only (docs/rate-limits.md). */
export const MAX_REPLAYABLE_BODY_BYTES = 256 * 1024;

/** 1 to 255 visible ASCII characters (0x21–0x7E): no spaces, no control characters, nothing else. */
export const IdempotencyKeySchema = z
  .string()
  // One errors[] entry per bad key: a failed length check skips the character check.
  .min(1, { abort: true })
  .max(255, { abort: true })
  .regex(/^[\x21-\x7E]+$/);

/** The headers of an answer that a replay repeats; the rest (timing, IDs, limits) belong to the new request. */
const REPLAYED_HEADERS = [
  'content-type',
  'content-language',
  'location',
  'etag',
  'last-modified',
  'cache-control',
];

/** How many times a request retries a key that was released between its claim and its read. */
const CLAIM_ATTEMPTS = 3;

function parseKey(header: string): string {
  const parsed = IdempotencyKeySchema.safeParse(header);
  if (parsed.success) return parsed.data;
  throw new Problem('validation_failed', {
    errors: issuesToFieldErrors(parsed.error.issues).map((error) => ({
      ...error,
      path: IDEMPOTENCY_KEY_HEADER,
    })),
  });
}

/**
 * HMAC-SHA-256 (under FINGERPRINT_KEY) over method, path and query, and body: what "the same request" means.
 * Keyed because bodies hold passwords: a plain hash in D1 would let a copy of it test guesses at GPU speed.
 */
async function fingerprintOf(
  secret: string,
  method: string,
  url: string,
  body: ArrayBuffer,
): Promise<string> {
  const { pathname, search } = new URL(url);
  const head = new TextEncoder().encode(`${method}\n${pathname}${search}\n`);
  const bytes = new Uint8Array(head.length + body.byteLength);
  bytes.set(head);
  bytes.set(new Uint8Array(body), head.length);
  return hmacHex(secret, bytes);
}

// `c.var.withholdFromReplay`: declared by this module, which alone reads it, so the platform's AppEnv knows no feature.
declare module 'hono' {
  interface ContextVariableMap {
    /** The answer holds credentials: an Idempotency-Key replay repeats its status and headers, never its body. */
    withholdFromReplay: boolean;
  }
}

/**
 * Marks this request's answer as holding credentials (token pairs: register, login, refresh): it is kept
 * without its body, so credentials are never stored for replay, however sealed. Its replay is status and
 * headers only, like an answer over the size limit.
 */
export const withholdFromReplay = (c: Context<AppEnv>): void => c.set('withholdFromReplay', true);

function scopeOf(c: Context<AppEnv>): string {
  const user: AuthUser | undefined = c.get('user');
  return user ? `user:${user.id}` : `ip:${clientBucket(c.req.header('CF-Connecting-IP'))}`;
}

/** The body's bytes, or null once it passes `max` (the rest is not read). */
async function readUpTo(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function replay(existing: Extract<Existing, { state: 'done' }>): Response {
  const { status, headers, body } = existing.answer;
  const replayed = new Headers(headers);
  if (body === null) {
    replayed.delete('Content-Type');
    replayed.delete('Content-Language');
  }
  replayed.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
  const nullBody = status === 204 || status === 205 || status === 304;
  return new Response(nullBody || body === null ? null : body, { status, headers: replayed });
}

/** What a request gets when another request holds its key. */
function answerForExisting(existing: Existing, fingerprint: string): Response {
  if (existing.fingerprint !== fingerprint) throw new Problem('idempotency_key_mismatch');
  if (existing.state === 'in_flight') {
    throw new Problem('idempotency_in_flight', { headers: { 'Retry-After': '1' } });
  }
  return replay(existing);
}

/**
 * With an `Idempotency-Key`, a POST or PATCH acts once per key within its scope (the user, or the client IP
 * when anonymous): the first request claims the key in D1 and runs; its final answer (any status below 500)
 * is kept for 24 h and replayed with `Idempotent-Replayed: true` to the same request; the same key with
 * another request is 422 `idempotency_key_mismatch`; while the first runs, 409 `idempotency_in_flight`.
 * A 5xx releases the key so that a retry can act. Without the header nothing changes.
 */
export const idempotency = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!IDEMPOTENT_METHODS.has(c.req.method)) return next();
  const header = c.req.header(IDEMPOTENCY_KEY_HEADER);
  if (header === undefined) return next();
  const ref: KeyRef = await keyRef(scopeOf(c), parseKey(header));
  // Hono keeps the bytes, so the route's validator reads the same body afterwards.
  const fingerprint = await fingerprintOf(
    c.var.config.FINGERPRINT_KEY,
    c.req.method,
    c.req.url,
    await c.req.arrayBuffer(),
  );
  const db = database(c.env.DB);

  let lockId: string | undefined;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS && lockId === undefined; attempt += 1) {
    const claim = await claimKey(db, ref, fingerprint);
    if (claim.claimed) lockId = claim.lockId;
    else if (claim.existing) return answerForExisting(claim.existing, fingerprint);
  }
  // Released and re-claimed by others each time we looked: as good as in flight.
  if (lockId === undefined) throw new Problem('idempotency_in_flight', { headers: { 'Retry-After': '1' } });

  try {
    await next();
  } catch (error) {
    await releaseKey(db, ref, lockId);
    throw error;
  }
  if (c.res.status >= 500) {
    await releaseKey(db, ref, lockId);
    return;
  }
  try {
    const headers = [...c.res.headers].filter(([name]) => REPLAYED_HEADERS.includes(name.toLowerCase()));
    const body =
      c.get('withholdFromReplay') === true
        ? null
        : await readUpTo(c.res.clone().body, MAX_REPLAYABLE_BODY_BYTES);
    await completeKey(db, ref, lockId, fingerprint, { status: c.res.status, headers, body });
  } catch (error) {
    // The action happened and its answer goes out; the key stays locked until its lease ends.
    logger.error('idempotency answer not stored', { error });
  }
};
