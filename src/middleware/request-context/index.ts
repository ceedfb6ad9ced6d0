// Request context: correlation ID, configuration check, one log line per request, Server-Timing and a metrics data point.
import type { MiddlewareHandler } from 'hono';
import { ConfigError, loadConfig } from '../../env';
import type { AppEnv } from '../../platform/app-env';
import { REQUEST_ID_PATTERN, type RequestContext, runWithContext } from '../../platform/context';
import { negotiateLanguage } from '../../platform/i18n';
import { newId } from '../../platform/ids';
import { jsonResponder } from '../../platform/json-body';
import { configureLogger, logger } from '../../platform/logger';
import { RequestMetrics } from '../../platform/metrics';
import { problemResponse } from '../../platform/problem-response';
import { Problem } from '../../platform/problems';
import { writeRequestDataPoint } from '../../platform/request-analytics';
import { routeTemplate } from '../../platform/route-template';

let reportedConfigError: ConfigError | undefined;

/** Logs an invalid configuration once per isolate, naming every bad variable (never its value). */
function reportConfigError(error: ConfigError): void {
  if (reportedConfigError === error) return;
  reportedConfigError = error;
  logger.error('configuration invalid', { invalid: error.problems });
}

export const requestContext = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const started = performance.now();
  const incoming = c.req.header('X-Request-Id');
  const context: RequestContext = {
    requestId: incoming !== undefined && REQUEST_ID_PATTERN.test(incoming) ? incoming : newId(),
    method: c.req.method,
    path: c.req.path,
    startedAt: Date.now(),
    metrics: new RequestMetrics(),
    language: negotiateLanguage({
      query: c.req.query('lang'),
      acceptLanguage: c.req.header('Accept-Language'),
    }),
  };
  c.set('requestContext', context);
  // c.json remembers what it built, so the ETag, field selection and compression never read the body back.
  c.json = jsonResponder(c);
  const route = routeTemplate(c);

  await runWithContext(context, async () => {
    try {
      const config = loadConfig(c.env);
      configureLogger(config.LOG_LEVEL, config.ENVIRONMENT, config.LOG_FORMAT);
      c.set('config', config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      reportConfigError(error);
      c.res = problemResponse(new Problem('misconfigured'), c.req.path);
    }
    // The start line is a debugging aid only: the response line below carries every request field, so `info`
    // writes one line per request (console output was the largest single cost of a cached GET: docs/performance.md).
    logger.debug('request', { method: context.method, route, path: context.path });
    if (c.get('config')) await next();

    const durationMs = performance.now() - started;
    const { status } = c.res;
    setHeader(c, 'X-Request-Id', context.requestId);
    setHeader(c, 'Server-Timing', context.metrics.serverTiming(durationMs));
    setHeader(c, 'X-Content-Type-Options', 'nosniff');
    logger.info('response', {
      method: context.method,
      route,
      path: context.path,
      status,
      durationMs: Math.round(durationMs * 100) / 100,
      userId: context.userId,
      ...context.metrics.toLogFields(),
    });
    writeRequestDataPoint(c.env.METRICS, {
      method: context.method,
      route,
      status,
      durationMs,
      metrics: context.metrics,
    });
  });
};

/** Responses from fetch() or the Cache API have immutable headers; copy them once when needed. */
function setHeader(c: Parameters<MiddlewareHandler<AppEnv>>[0], name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}
