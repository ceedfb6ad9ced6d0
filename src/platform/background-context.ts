// A request context for work outside a request (queue consumers, schedules): its log lines carry a request ID.
import { type RequestContext, runWithContext } from './context';
import { DEFAULT_LANGUAGE } from './i18n/languages';
import { RequestMetrics } from './metrics';

/** Runs `fn` as part of the request `requestId` caused, so logs and what it enqueues carry that ID. */
export function runInBackground<T>(requestId: string, label: string, fn: () => T): T {
  const context: RequestContext = {
    requestId,
    method: 'BACKGROUND',
    path: label,
    startedAt: Date.now(),
    metrics: new RequestMetrics(),
    language: DEFAULT_LANGUAGE,
  };
  return runWithContext(context, fn);
}
