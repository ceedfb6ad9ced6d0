// Global middleware: refuses request bodies over the limit with 413 payload_too_large, before they are read into memory.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../platform/app-env';
import { Problem } from '../../platform/problems';

/** The contract's cap on a one-request upload (contract-files.md); the files routes check their own per-purpose limits. */
export const MAX_MULTIPART_BODY_BYTES = 25 * 1024 * 1024;

/**
 * tus PATCH chunks stream straight to R2 and are bounded by the upload's declared length, so the upload
 * routes check them; buffering them here would defeat the streaming.
 */
const STREAMED_MEDIA_TYPES = new Set(['application/offset+octet-stream']);

const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** The problem names the limit (`maxBytes`), so a client knows how far to shrink. */
const tooLarge = (limit: number) => () => {
  throw new Problem('payload_too_large', { extensions: { maxBytes: limit } });
};

/**
 * Every body is capped at `MAX_BODY_BYTES` (1 MiB by default), `multipart/form-data` at the one-request upload
 * cap. With a Content-Length the request is refused before a byte is read; a chunked body (no length) is
 * counted as it streams and refused as soon as it passes the limit, so at most the limit is ever buffered.
 */
export const bodyLimit = (): MiddlewareHandler<AppEnv> => {
  const limiters = new Map<number, MiddlewareHandler>();
  const limiterFor = (limit: number): MiddlewareHandler => {
    let limiter = limiters.get(limit);
    if (!limiter) {
      limiter = honoBodyLimit({ maxSize: limit, onError: tooLarge(limit) });
      limiters.set(limit, limiter);
    }
    return limiter;
  };
  return async (c, next) => {
    const type = mediaType(c.req.header('Content-Type'));
    if (STREAMED_MEDIA_TYPES.has(type)) return next();
    const limit = type === 'multipart/form-data' ? MAX_MULTIPART_BODY_BYTES : c.var.config.MAX_BODY_BYTES;
    return limiterFor(limit)(c, next);
  };
};
