// Outbound HTTP: every call leaves through here so that it is timed, counted and logged without secrets.
import { currentContext } from './context';
import { logger } from './logger';

export async function outboundFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const metrics = currentContext()?.metrics;
  const started = performance.now();
  const url = input instanceof Request ? input.url : String(input);
  let status: number | undefined;
  try {
    const response = await fetch(input, init);
    status = response.status;
    return response;
  } finally {
    const durationMs = performance.now() - started;
    metrics?.recordOutbound(durationMs);
    // Only origin and path: query strings often carry keys.
    const { origin, pathname } = new URL(url);
    logger.debug('outbound call', { url: `${origin}${pathname}`, status: status ?? 'failed', durationMs });
  }
}
