// Drives one route with autocannon: a warm-up, then a fixed-duration run timed with workerd's CPU clock, then a few
// single requests whose Server-Timing gives D1 queries and cache hits per request.
import os from 'node:os';
import autocannon from 'autocannon';
import { call, serverTiming } from './http.mjs';
import { cpuMs, machineBusyMs } from './server.mjs';

const SAMPLES = 5;

/** Percentile of sorted values (nearest rank). */
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

function cannon(opts, onResponse) {
  const instance = autocannon(opts);
  if (onResponse) instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
  return instance; // also a promise of the results
}

/** Measures `path` on `server` (Host `host`, bearer `token`); returns one table row's numbers. */
export async function measure(server, { path, host, token }, { connections, warmupSeconds, seconds }) {
  const headers = {};
  if (host) headers.host = host;
  if (token) headers.authorization = `Bearer ${token}`;
  const base = { url: `${server.url}${path}`, headers, connections, timeout: 10 };

  await cannon({ ...base, duration: warmupSeconds });

  const latencies = [];
  const cpuBefore = cpuMs(server.pid);
  const busyBefore = machineBusyMs();
  const selfBefore = process.cpuUsage();
  const result = await cannon({ ...base, duration: seconds }, (status, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const cpuAfter = cpuMs(server.pid);
  const self = process.cpuUsage(selfBefore);
  // CPU used by neither workerd nor this process (autocannon): other jobs on the machine skew the row.
  const otherMs = machineBusyMs() - busyBefore - (cpuAfter - cpuBefore) - (self.user + self.system) / 1000;

  const total = result.requests.total;
  const failures = { ...result.statusCodeStats };
  for (const code of Object.keys(failures)) if (code.startsWith('2')) delete failures[code];
  latencies.sort((a, b) => a - b);

  const timings = [];
  for (let i = 0; i < SAMPLES; i++)
    timings.push(serverTiming((await call(server.url, { path, host, token })).headers));
  const mean = (key) => timings.reduce((sum, t) => sum + t[key], 0) / timings.length;

  return {
    requests: total,
    rps: total / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: result.errors + result.non2xx, // `errors` already counts timeouts
    failures: Object.fromEntries(Object.entries(failures).map(([code, { count }]) => [code, Number(count)])),
    kibPerResponse: total > 0 ? result.throughput.total / total / 1024 : NaN,
    cpuMsPerRequest: total > 0 ? (cpuAfter - cpuBefore) / total : NaN,
    otherCpuShare: Math.max(0, otherMs) / (result.duration * 1000 * os.availableParallelism()),
    loadGeneratorCpuShare:
      (self.user + self.system) / 1000 / (result.duration * 1000 * os.availableParallelism()),
    serverTiming: timings[0].present
      ? { queries: mean('queries'), hits: mean('hits'), misses: mean('misses') }
      : undefined,
  };
}
