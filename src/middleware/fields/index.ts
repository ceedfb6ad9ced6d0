// Field selection (2.4): `?fields=` keeps only the named fields of a JSON answer; defineRoute attaches it to GET routes.
import type { RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/app-env';
import { entityTag, isWeakTag, versionOfTag } from '../../platform/entity-tag';
import { type FieldSelectionSpec, parseFields, selectFields } from '../../platform/field-selection';
import { builtJson, jsonResponse } from '../../platform/json-body';
import { Problem } from '../../platform/problems';
import { editHeaders } from '../compression';
import { mediaType } from '../compression/negotiate';

/** At most this many unknown names are reported (each entry repeats the allowed list). */
const MAX_REPORTED = 20;

const isJson = (contentType: string | null): boolean => {
  const type = mediaType(contentType);
  return type === 'application/json' || type?.endsWith('+json') === true;
};

/**
 * Rejects unknown names before the handler runs (400 `unknown_field`, one `errors` entry per name with the
 * allowed paths), then keeps only the selected fields of a 2xx JSON answer. Runs inside the route, so the
 * conditional-GET middleware tags the selected bytes. A versioned ETag the route set is recomputed for the
 * selection (same version, so If-Match still reads it); any other route tag is dropped and recomputed outside.
 */
export function fieldSelection(spec: FieldSelectionSpec): MiddlewareHandler<AppEnv> {
  const allowed = new Set(spec.allowed);
  return async (c, next) => {
    const values = c.req.queries('fields');
    if (values === undefined) return next();
    const parsed = parseFields(values, allowed);
    if (!parsed.ok) {
      throw new Problem('unknown_field', {
        errors: parsed.unknown.slice(0, MAX_REPORTED).map((name) => ({
          path: 'fields',
          code: 'unknown_field',
          messageKey: 'validation.unrecognized_keys',
          params: { keys: name },
          extensions: { allowed: spec.allowed },
        })),
      });
    }
    if (parsed.paths.length === 0) return next();
    await next();

    const { status } = c.res;
    if (status < 200 || status > 299 || !isJson(c.res.headers.get('Content-Type'))) return;
    // The value the route answered with when it built the JSON here (no re-parse), else the body read back.
    let body: unknown;
    const built = builtJson(c.res);
    if (built) body = built.value;
    else {
      const text = await c.res.text();
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON after all: pass the answer on as it was rather than turn a route's bug into ours.
        c.res = new Response(text, c.res);
        return;
      }
    }
    const selected = selectFields(body, spec, parsed.paths);
    const routeTag = c.res.headers.get('ETag');
    const version = routeTag === null ? undefined : versionOfTag(routeTag);
    const tag =
      version === undefined || routeTag === null
        ? undefined
        : `${isWeakTag(routeTag) ? 'W/' : ''}${await entityTag(version, selected)}`;
    c.res = jsonResponse(selected, c.res);
    editHeaders(c, (headers) => {
      headers.delete('Content-Length');
      if (tag === undefined) headers.delete('ETag');
      else headers.set('ETag', tag);
    });
  };
}

type Parameter = NonNullable<RouteConfig['parameters']>[number];

/** The OpenAPI description of the `fields` query parameter for a route. */
export function fieldsParameter(spec: FieldSelectionSpec): Parameter {
  const listed = spec.allowed.map((path) => `\`${path}\``).join(', ');
  return {
    name: 'fields',
    in: 'query',
    required: false,
    description:
      `Comma-separated dot paths of the fields to keep${spec.list ? ' in each item of `data` (`page` stays)' : ''}; ` +
      `the rest are left out. Naming a nested path keeps its parents. Unknown names give 400 \`unknown_field\` ` +
      `with the allowed paths in \`errors[].allowed\`. Allowed: ${listed}.`,
    schema: { type: 'string' },
    example: spec.allowed.slice(0, 2).join(','),
  };
}
