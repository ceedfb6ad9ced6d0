// Formats the bench results: the machine, one table (console and markdown) with each row's ratio to the bare Worker,
// and the bundle and start-up figures against their goals.
import os from 'node:os';

const COLUMNS = [
  'route',
  'req/s',
  '×bare',
  'p50 ms',
  'p99 ms',
  'errors',
  'D1 q/req',
  'cache hits/req',
  'KiB/resp',
  'CPU ms/req',
];

export function machine(versions) {
  const cpu = os.cpus()[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return {
    summary:
      `${os.availableParallelism()} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}; ` +
      `Node ${process.versions.node}, workerd ${versions.workerd}, miniflare ${versions.miniflare}, wrangler ${versions.wrangler}`,
  };
}

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function errorsCell(row) {
  if (row.errors === 0) return '0';
  const codes = Object.entries(row.failures).map(([code, count]) => `${count}×${code}`);
  return `${row.errors}${codes.length ? ` (${codes.join(', ')})` : ''}`;
}

/** One array of cells per row; a row with `na` prints its reason in place of numbers. */
export function cells(rows) {
  const bare = rows.find((row) => row.bare && row.result)?.result.rps;
  return rows.map((row) => {
    if (!row.result) return [row.label, row.na, '', '', '', '', '', '', '', ''];
    const r = row.result;
    return [
      row.label + (row.note ? ` ${row.note}` : ''),
      fixed(r.rps, 0),
      bare ? fixed(r.rps / bare, 2) : '–',
      fixed(r.p50, 2),
      fixed(r.p99, 2),
      errorsCell(r),
      r.serverTiming ? fixed(r.serverTiming.queries, 1) : '–',
      r.serverTiming ? `${fixed(r.serverTiming.hits, 1)} (${fixed(r.serverTiming.misses, 1)} miss)` : '–',
      fixed(r.kibPerResponse, 2),
      fixed(r.cpuMsPerRequest, 3),
    ];
  });
}

export function consoleTable(rows) {
  const body = cells(rows);
  const measured = body.filter((_, i) => rows[i].result);
  const widths = COLUMNS.map((title, i) =>
    Math.max(title.length, ...(i === 0 ? body : measured).map((r) => String(r[i]).length)),
  );
  const line = (r) => r.map((cell, i) => String(cell)[i === 0 ? 'padEnd' : 'padStart'](widths[i])).join('  ');
  return [
    line(COLUMNS),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...body.map((r, i) => (rows[i].result ? line(r) : `${r[0].padEnd(widths[0])}  ${r[1]}`)),
  ].join('\n');
}

export function markdownTable(rows) {
  const body = cells(rows).map((r) => `| ${r.join(' | ')} |`);
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...body,
  ].join('\n');
}

/**
 * Goal lines of issue 10 (reported, never asserted): CPU per request as a multiple of the bare Worker's in this run,
 * the bundle, and start-up against the first compared commit (the "before"), when there is one.
 */
