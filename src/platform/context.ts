// The request context: correlation ID, timings and the user, kept in AsyncLocalStorage for the whole request.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Language } from './i18n';
import type { RequestMetrics } from './metrics';

export interface RequestContext {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly startedAt: number;
  readonly metrics: RequestMetrics;
  /** The negotiated response language; authentication refines it with the user's locale. */
  language: Language;
  /** Set by authentication once the user is known. */
  userId?: string;
  /** The last object serialised as JSON and its text (json-body.ts): the ETag and the answer share one stringify. */
  lastJson?: { value: unknown; text: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

/** The current request's context, or undefined outside a request (queue consumers, scheduled work). */
export const currentContext = (): RequestContext | undefined => storage.getStore();

export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
