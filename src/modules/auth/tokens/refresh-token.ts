// Opaque refresh tokens: random bearer strings of which only a SHA-256 hash is ever stored.
import { base64url } from 'jose';

// A recognisable prefix lets secret scanners spot a leaked token and makes a token pasted in the
// wrong place (an access token where a refresh token belongs) obvious at a glance.
export const REFRESH_TOKEN_PREFIX = 'drt_';
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

const TOKEN_BYTES = 32;
// 32 bytes are 43 base64url characters; the last one carries 4 data bits and 2 zero bits, hence its set.
const REFRESH_TOKEN_PATTERN = /^drt_[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

export function newRefreshToken(): string {
  return REFRESH_TOKEN_PREFIX + base64url.encode(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

/**
 * The value stored and looked up instead of the token (lowercase hex). A plain, unsalted SHA-256 is
 * enough: with 256 random bits there is nothing to guess, and determinism is what allows the lookup.
 */
export async function hashRefreshToken(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A cheap shape check, so garbage is refused before it costs a hash and a database query. */
export function looksLikeRefreshToken(value: unknown): value is string {
  return typeof value === 'string' && REFRESH_TOKEN_PATTERN.test(value);
}