export function goals({ rows, bundle, startup, baseline }) {
  // The working tree's copy on its own Host when commits are compared (see bench/run.mjs), else the seeded Doorman.
  const main = (key) =>
    (
      rows.find((row) => row.key === key && row.variant === 'variant-tree') ??
      rows.find((row) => row.key === key && !row.variant)
    )?.result;
  const bare = rows.find((row) => row.bare)?.result;
  baseline = baseline?.name === 'variant-tree' ? undefined : baseline;
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const mark = (ok) => (ok === undefined ? '?' : ok ? 'met' : 'NOT met');
  const lines = [
    `bundle: ${fixed(bundle.uploadKiB, 1)} KiB upload / ${fixed(bundle.gzipKiB, 1)} KiB gzip (goal ≤ 400 KiB gzip: ${mark(bundle.gzipKiB <= 400)})`,
  ];
  const startupLine = `start-up (wrangler check startup, Active CPU): median ${fixed(median(startup), 1)} ms of ${startup.map((ms) => fixed(ms, 1)).join(', ')}`;
  if (baseline) {
    const before = median(baseline.startup);
    lines.push(
      `${startupLine}; ${baseline.label}: ${fixed(before, 1)} ms (goal ≤ 50% of it: ${fixed((100 * median(startup)) / before, 0)}%, ${mark(median(startup) <= before / 2)})`,
    );
  } else lines.push(`${startupLine} (compare with BENCH_VARIANTS=before=<commit>)`);
  if (!bare) return lines;
  for (const [key, label, limit] of [
    ['health', 'GET /health', 1.5],
    ['building-cached', 'cached building GET', 2.5],
    ['list-100', 'list of 100', 4],
  ]) {
    const row = main(key);
    if (!row) continue;
    const ratio = row.cpuMsPerRequest / bare.cpuMsPerRequest;
    lines.push(
      `${label}: workerd CPU ${fixed(ratio, 2)}× bare (goal ≤ ${limit}×: ${mark(ratio <= limit)}), req/s ${fixed(row.rps / bare.rps, 2)}× bare`,
    );
  }
  const cached = main('building-cached');
  if (cached?.serverTiming) {
    const st = cached.serverTiming;
    lines.push(
      `cached building GET: ${fixed(st.queries, 1)} D1 queries, ${fixed(st.hits + st.misses, 1)} cache lookups (L1 or KV), est. ${fixed(cached.estimatedWorkerCpuMs, 2)} ms Worker CPU`,
    );
  }
  return lines;
}

const pct = (share) => `${(share * 100).toFixed(0)}%`;

/** How to read the table, and what may have skewed this run. */
export function notes({ rows, overrides, connections, seconds, warmupSeconds, d1CpuPerQuery }) {
  const measured = rows.filter((row) => row.result);
  const lines = [
    `bench-only vars: ${Object.entries(overrides)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}.`,
    `req/s, p50, p99: autocannon, ${connections} connections, ${seconds} s after a ${warmupSeconds} s warm-up, ` +
      "through Miniflare's entry Worker (no wrangler dev proxy).",
    'D1 q/req and cache hits/req: mean of 5 single requests after each run, from Server-Timing (a cache hit is ' +
      'the in-isolate L1 or KV; Server-Timing does not tell them apart).',
    'KiB/resp: bytes read per response by autocannon (headers + body, no compression asked).',
    'CPU ms/req: user+system CPU time of the whole workerd process during the run ÷ requests; it includes ' +
      "workerd's HTTP handling, Miniflare's entry Worker and the local D1/KV/Durable Object simulators, so it is " +
      'an upper bound of the Worker CPU time Cloudflare bills.',
    `D1 simulator: one query costs workerd ≈${fixed(d1CpuPerQuery, 3)} ms CPU here (a 1-query Worker minus the bare ` +
      'one). Estimated Worker CPU per request (CPU − bare − D1 queries × that; the local Rate Limiting binding simulator ' +
      `call stays in): ${measured
        .filter((row) => row.result.estimatedWorkerCpuMs !== undefined)
        .map((row) => `${row.label} ${fixed(row.result.estimatedWorkerCpuMs, 2)} ms`)
        .join('; ')}.`,
    `autocannon runs on the same machine (this Node process) and used up to ` +
      `${pct(Math.max(0, ...measured.map((row) => row.result.loadGeneratorCpuShare)))} of its ${os.availableParallelism()} cores during a row.`,
  ];
  const busy = measured.filter((row) => row.result.otherCpuShare > 0.05);
  if (busy.length) {
    lines.push(
      `OTHER PROCESSES used the machine's CPU during: ${busy.map((row) => `${row.label} ${pct(row.result.otherCpuShare)}`).join('; ')} ` +
        '— those rows may read low; re-run on a quiet machine.',
    );
  }
  const tripped = measured.filter((row) => row.result.failures['429']);
  if (tripped.length)
    lines.push(`rate limits TRIPPED (429) on: ${tripped.map((row) => row.label).join('; ')}.`);
  return lines;
}
