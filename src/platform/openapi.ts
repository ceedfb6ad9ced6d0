// OpenAPI plumbing: the router factory, the problem schema, and error responses generated from the problem map.
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { AppEnv } from './app-env';
import { PROBLEM_CONTENT_TYPE } from './problem-response';
import { type ProblemCode, problemStatus, problemType } from './problems';
import { validationHook } from './validation';

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
 * createRoute() that adds the error responses every route can give: input errors when it takes input,
 * 401 when it needs a bearer token, 500 always, plus the route's own `errors`.
 */
export function defineRoute<const R extends RouteConfig>(config: R & { errors?: ProblemCode[] }) {
  const { errors = [], ...route } = config;
  const codes: ProblemCode[] = [...errors, 'internal'];
  if (route.request?.body) codes.push(...BODY_ERRORS);
  if (route.request?.params || route.request?.query || route.request?.headers) codes.push(...INPUT_ERRORS);
  if (route.security?.length) codes.push('unauthenticated');
  return createRoute({ ...route, responses: { ...errorResponses(codes), ...route.responses } } as R);
}

export const bearerAuth = [{ bearerAuth: [] }];
