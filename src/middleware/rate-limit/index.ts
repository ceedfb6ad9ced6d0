// Global middleware: counts each request against its rate-limit policy: `auth` exactly in the RateLimiter Durable
// Object, `user` and `anonymous` approximately in the Workers Rate Limiting bindings (docs/rate-limits.md).
import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimitDecision } from '../../../durable-objects/rate-limiter';
import type { AppEnv } from '../../platform/app-env';
import { clientBucket } from '../../platform/client-ip';
import { logger } from '../../platform/logger';
import { Problem } from '../../platform/problems';
import { setResponseHeaders } from '../security-headers/response-headers';
import {
  BINDING_LIMITS,
  type BindingPolicyName,
  isAuthPath,
  isBindingPolicy,
  isRateLimitExempt,
  policyFor,
  type RateLimitPolicy,
  type RateLimitPolicyName,
  rateLimitHeader,
  rateLimitPolicyHeader,
} from './policies';

export { clientBucket, UNKNOWN_CLIENT } from '../../platform/client-ip';
export * from './policies';

/**
 * The user a request proves it comes from, or undefined (it then counts per IP). Supplied by the app
 * (the auth module's verified bearer token), so this generic middleware knows no feature.
 */
export type IdentifyUser = (c: Context<AppEnv>) => Promise<string | undefined>;

/** The policy a request falls under and the partition (client) it counts for. */
async function classify(
  c: Context<AppEnv>,
  identify: IdentifyUser,
): Promise<{ name: RateLimitPolicyName; partition: string }> {
  const ip = () => `ip:${clientBucket(c.req.header('CF-Connecting-IP'))}`;
  if (isAuthPath(c.req.path)) return { name: 'auth', partition: ip() };
  const user = await identify(c);
  return user ? { name: 'user', partition: `user:${user}` } : { name: 'anonymous', partition: ip() };
}

/** How long a client is asked to wait when the `auth` counter cannot be consulted. */
const LIMITER_RETRY_AFTER_SECONDS = 5;

/** The exact count of the `auth` policy; undefined (logged) when the Durable Object cannot be reached. */
async function consultCounter(
  namespace: AppEnv['Bindings']['RATE_LIMITER'],
  policy: RateLimitPolicy,
  partition: string,
): Promise<RateLimitDecision | undefined> {
  try {
    const stub = namespace.get(namespace.idFromName(`${policy.name}:${partition}`));
    return await stub.hit(policy.limit, policy.windowSeconds);
  } catch (error) {
    // The caller decides: `auth` fails closed, the others open. The error log makes the outage visible.
    logger.error('rate limiter unavailable', { policy: policy.name, error });
    return undefined;
  }
}

/** Whether the binding admits the request; undefined (logged) when it fails. It says nothing more. */
async function consultBinding(
  env: AppEnv['Bindings'],
  name: BindingPolicyName,
  partition: string,
): Promise<boolean | undefined> {
  try {
    const { success } = await env[BINDING_LIMITS[name].binding].limit({ key: partition });
    return success;
  } catch (error) {
    logger.error('rate limiter unavailable', { policy: name, error });
    return undefined;
  }
}

/**
 * The headers of a counted answer and, when refused, the wait. The exact counter knows what remains and
 * when; a binding only says yes or no, so its successes carry no `RateLimit` (the draft lets a server omit
 * it) and a refusal waits the binding's whole fixed period, the longest the wait can be.
 */
async function decide(
  c: Context<AppEnv>,
  policy: RateLimitPolicy,
  partition: string,
): Promise<{ allowed: boolean; headers: Array<[string, string]>; retryAfter: number } | undefined> {
  const policyHeader: [string, string] = ['RateLimit-Policy', rateLimitPolicyHeader(policy)];
  const { name } = policy;
  if (isBindingPolicy(name)) {
    const success = await consultBinding(c.env, name, partition);
    if (success === undefined) return undefined;
    const period = BINDING_LIMITS[name].periodSeconds;
    return success
      ? { allowed: true, headers: [policyHeader], retryAfter: 0 }
      : {
          allowed: false,
          headers: [policyHeader, ['RateLimit', rateLimitHeader(name, 0, period)]],
          retryAfter: period,
        };
  }
  const decision = await consultCounter(c.env.RATE_LIMITER, policy, partition);
  if (!decision) return undefined;
  return {
    allowed: decision.allowed,
    headers: [policyHeader, ['RateLimit', rateLimitHeader(name, decision.remaining, decision.resetSeconds)]],
    retryAfter: decision.resetSeconds,
  };
}

/**
 * Answers 429 `rate_limited` with `Retry-After`, `RateLimit-Policy` and `RateLimit` when over the limit, and
 * adds `RateLimit-Policy` (and, for `auth`, `RateLimit`) to every other answer. `/health` and `/health/ready`
 * are not counted.
 */
export const rateLimit =
  (identify: IdentifyUser): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (isRateLimitExempt(c.req.path)) return next();
    const { name, partition } = await classify(c, identify);
    const decision = await decide(c, policyFor(name, c.var.config), partition);
    if (!decision) {
      // `auth` fails closed: it is what stands between a password guesser and PBKDF2, and a client can make its
      // own counter fail (by flooding it). `user` and `anonymous` only shield capacity, so an outage lets them by.
      if (name === 'auth') {
        throw new Problem('service_unavailable', {
          detailKey: 'auth.limiter_unavailable',
          headers: { 'Retry-After': String(LIMITER_RETRY_AFTER_SECONDS) },
        });
      }
      return next();
    }
    if (!decision.allowed) {
      throw new Problem('rate_limited', {
        headers: Object.fromEntries([...decision.headers, ['Retry-After', String(decision.retryAfter)]]),
      });
    }
    await next();
    setResponseHeaders(c, decision.headers);
  };
