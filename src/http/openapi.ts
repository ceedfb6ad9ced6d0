// OpenAPI plumbing: the router factory, the problem schema, and error responses generated from the problem map.
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { fieldSelection, fieldsParameter } from '../middleware/fields';
import { documentedPolicy, isRateLimitExempt } from '../middleware/rate-limit/policies';
import { idempotency } from '../modules/idempotency';
import type { AppEnv } from '../platform/app-env';
import { selectableFields } from '../platform/field-selection';
import { PROBLEM_CONTENT_TYPE } from '../platform/problem-response';
import { type ProblemCode, problemStatus, problemType } from '../platform/problems';
import { validationHook } from '../platform/validation';
import {
  IDEMPOTENCY_KEY_PARAMETER,
  IF_NONE_MATCH_PARAMETER,
  NOT_MODIFIED_RESPONSE,
  withRateLimitDocs,
} from './openapi-shared-docs';

export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().openapi({ example: '/api/v2/buildings' }),
    code: z.string().openapi({ example: 'validation_failed' }),
    requestId: z.string(),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string() }).catchall(z.unknown()))
      .optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem', { description: 'RFC 9457 problem details' });

const BODY_ERRORS: ProblemCode[] = ['malformed_body', 'unsupported_media_type', 'validation_failed'];
const INPUT_ERRORS: ProblemCode[] = ['validation_failed'];

type Responses = NonNullable<RouteConfig['responses']>;

/** Error responses for the given codes, grouped by status, each code an example. */
export function errorResponses(codes: Iterable<ProblemCode>): Responses {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) {
    const status = problemStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Responses = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: `Problem: ${statusCodes.join(', ')}`,
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: ProblemSchema,
          examples: Object.fromEntries(
            statusCodes.map((code) => [
              code,
              {
                value: {
                  type: problemType(code),
                  status,
                  code,
                  title: '…',
                  detail: '…',
                  instance: '…',
                  requestId: '…',
                },
              },
            ]),
          ),
        },
      },
    };
  }
  return responses;
}

/**
 * createRoute() that adds what every route shares, so no route can forget it:
 * - error responses: input errors when it takes input, 401 when it needs a bearer token, 429 with its
 *   rate-limit policy, 500 always, plus the route's own `errors`;
 * - GET: `If-None-Match` and 304 (answered by the conditional-GET middleware) and, for JSON object answers,
 *   `?fields=` (the selectable paths come from the declared 200/201 schema, computed once here);
 * - POST and PATCH: the idempotency middleware and the `Idempotency-Key` header, unless `idempotent: false`
 *   (routes idempotent by their own protocol, like tus).
 * Added middleware runs after the route's own (authentication first), and sets no variable a handler reads.
 */
export function defineRoute<const R extends RouteConfig>(
  config: R & { errors?: ProblemCode[]; idempotent?: boolean },
) {
  const { errors = [], idempotent = true, ...route } = config;
  const codes: ProblemCode[] = [...errors, 'internal'];
  const middleware: MiddlewareHandler[] =
    route.middleware === undefined ? [] : ([route.middleware].flat() as MiddlewareHandler[]);
  // The OpenAPI 3.0 and 3.1 parameter types differ only in their schema typing; both are accepted.
  const parameters: unknown[] = [...(route.parameters ?? [])];
  let responses: Responses = { ...route.responses };

  if (route.request?.body) codes.push(...BODY_ERRORS);
  if (route.request?.params || route.request?.query || route.request?.headers) codes.push(...INPUT_ERRORS);
  if (route.security?.length) codes.push('unauthenticated');
  if (route.method === 'get') {
    parameters.push(IF_NONE_MATCH_PARAMETER);
    responses[304] ??= NOT_MODIFIED_RESPONSE;
    const fields = selectableFields(route.responses);
    if (fields) {
      codes.push('unknown_field');
      middleware.push(fieldSelection(fields));
      parameters.push(fieldsParameter(fields));
    }
  }
  if (idempotent && (route.method === 'post' || route.method === 'patch')) {
    codes.push('validation_failed', 'idempotency_key_mismatch', 'idempotency_in_flight');
    middleware.push(idempotency());
    parameters.push(IDEMPOTENCY_KEY_PARAMETER);
  }
  const limited = !isRateLimitExempt(route.path);
  if (limited) codes.push('rate_limited');
  // The exact `auth` counter fails closed (docs/rate-limits.md).
  if (limited && documentedPolicy(route) === 'auth') codes.push('service_unavailable');

  responses = { ...errorResponses(codes), ...responses };
  if (limited) responses = withRateLimitDocs(responses, documentedPolicy(route));
  return createRoute({ ...route, responses, middleware, parameters } as unknown as R);
}

export const bearerAuth = [{ bearerAuth: [] }];
