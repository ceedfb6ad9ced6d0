// JSON answers serialised once: the ETag, the response and the middleware after the route share one text and its bytes.
import type { Context } from 'hono';
import { currentContext } from './context';

const encoder = new TextEncoder();

/** What a JSON answer was built from, for middleware that would otherwise read (and re-parse) its body. */
export interface BuiltJson {
  readonly value: unknown;
  readonly bytes: Uint8Array;
}

// Keyed by the Response: a copy (new Response(body, old)) is not found, so nothing stale can be read through it.
const built = new WeakMap<Response, BuiltJson>();

/**
 * JSON.stringify(value), kept for the rest of the request in one slot: a route that computes its ETag over the body
 * and then answers with the same object serialises it once. Per request, so an object shared between requests (an
 * in-isolate cache entry) is never answered with another request's text.
 */
export function serializeJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const context = currentContext();
  const slot = context?.lastJson;
  if (slot !== undefined && slot.value === value) return slot.text;
  const text = JSON.stringify(value);
  if (context) context.lastJson = { value, text };
  return text;
}

/** The body a response was built from by `jsonResponder` or `rememberJson`, if it is still that response. */
export const builtJson = (response: Response): BuiltJson | undefined => built.get(response);

/** A JSON response whose value and bytes later middleware can read without touching its stream. */
export function jsonResponse(value: unknown, init: ResponseInit): Response {
  const bytes = encoder.encode(serializeJson(value));
  const response = new Response(bytes, init);
  built.set(response, { value, bytes });
  return response;
}

type JsonHeaders = Record<string, string | string[]>;

/**
 * Hono's `c.json` with the same arguments and the same Content-Type default, remembering what it built. Installed
 * on each request's context by the request-context middleware.
 */
export function jsonResponder(c: Context): Context['json'] {
  const respond = (value: unknown, arg?: number | ResponseInit, headers?: JsonHeaders): Response => {
    const bytes = encoder.encode(serializeJson(value));
    const response = c.body(
      bytes as Uint8Array<ArrayBuffer>,
      arg as never,
      { 'Content-Type': 'application/json', ...headers } as never,
    );
    built.set(response, { value, bytes });
    return response;
  };
  return respond as Context['json'];
}
