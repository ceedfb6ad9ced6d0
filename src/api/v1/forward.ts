// Runs a v1 request through the v2 routes in-process, inside the same request context (one log line, one metrics set).
import type { Context, MiddlewareHandler } from 'hono';
import { loadConfig } from '../../env';
import { createRouter } from '../../http/openapi';
import type { AppEnv } from '../../platform/app-env';
import { currentContext } from '../../platform/context';
import { handleError } from '../../platform/errors/error-handler';
import { problemResponse } from '../../platform/problem-response';
import { Problem } from '../../platform/problems';
import { v2Routes } from '../v2';

/** The inner app sees the outer request's context instead of starting its own. */
const inheritRequestContext = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const context = currentContext();
  if (!context) throw new Error('v1 forwarding outside a request context');
  c.set('requestContext', context);
  c.set('config', loadConfig(c.env));
  await next();
};

let inner: ReturnType<typeof createRouter> | undefined;

function innerV2() {
  if (!inner) {
    inner = createRouter();
    inner.use('*', inheritRequestContext());
    inner.route('/api/v2', v2Routes());
    inner.notFound((c) => problemResponse(new Problem('not_found'), c.req.path));
    inner.onError(handleError);
  }
  return inner;
}

export interface Forward {
  /** The v2 path and query, e.g. `/api/v2/buildings?offset=0&limit=20`. */
  pathAndQuery: string;
  /** A replacement JSON body; undefined streams the original body through untouched. */
  body?: unknown;
  method?: string;
}

export function forwardToV2(c: Context<AppEnv>, forward: Forward): Promise<Response> {
  const url = new URL(forward.pathAndQuery, c.req.url);
  const headers = new Headers(c.req.raw.headers);
  let body: BodyInit | null = null;
  const method = forward.method ?? c.req.method;
  if (forward.body !== undefined) {
    body = JSON.stringify(forward.body);
    headers.set('Content-Type', 'application/json');
    headers.delete('Content-Length');
  } else if (method !== 'GET' && method !== 'HEAD' && forward.method === undefined) {
    body = c.req.raw.body;
  }
  let executionContext: Parameters<ReturnType<typeof innerV2>['fetch']>[2];
  try {
    executionContext = c.executionCtx;
  } catch {
    executionContext = undefined;
  }
  return Promise.resolve(
    innerV2().fetch(new Request(url, { method, headers, body }), c.env, executionContext),
  );
}
