// Renders a Problem as RFC 9457 application/problem+json in the request's language.
import { currentContext } from './context';
import { DEFAULT_LANGUAGE, type Language, t, validationMessage } from './i18n';
import { type Problem, type ProblemFieldError, problemType } from './problems';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: Array<{ path: string; code: string; message: string } & Record<string, unknown>>;
  [extension: string]: unknown;
}

function renderFieldError(error: ProblemFieldError, language: Language) {
  const message =
    error.message ??
    (error.issue
      ? validationMessage(language, error.issue)
      : t(language, error.messageKey ?? `validation.${error.code}`, error.params));
  return { ...error.extensions, path: error.path, code: error.code, message };
}

export function problemBody(problem: Problem, instance: string, language: Language): ProblemBody {
  const { code, options } = problem;
  const params = options.params ?? {};
  const body: ProblemBody = {
    ...options.extensions,
    type: problemType(code),
    title: t(language, `problems.${code}.title`, params),
    status: problem.status,
    detail: options.detail ?? t(language, options.detailKey ?? `problems.${code}.detail`, params),
    instance,
    code,
    requestId: currentContext()?.requestId ?? '',
  };
  if (options.errors?.length) body.errors = options.errors.map((e) => renderFieldError(e, language));
  return body;
}

export function problemResponse(problem: Problem, instance: string): Response {
  const language = currentContext()?.language ?? DEFAULT_LANGUAGE;
  const headers = new Headers(problem.options.headers);
  headers.set('Content-Type', PROBLEM_CONTENT_TYPE);
  headers.set('Content-Language', language);
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(problemBody(problem, instance, language)), {
    status: problem.status,
    headers,
  });
}
