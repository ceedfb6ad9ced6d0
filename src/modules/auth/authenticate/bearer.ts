// The request's bearer token, verified at most once per request (the rate limiter and authenticate() both ask),
// and a verified token's claims remembered per isolate until it expires, so a client's next requests skip the
// signature check (about a tenth of an authenticated request's CPU).
import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/app-env';
import { signingKeys } from '../signing-keys';
import { type AccessClaims, type KeyRing, verifyAccessToken } from '../tokens';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;
/** Bounded: a flood of distinct valid tokens only empties the memo, it never grows past this. */
const MAX_REMEMBERED_TOKENS = 1000;

export type BearerResult =
  | { status: 'missing' }
  | { status: 'invalid' }
  | { status: 'valid'; claims: AccessClaims };

const perRequest = new WeakMap<Request, Promise<BearerResult>>();
/** Per key ring, so a rotated ring (a new object) forgets every token the old one verified. */
const remembered = new WeakMap<KeyRing, Map<string, AccessClaims>>();

async function verifyRemembering(ring: KeyRing, token: string): Promise<AccessClaims> {
  let tokens = remembered.get(ring);
  if (!tokens) {
    tokens = new Map();
    remembered.set(ring, tokens);
  }
  const known = tokens.get(token);
  // The exact token text was verified (verification refuses non-canonical spellings); only expiry can change.
  if (known && known.exp * 1000 > Date.now()) return known;
  if (known) tokens.delete(token);
  const claims = await verifyAccessToken(ring, token);
  if (tokens.size >= MAX_REMEMBERED_TOKENS) tokens.clear();
  tokens.set(token, claims);
  return claims;
}

async function verify(c: Context<AppEnv>): Promise<BearerResult> {
  const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
  if (!token) return { status: 'missing' };
  // A broken key ring is a server problem (500 misconfigured), not an invalid token: let it throw.
  const ring = await signingKeys(c.var.config);
  return verifyRemembering(ring, token).then(
    (claims): BearerResult => ({ status: 'valid', claims }),
    (): BearerResult => ({ status: 'invalid' }),
  );
}

export function bearerToken(c: Context<AppEnv>): Promise<BearerResult> {
  let result = perRequest.get(c.req.raw);
  if (!result) {
    result = verify(c);
    perRequest.set(c.req.raw, result);
  }
  return result;
}

/**
 * The user of a valid access token, or undefined: whom the rate limiter counts a request against. The token is
 * verified (once per request: authenticate() reuses the result), not just decoded: with an unverified `sub`,
 * anyone who knows a user's ID (members see each other's) could forge tokens to empty that user's bucket and
 * lock them out.
 */
export async function verifiedUserId(c: Context<AppEnv>): Promise<string | undefined> {
  const bearer = await bearerToken(c);
  return bearer.status === 'valid' ? bearer.claims.sub : undefined;
}
