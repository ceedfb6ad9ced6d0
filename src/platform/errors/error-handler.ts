// The app's onError: problems render as themselves, framework errors map to their problem, anything else is a logged 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { logger } from '../logger';
import { problemResponse } from '../problem-response';
import { codeForStatus, isProblem, Problem, type ProblemCode } from '../problems';
import { routeTemplate } from '../route-template';
import { validationProblem } from '../validation';

/** Hono raises HTTPException for unparseable bodies (400), unsupported media types (415) and body limits (413). */
const HTTP_EXCEPTION_CODES: Partial<Record<number, ProblemCode>> = {
  400: 'malformed_body',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function toProblem(error: unknown): Problem | undefined {
  if (isProblem(error)) return error;
  if (error instanceof z.ZodError) return validationProblem(error);
  if (error instanceof HTTPException && error.status < 500) {
    return new Problem(HTTP_EXCEPTION_CODES[error.status] ?? codeForStatus(error.status), { cause: error });
  }
  return undefined;
}

export function handleError(error: unknown, c: Context): Response {
  const problem = toProblem(error);
  if (problem) {
    if (problem.status >= 500)
      logger.error('server problem', { code: problem.code, error: problem.options.cause });
    return problemResponse(problem, c.req.path);
  }
  // The one place an unexpected error is logged: with its stack, never shown to the client.
  logger.error('unhandled error', { method: c.req.method, route: routeTemplate(c), error });
  return problemResponse(new Problem('internal'), c.req.path);
}
