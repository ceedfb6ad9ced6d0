// Global middleware: counts each request against its rate-limit policy (exact counters in the RateLimiter Durable Object).
import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimitDecision } from '../../../durable-objects/rate-limiter';
import type { AppEnv } from '../../platform/app-env';
import { logger } from '../../platform/logger';
import { Problem } from '../../platform/problems';
import { bearerToken } from '../authenticate/bearer';
import { setResponseHeaders } from '../security-headers/response-headers';
import { clientBucket } from './client-ip';
import {
  isAuthPath,
  isRateLimitExempt,
  policyFor,
  type RateLimitPolicy,
  type RateLimitPolicyName,
  rateLimitHeader,
  rateLimitPolicyHeader,
} from './policies';

export { clientBucket, UNKNOWN_CLIENT } from './client-ip';
export * from './policies';

/**
 * The user of a valid access token, or undefined. The token is verified (once per request: authenticate()
 * reuses the result), not just decoded: with an unverified `sub`, anyone who knows a user's ID (members see
 * each other's) could forge tokens to empty that user's bucket and lock them out. Others count per IP.
 */
async function verifiedUser(c: Context<AppEnv>): Promise<string | undefined> {
  const bearer = await bearerToken(c);
  return bearer.status === 'valid' ? bearer.claims.sub : undefined;
}

/** The policy a request falls under and the partition (client) it counts for. */
async function classify(c: Context<AppEnv>): Promise<{ name: RateLimitPolicyName; partition: string }> {
  const ip = () => `ip:${clientBucket(c.req.header('CF-Connecting-IP'))}`;
  if (isAuthPath(c.req.path)) return { name: 'auth', partition: ip() };
  const user = await verifiedUser(c);
  return user ? { name: 'user', partition: `user:${user}` } : { name: 'anonymous', partition: ip() };
}

async function consult(
  namespace: AppEnv['Bindings']['RATE_LIMITER'],
  policy: RateLimitPolicy,
  partition: string,
): Promise<RateLimitDecision | undefined> {
  try {
    const stub = namespace.get(namespace.idFromName(`${policy.name}:${partition}`));
    return await stub.hit(policy.limit, policy.windowSeconds);
  } catch (error) {
    // Failing open: a limiter outage must not take the whole API down; the error log makes it visible.
    logger.error('rate limiter unavailable', { policy: policy.name, error });
    return undefined;
  }
}

/**
 * Answers 429 `rate_limited` with `Retry-After`, `RateLimit-Policy` and `RateLimit` when over the limit, and
 * adds the two RateLimit headers to every other answer. `/health` and `/health/ready` are not counted.
 */
export const rateLimit = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (isRateLimitExempt(c.req.path)) return next();
  const { name, partition } = await classify(c);
  const policy = policyFor(name, c.var.config);
  const decision = await consult(c.env.RATE_LIMITER, policy, partition);
  if (!decision) return next();
  const headers: Array<[string, string]> = [
    ['RateLimit-Policy', rateLimitPolicyHeader(policy)],
    ['RateLimit', rateLimitHeader(name, decision.remaining, decision.resetSeconds)],
  ];
  if (!decision.allowed) {
    throw new Problem('rate_limited', {
      headers: Object.fromEntries([...headers, ['Retry-After', String(decision.resetSeconds)]]),
    });
  }
  await next();
  setResponseHeaders(c, headers);
};
