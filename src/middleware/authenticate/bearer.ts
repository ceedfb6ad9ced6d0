// The request's bearer token, verified at most once per request (the rate limiter and authenticate() both ask).
import type { Context } from 'hono';
import { signingKeys } from '../../modules/auth/signing-keys';
import { type AccessClaims, verifyAccessToken } from '../../modules/auth/tokens';
import type { AppEnv } from '../../platform/app-env';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

export type BearerResult =
  | { status: 'missing' }
  | { status: 'invalid' }
  | { status: 'valid'; claims: AccessClaims };

const verified = new WeakMap<Request, Promise<BearerResult>>();

async function verify(c: Context<AppEnv>): Promise<BearerResult> {
  const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
  if (!token) return { status: 'missing' };
  // A broken key ring is a server problem (500 misconfigured), not an invalid token: let it throw.
  const ring = await signingKeys(c.var.config);
  return verifyAccessToken(ring, token).then(
    (claims): BearerResult => ({ status: 'valid', claims }),
    (): BearerResult => ({ status: 'invalid' }),
  );
}

export function bearerToken(c: Context<AppEnv>): Promise<BearerResult> {
  let result = verified.get(c.req.raw);
  if (!result) {
    result = verify(c);
    verified.set(c.req.raw, result);
  }
  return result;
}
