// Global middleware: security headers on every response (a strict CSP for the JSON API, a looser one for /docs) and CORS.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/app-env';
import { setResponseHeaders } from './response-headers';

export { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, cors } from './cors';

/** A JSON API renders nothing: no sources at all, and no framing. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The HTML pages under /docs: scripts from this origin only (the reference's bundle is one of the Worker's static
 * assets) plus the page's own inline scripts by hash (no 'unsafe-inline' for scripts), inline styles (Scalar
 * injects them at run time), fetches to this origin only. No third-party origin: the page works offline.
 */
export const docsContentSecurityPolicy = (scriptHashes: readonly string[]): string =>
  [
    "default-src 'none'",
    `script-src ${[...scriptHashes, "'self'"].join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
];

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/** CSP source expressions (`'sha256-…'`) of each inline script of a page. */
export async function inlineScriptHashes(html: string): Promise<string[]> {
  const hashes: string[] = [];
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(match[1] ?? ''));
    hashes.push(`'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
  }
  return hashes;
}

// The docs pages are the same bytes on every request; hash them once per isolate.
const docsPolicies = new Map<string, string>();

async function contentSecurityPolicy(c: Context<AppEnv>): Promise<string> {
  const isDocsPage =
    (c.req.path === '/docs' || c.req.path.startsWith('/docs/')) &&
    (c.res.headers.get('Content-Type') ?? '').startsWith('text/html');
  if (!isDocsPage) return API_CONTENT_SECURITY_POLICY;
  const html = await c.res.clone().text();
  let policy = docsPolicies.get(html);
  if (!policy) {
    policy = docsContentSecurityPolicy(await inlineScriptHashes(html));
    if (docsPolicies.size > 16) docsPolicies.clear();
    docsPolicies.set(html, policy);
  }
  return policy;
}

/**
 * Strict-Transport-Security, X-Frame-Options: DENY, Referrer-Policy: no-referrer, nosniff and a
 * Content-Security-Policy on every response; a route that set one of them itself keeps its value.
 */
export const securityHeaders = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  const csp = await contentSecurityPolicy(c);
  const headers =
    csp === API_CONTENT_SECURITY_POLICY
      ? API_SECURITY_HEADERS
      : [...SECURITY_HEADERS, ['Content-Security-Policy', csp] as const];
  setResponseHeaders(c, headers, { overwrite: false });
};

/** The headers of every API answer, built once per isolate. */
const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ...SECURITY_HEADERS,
  ['Content-Security-Policy', API_CONTENT_SECURITY_POLICY],
];
