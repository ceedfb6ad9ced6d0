// The rate-limit policies (which one a request falls under) and their IETF RateLimit / RateLimit-Policy header values.
import type { Config } from '../../env';

/** Every policy counts over one minute (docs/rate-limits.md). */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

export const RATE_LIMIT_POLICIES = ['auth', 'user', 'anonymous'] as const;
export type RateLimitPolicyName = (typeof RATE_LIMIT_POLICIES)[number];

export interface RateLimitPolicy {
  name: RateLimitPolicyName;
  limit: number;
  windowSeconds: number;
}

/** Liveness and readiness probes must answer whatever a client does. */
const EXEMPT_PATHS = new Set(['/health', '/health/ready']);

export const isRateLimitExempt = (path: string): boolean => EXEMPT_PATHS.has(path);

/** `/api/<version>/auth/...`: credentials are guessed here, so it is counted per IP even with a token. */
const AUTH_PATH = /^\/api\/[^/]+\/auth\//;

export const isAuthPath = (path: string): boolean => AUTH_PATH.test(path);

export function policyFor(name: RateLimitPolicyName, config: Config): RateLimitPolicy {
  const limit = {
    auth: config.RATE_LIMIT_AUTH_PER_MINUTE,
    user: config.RATE_LIMIT_USER_PER_MINUTE,
    anonymous: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
  }[name];
  return { name, limit, windowSeconds: RATE_LIMIT_WINDOW_SECONDS };
}

/** `RateLimit-Policy: "auth";q=10;w=60` (draft-ietf-httpapi-ratelimit-headers: a structured-field List). */
export const rateLimitPolicyHeader = (policy: RateLimitPolicy): string =>
  `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`;

/** `RateLimit: "auth";r=9;t=60`: what is left now and for how many seconds no more will be. */
export const rateLimitHeader = (name: RateLimitPolicyName, remaining: number, resetSeconds: number): string =>
  `"${name}";r=${remaining};t=${resetSeconds}`;

/** For the OpenAPI document: the policy of a route, from its path relative to the version and its security. */
export function documentedPolicy(route: { path: string; security?: unknown[] }): RateLimitPolicyName {
  if (route.path.startsWith('/auth/')) return 'auth';
  return route.security?.length ? 'user' : 'anonymous';
}

export const POLICY_DESCRIPTIONS: Record<RateLimitPolicyName, string> = {
  auth: '`auth`: 10 requests per minute per client IP (env `RATE_LIMIT_AUTH_PER_MINUTE`), on `/api/*/auth/*`.',
  user: '`user`: 600 requests per minute per user (env `RATE_LIMIT_USER_PER_MINUTE`), on requests with a valid access token.',
  anonymous:
    '`anonymous`: 120 requests per minute per client IP (env `RATE_LIMIT_ANONYMOUS_PER_MINUTE`), on requests without one.',
};
