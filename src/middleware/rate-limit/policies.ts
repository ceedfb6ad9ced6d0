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

/** The policies counted by a Workers Rate Limiting binding (approximate, per location) instead of the DO. */
export type BindingPolicyName = Exclude<RateLimitPolicyName, 'auth'>;

/**
 * The `simple = { limit, period }` of the `[[ratelimits]]` bindings in wrangler.toml, the one place those
 * limits are set (in every environment). A binding cannot say its limit at run time, so the `q` of
 * `RateLimit-Policy` comes from here; `test/e2e/wrangler-config.test.ts` fails when the two disagree.
 */
export const BINDING_LIMITS = {
  user: { binding: 'USER_RATE_LIMIT', limit: 600, periodSeconds: RATE_LIMIT_WINDOW_SECONDS },
  anonymous: { binding: 'ANONYMOUS_RATE_LIMIT', limit: 120, periodSeconds: RATE_LIMIT_WINDOW_SECONDS },
} as const satisfies Record<
  BindingPolicyName,
  { binding: string; limit: number; periodSeconds: typeof RATE_LIMIT_WINDOW_SECONDS }
>;

export const isBindingPolicy = (name: RateLimitPolicyName): name is BindingPolicyName => name !== 'auth';

/** Liveness and readiness probes must answer whatever a client does. */
const EXEMPT_PATHS = new Set(['/health', '/health/ready']);

export const isRateLimitExempt = (path: string): boolean => EXEMPT_PATHS.has(path);

/** `/api/<version>/auth/...`: credentials are guessed here, so it is counted per IP even with a token. */
const AUTH_PATH = /^\/api\/[^/]+\/auth\//;

export const isAuthPath = (path: string): boolean => AUTH_PATH.test(path);

/** `auth` from its var (counted exactly by the Durable Object); the others from `BINDING_LIMITS`. */
export function policyFor(name: RateLimitPolicyName, config: Config): RateLimitPolicy {
  const limit = isBindingPolicy(name) ? BINDING_LIMITS[name].limit : config.RATE_LIMIT_AUTH_PER_MINUTE;
  return { name, limit, windowSeconds: RATE_LIMIT_WINDOW_SECONDS };
}

/** `RateLimit-Policy: "auth";q=10;w=60` (draft-ietf-httpapi-ratelimit-headers: a structured-field List). */
export const rateLimitPolicyHeader = (policy: RateLimitPolicy): string =>
  `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`;

/**
 * `RateLimit: "auth";r=9;t=60`: what is left now and for how many seconds no more will be. Sent on every
 * `auth` answer; for the binding policies only on a refusal (`r=0`), since a binding does not say what remains.
 */
export const rateLimitHeader = (name: RateLimitPolicyName, remaining: number, resetSeconds: number): string =>
  `"${name}";r=${remaining};t=${resetSeconds}`;

/** For the OpenAPI document: the policy of a route, from its path relative to the version and its security. */
export function documentedPolicy(route: { path: string; security?: unknown[] }): RateLimitPolicyName {
  if (route.path.startsWith('/auth/')) return 'auth';
  return route.security?.length ? 'user' : 'anonymous';
}

const bindingNote = (name: BindingPolicyName): string =>
  `counted approximately per Cloudflare location; set per environment in wrangler.toml \`[[ratelimits]]\` \`${BINDING_LIMITS[name].binding}\``;

export const POLICY_DESCRIPTIONS: Record<RateLimitPolicyName, string> = {
  auth: '`auth`: 10 requests per minute per client IP, counted exactly (env `RATE_LIMIT_AUTH_PER_MINUTE`), on `/api/*/auth/*`.',
  user: `\`user\`: ${BINDING_LIMITS.user.limit} requests per minute per user (${bindingNote('user')}), on requests with a valid access token.`,
  anonymous: `\`anonymous\`: ${BINDING_LIMITS.anonymous.limit} requests per minute per client IP (${bindingNote('anonymous')}), on requests without one.`,
};
