import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLogs } from '../../test/helpers/logs';
import { runWithContext } from './context';
import { configureLogger } from './logger';
import { RequestMetrics } from './metrics';
import { outboundFetch } from './outbound';

afterEach(() => vi.restoreAllMocks());

const inRequest = async (work: () => Promise<unknown>) => {
  const metrics = new RequestMetrics();
  await runWithContext(
    { requestId: 'outbound-0001', method: 'GET', path: '/', startedAt: 0, metrics, language: 'en' },
    work,
  );
  return metrics;
};

describe('outbound calls (1.6)', () => {
  it('are counted and timed in the request metrics, failures included, and reach Server-Timing', async () => {
    // Outside Cloudflare: the remote end is a fetch spy that checks what we send.
    const remote = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      if (String(input).includes('down')) throw new TypeError('connection refused');
      return new Response('ok');
    });
    const metrics = await inRequest(async () => {
      await outboundFetch('https://push.example/send?key=secret-value');
      await expect(outboundFetch('https://down.example/')).rejects.toThrow('connection refused');
    });
    expect(remote).toHaveBeenCalledTimes(2);
    expect(metrics.outboundCalls).toBe(2);
    expect(metrics.serverTiming(1)).toMatch(/ext;dur=[\d.]+;desc="2 calls"/);
  });

  it('logs origin and path only, never the query (keys travel there)', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('ok', { status: 202 }));
    configureLogger('debug', 'development');
    const logs = captureLogs();
    await inRequest(() => outboundFetch('https://push.example/v1/send?api_key=secret-value'));
    const lines = logs.raw().join('\n');
    logs.restore();
    expect(lines).toContain('https://push.example/v1/send');
    expect(lines).toContain('"status":202');
    expect(lines).not.toContain('secret-value');
  });
});
