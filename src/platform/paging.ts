// One paging helper for every list: keyset cursors (opaque, HMAC-signed, bound to their list) or offset with total.
import { z } from '@hono/zod-openapi';
import { base64url } from 'jose';
import { Problem } from './problems';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/**
 * The deepest `?offset=`: an offset page is a scan of everything before it plus a COUNT(*), so deep offsets
 * would cost a query proportional to the table. Cursors cost the same at any depth.
 */
export const MAX_OFFSET = 10_000;

export const PageQuerySchema = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE)
      .openapi({
        description: `Items per page, 1 to ${MAX_PAGE_SIZE}.`,
        example: DEFAULT_PAGE_SIZE,
      }),
    cursor: z.string().max(512).optional().openapi({ description: 'Opaque cursor from `page.nextCursor`.' }),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .superRefine((offset, ctx) => {
        if (offset <= MAX_OFFSET) return;
        ctx.addIssue({
          code: 'custom',
          input: offset,
          params: {
            code: 'offset_too_large',
            messageKey: 'validation.offset_too_large',
            maximum: MAX_OFFSET,
          },
        });
      })
      .optional()
      .openapi({
        description: `Offset paging, with \`total\`; 0 to ${MAX_OFFSET}. Deeper is 422 (\`offset_too_large\`): follow \`page.nextCursor\` instead.`,
        maximum: MAX_OFFSET,
      }),
  })
  .refine((q) => q.cursor === undefined || q.offset === undefined, {
    message: 'use either cursor or offset, not both',
    path: ['offset'],
  });

export type PageQuery = z.infer<typeof PageQuerySchema>;

export const pageSchema = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      page: z.object({
        limit: z.number().int(),
        nextCursor: z.string().nullable(),
        offset: z.number().int().optional(),
        total: z.number().int().optional(),
      }),
    })
    .openapi(name);

export interface Page<T> {
  data: T[];
  page: { limit: number; nextCursor: string | null; offset?: number; total?: number };
}

export interface PageSource<T> {
  /** Items whose key is greater than `after` (all when undefined), ascending by key, at most `limit`. */
  keyset(after: string | undefined, limit: number): Promise<T[]>;
  /** One page by offset, and the total count. */
  offset(offset: number, limit: number): Promise<{ rows: T[]; total: number }>;
  /** The unique, ordered, immutable key of an item (a UUIDv7 id). */
  key(item: T): string;
}

const keys = new Map<string, Promise<CryptoKey>>();
const hmacKey = (secret: string): Promise<CryptoKey> => {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    keys.set(secret, key);
  }
  return key;
};

const encoder = new TextEncoder();

/** `<base64url(key)>.<base64url(hmac(scope, key))>`: opaque to clients, useless on another list. */
export async function encodeCursor(secret: string, scope: string, lastKey: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${scope}\n${lastKey}`));
  return `${base64url.encode(lastKey)}.${base64url.encode(new Uint8Array(mac).slice(0, 16))}`;
}

export async function decodeCursor(secret: string, scope: string, cursor: string): Promise<string> {
  const invalid = () => new Problem('invalid_cursor');
  const [encodedKey, encodedMac, extra] = cursor.split('.');
  if (!encodedKey || !encodedMac || extra !== undefined) throw invalid();
  let lastKey: string;
  let mac: Uint8Array;
  try {
    lastKey = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
      base64url.decode(encodedKey),
    );
    mac = base64url.decode(encodedMac);
  } catch {
    throw invalid();
  }
  const expected = new Uint8Array(
    await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${scope}\n${lastKey}`)),
  ).slice(0, 16);
  if (mac.length !== expected.length || !crypto.subtle.timingSafeEqual(mac, expected)) throw invalid();
  return lastKey;
}

/**
 * Reads one page. A cursor walk sees every item that existed for the whole walk exactly once,
 * because it follows a unique immutable key rather than a position.
 */
export async function readPage<T>(
  query: PageQuery,
  source: PageSource<T>,
  cursorKey: { secret: string; scope: string },
): Promise<Page<T>> {
  const { limit } = query;
  if (query.offset !== undefined) {
    // Offset pages link onwards by offset (see nextPageLink), so they carry no cursor.
    const { rows, total } = await source.offset(query.offset, limit);
    return { data: rows, page: { limit, nextCursor: null, offset: query.offset, total } };
  }
  const after =
    query.cursor === undefined
      ? undefined
      : await decodeCursor(cursorKey.secret, cursorKey.scope, query.cursor);
  const rows = await source.keyset(after, limit + 1);
  const data = rows.slice(0, limit);
  const nextCursor =
    rows.length > limit
      ? await encodeCursor(cursorKey.secret, cursorKey.scope, source.key(data[data.length - 1] as T))
      : null;
  return { data, page: { limit, nextCursor } };
}

/** The response headers every list documents: `Link` to the next page. */
export const PAGE_HEADERS = {
  Link: {
    description: 'RFC 8288 `<…>; rel="next"` link to the next page, when there is one',
    schema: { type: 'string' as const },
  },
};

/** RFC 8288 `Link` to the next page, keeping the request's other query parameters. */
export function nextPageLink(requestUrl: string, page: Page<unknown>['page']): string | undefined {
  if (page.nextCursor === null && (page.offset === undefined || page.total === undefined)) return undefined;
  const url = new URL(requestUrl);
  if (page.offset !== undefined && page.total !== undefined) {
    const next = page.offset + page.limit;
    if (next >= page.total) return undefined;
    url.searchParams.set('offset', String(next));
  } else if (page.nextCursor !== null) {
    url.searchParams.set('cursor', page.nextCursor);
  }
  return `<${url.pathname}${url.search}>; rel="next"`;
}
