// Sets headers on the response on the way out, copying it first when its headers are immutable.
import type { Context } from 'hono';

/**
 * A Response from fetch() or the Cache API has immutable headers; copying it once makes them writable.
 * `overwrite: false` keeps a value the route already chose.
 */
export function setResponseHeaders(
  c: Context,
  headers: Iterable<readonly [string, string]>,
  { overwrite = true }: { overwrite?: boolean } = {},
): void {
  for (const [name, value] of headers) {
    if (!overwrite && c.res.headers.has(name)) continue;
    try {
      c.res.headers.set(name, value);
    } catch {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set(name, value);
    }
  }
}
