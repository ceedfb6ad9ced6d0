// Turns zod failures into one 422 validation_failed problem with an `errors[]` entry per issue.
import type { z } from 'zod';
import { Problem, type ProblemFieldError } from './problems';

type Issue = z.core.$ZodIssue;

const joinPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** One entry per issue; an unknown property gets its own entry whose path names it. */
export function issuesToFieldErrors(issues: readonly Issue[]): ProblemFieldError[] {
  return issues.flatMap((issue): ProblemFieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: joinPath([...issue.path, key]),
        code: 'unrecognized_keys',
        issue: { ...issue, keys: [key] },
      }));
    }
    // A custom check names its own stable code (e.g. `offset_too_large`) in its params.
    const code =
      issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : issue.code;
    return [{ path: joinPath(issue.path), code, issue }];
  });
}

export const validationProblem = (error: z.ZodError): Problem =>
  new Problem('validation_failed', { errors: issuesToFieldErrors(error.issues) });

/** The `defaultHook` of every OpenAPIHono router. */
export const validationHook = (result: { success: true } | { success: false; error: z.ZodError }): void => {
  if (!result.success) throw validationProblem(result.error);
};
