// OpenAPI pieces defineRoute() adds to routes: rate-limit headers, the idempotency and conditional-GET headers.
import type { RouteConfig } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { POLICY_DESCRIPTIONS, type RateLimitPolicyName } from '../middleware/rate-limit/policies';
import { IDEMPOTENCY_KEY_HEADER } from '../modules/idempotency';

type Responses = NonNullable<RouteConfig['responses']>;
type ResponseConfig = Responses[string];
type HeadersObject = Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;

const RATE_LIMIT_HEADERS: HeadersObject = {
  'RateLimit-Policy': {
    description:
      'The quota policy this request counts against (draft-ietf-httpapi-ratelimit-headers), e.g. `"user";q=600;w=60`.',
    schema: { type: 'string' },
  },
  RateLimit: {
    description:
      'What is left of the quota now (`r`) and for how many seconds no more will be (`t`), e.g. `"auth";r=9;t=60`. ' +
      'Sent on every answer of the exact `auth` policy. The `user` and `anonymous` policies are counted by ' +
      'a Rate Limiting binding that does not say what remains, so their successes omit this field (the draft ' +
      'allows it) and only a 429 carries it, as `r=0;t=60`.',
    schema: { type: 'string' },
  },
};

export const IDEMPOTENCY_KEY_PARAMETER = {
  in: 'header' as const,
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description:
    'Makes the request safe to retry: within 24 h the same key and the same request replay the first answer ' +
    '(`Idempotent-Replayed: true`); another request with the key is 422 `idempotency_key_mismatch`; while the ' +
    'first still runs, 409 `idempotency_in_flight`. Keys are scoped per user (per client IP when anonymous). ' +
    'Use a random value such as a UUID.',
  schema: { type: 'string' as const, minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
};

export const IF_NONE_MATCH_PARAMETER = {
  in: 'header' as const,
  name: 'If-None-Match',
  required: false,
  description:
    'ETags from earlier answers (or `*`): 304 without a body when one still matches (weak comparison).',
  schema: { type: 'string' as const, maxLength: 2048 },
};

export const NOT_MODIFIED_RESPONSE: ResponseConfig = {
  description:
    'Not modified: the `If-None-Match` tag still matches. No body; `ETag` and caching headers as a 200.',
};

/** Adds headers to a response documented with a plain headers object (a zod headers schema is left alone). */
function withHeaders(response: ResponseConfig, headers: HeadersObject): ResponseConfig {
  if ('$ref' in response) return response;
  const current = response.headers;
  if (current !== undefined && current instanceof z.ZodType) return response;
  return { ...response, headers: { ...headers, ...current } };
}

/** RateLimit headers on every success, and the policy and Retry-After on the 429. */
export function withRateLimitDocs(responses: Responses, policy: RateLimitPolicyName): Responses {
  const out: Responses = {};
  for (const [status, response] of Object.entries(responses)) {
    out[status] = Number(status) < 400 ? withHeaders(response, RATE_LIMIT_HEADERS) : response;
  }
  const tooMany = out[429];
  if (tooMany && !('$ref' in tooMany)) {
    out[429] = withHeaders(
      { ...tooMany, description: `${tooMany.description}. Policy ${POLICY_DESCRIPTIONS[policy]}` },
      {
        ...RATE_LIMIT_HEADERS,
        'Retry-After': {
          description:
            'Seconds to wait before the next request: exact for `auth`; 60 (the whole window) for `user` and `anonymous`.',
          schema: { type: 'integer' },
        },
      },
    );
  }
  return out;
}
