// Per-request counters: D1 queries, KV cache hits and misses, outbound calls; rendered as Server-Timing.

export class RequestMetrics {
  dbQueries = 0;
  dbMs = 0;
  cacheHits = 0;
  cacheMisses = 0;
  outboundCalls = 0;
  outboundMs = 0;

  recordQuery(durationMs: number, statements = 1): void {
    this.dbQueries += statements;
    this.dbMs += durationMs;
  }

  recordCache(hit: boolean): void {
    if (hit) this.cacheHits += 1;
    else this.cacheMisses += 1;
  }

  recordOutbound(durationMs: number): void {
    this.outboundCalls += 1;
    this.outboundMs += durationMs;
  }

  /** The fields that go into the response log line. */
  toLogFields(): Record<string, number> {
    return {
      dbQueries: this.dbQueries,
      dbMs: round(this.dbMs),
      cacheHits: this.cacheHits,
      cacheMisses: this.cacheMisses,
      outboundCalls: this.outboundCalls,
      outboundMs: round(this.outboundMs),
    };
  }

  /** `Server-Timing` (W3C): total always; db, cache and ext only when the request touched them. */
  serverTiming(totalMs: number): string {
    const parts = [`total;dur=${round(totalMs)}`];
    if (this.dbQueries > 0) {
      parts.push(
        `db;dur=${round(this.dbMs)};desc="${this.dbQueries} ${this.dbQueries === 1 ? 'query' : 'queries'}"`,
      );
    }
    if (this.cacheHits + this.cacheMisses > 0) {
      parts.push(`cache;desc="${this.cacheHits} hit ${this.cacheMisses} miss"`);
    }
    if (this.outboundCalls > 0) {
      parts.push(
        `ext;dur=${round(this.outboundMs)};desc="${this.outboundCalls} ${this.outboundCalls === 1 ? 'call' : 'calls'}"`,
      );
    }
    return parts.join(', ');
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
