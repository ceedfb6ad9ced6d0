// One Analytics Engine data point per request: the time series behind per-endpoint latency and error rates.
import type { RequestMetrics } from './metrics';

export interface RequestSample {
  method: string;
  route: string;
  status: number;
  durationMs: number;
  metrics: RequestMetrics;
}

/**
 * Layout (docs/observability.md): index1 = route; blob1 = route, blob2 = method, blob3 = status class;
 * double1 = status, double2 = duration ms, double3 = D1 queries, double4 = D1 ms,
 * double5 = cache hits, double6 = cache misses, double7 = outbound calls, double8 = outbound ms.
 */
export function writeRequestDataPoint(
  dataset: AnalyticsEngineDataset | undefined,
  sample: RequestSample,
): void {
  const { metrics } = sample;
  // Not awaited: writeDataPoint is fire-and-forget by design.
  dataset?.writeDataPoint({
    indexes: [sample.route.slice(0, 96)],
    blobs: [sample.route, sample.method, `${Math.floor(sample.status / 100)}xx`],
    doubles: [
      sample.status,
      sample.durationMs,
      metrics.dbQueries,
      metrics.dbMs,
      metrics.cacheHits,
      metrics.cacheMisses,
      metrics.outboundCalls,
      metrics.outboundMs,
    ],
  });
}
