// The closed catalogue of problem codes (RFC 9457), each mapped to its HTTP status in one place.
// Routes throw `Problem`; the error handler renders it; OpenAPI error responses come from the same map.
import type { z } from 'zod';

export const problemStatus = {
  malformed_body: 400,
  unknown_field: 400,
  invalid_cursor: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_refresh_token: 401,
  refresh_token_reused: 401,
  invalid_ticket: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  email_taken: 409,
  already_member: 409,
  invalid_transition: 409,
  idempotency_in_flight: 409,
  api_version_sunset: 410,
  invite_expired: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  upgrade_required: 426,
  validation_failed: 422,
  password_policy: 422,
  idempotency_key_mismatch: 422,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
  misconfigured: 500,
  service_unavailable: 503,
} as const satisfies Record<string, number>;

export type ProblemCode = keyof typeof problemStatus;
export type ProblemStatus = (typeof problemStatus)[ProblemCode];

/**
 * One entry of `errors[]`: where (a dot path), what (a stable code) and a readable message.
 * Without `message`, the message is translated at render time from `messageKey`
 * (default `validation.<code>`) with `params`.
 */
export interface ProblemFieldError {
  path: string;
  code: string;
  message?: string;
  messageKey?: string;
  params?: Record<string, string | number>;
  /** A zod issue, translated at render time (its message depends on the language). */
  issue?: z.core.$ZodIssue;
  /** Extension members of this entry, e.g. `allowed` for an unknown field. */
  extensions?: Record<string, unknown>;
}

export interface ProblemOptions {
  /** Overrides the translated detail; use for facts the client needs (never internals). */
  detail?: string;
  /** A translation key for the detail, instead of the code's own `problems.<code>.detail`. */
  detailKey?: string;
  /** Interpolation values for the translated title and detail. */
  params?: Record<string, string | number>;
  errors?: ProblemFieldError[];
  headers?: Record<string, string>;
  /** Extra members for the body (RFC 9457 extension members). */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/** A failure that the client caused or must know about; rendered as application/problem+json. */
export class Problem extends Error {
  readonly status: ProblemStatus;

  constructor(
    readonly code: ProblemCode,
    readonly options: ProblemOptions = {},
  ) {
    super(options.detail ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Problem';
    this.status = problemStatus[code];
  }
}

export const isProblem = (value: unknown): value is Problem => value instanceof Problem;

/** `/problems/validation-failed` for `validation_failed`: the stable `type` URI of a code. */
export const problemType = (code: ProblemCode): string => `/problems/${code.replaceAll('_', '-')}`;

/** The first code of the catalogue that has this status (for errors that only carry a status). */
export const codeForStatus = (status: number): ProblemCode => {
  const preferred: Partial<Record<number, ProblemCode>> = {
    400: 'malformed_body',
    401: 'unauthenticated',
    409: 'conflict',
    422: 'validation_failed',
    500: 'internal',
  };
  const found =
    preferred[status] ??
    (Object.keys(problemStatus) as ProblemCode[]).find((c) => problemStatus[c] === status);
  return found ?? (status >= 500 ? 'internal' : 'malformed_body');
};
