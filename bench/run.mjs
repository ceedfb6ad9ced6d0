// `npm run bench`: bundles the Worker, serves it on Miniflare (127.0.0.1) from wrangler.toml, seeds data through the
// API, loads each route with autocannon, and prints one table (also written to bench/results/latest.md).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fanOut, fanOutTable } from './fanout.mjs';
import { call } from './lib/http.mjs';
import { measure } from './lib/load.mjs';
import { formatCheck, passwordCheckCost } from './lib/password-check.mjs';
import { consoleTable, goals, machine, markdownTable, notes } from './lib/report.mjs';
import { defineRows, runRow } from './lib/rows.mjs';
import { seedTenant } from './lib/seed.mjs';
import { configWorkerOptions, D1_HOST, loadTools, NOCACHE_HOST, startServer } from './lib/server.mjs';
import { comparisonTable, parseVariants, prepareVariants } from './lib/variants.mjs';
import { bundle, checkStartup, migrate } from './lib/wrangler.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const LOAD = {
  connections: 2 * os.availableParallelism(),
  warmupSeconds: 1,
  seconds: Math.min(Math.max(Number(process.env.BENCH_SECONDS ?? 5), 1), 30), // measured, per row
};
/** Vars that turn the cache layer off, looked for in src/env.ts; the uncached row needs one. */
const CACHE_SWITCHES = ['CACHE_DISABLED'];
/**
 * The highest per-minute limit src/env.ts accepts (RATE_LIMIT_AUTH_PER_MINUTE), and the limit the bench gives every
 * Rate Limiting binding (user, anonymous); the bench sends far more than 600/min per user.
 */
const BENCH_RATE_LIMIT = '100000';

const log = (message) => console.log(`bench: ${message}`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'doorman-bench-'));
let server;
const variants = parseVariants(process.env.BENCH_VARIANTS);
// The bench must end by itself: give up after 5 minutes (plus 2 per compared commit) whatever happens.
const watchdog = setTimeout(
  () => {
    console.error('bench: still running past its time limit; stopping');
    if (server) process.kill(server.pid);
    rmSync(tmp, { recursive: true, force: true });
    process.exit(2);
  },
  300_000 + variants.length * 120_000,
);

try {
  const tools = await loadTools(ROOT);
  const host = machine(tools.versions);
  log(host.summary);
  const [load1] = os.loadavg();
  if (load1 > 0.5) log(`warning: load average ${load1.toFixed(2)} before the bench; other jobs will skew it`);

  log('bundling (wrangler deploy --dry-run)…');
  const built = await bundle(ROOT, path.join(tmp, 'bundle'));
  log('timing start-up (wrangler check startup ×3)…');
  const startup = await checkStartup(ROOT, tmp);
  await prepareVariants(ROOT, tmp, variants, log);
  // The tree itself is compared as one more variant: the seeded Doorman (the fallback Worker) measured about twice
  // the CPU per request of an identical copy on a variant Host in an A/A run, so the comparison uses copies only.
  if (variants.length > 0) {
    variants.push({
      label: 'tree',
      ref: 'working tree',
      commit: 'working tree',
      name: 'variant-tree',
      host: 'tree.bench',
      root: ROOT,
      bundle: built,
      startup,
    });
  }
  log('applying D1 migrations to a fresh local database…');
  await migrate(ROOT, path.join(tmp, 'state'));

  const envSource = readFileSync(path.join(ROOT, 'src/env.ts'), 'utf8');
  const cacheSwitch = CACHE_SWITCHES.find((name) => new RegExp(`\\b${name}\\b`).test(envSource));
  const workerOptions = configWorkerOptions(tools, ROOT);
  // Production log volume (staging and production use "info"), and rate limits the bench cannot trip.
  // JSON lines as in staging and production (development's wrangler.toml default is the readable format).
  const overrides = { LOG_LEVEL: 'info', LOG_FORMAT: 'json' };
  for (const name of Object.keys(workerOptions.bindings ?? {})) {
    if (/^RATE_LIMIT_\w+_PER_MINUTE$/.test(name)) overrides[name] = BENCH_RATE_LIMIT;
  }
  log(
    `bench-only vars: ${Object.entries(overrides)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  const ratelimitNames = Object.keys(workerOptions.ratelimits ?? {});
  if (ratelimitNames.length > 0) {
    log(
      `bench-only Rate Limiting binding limits: ${ratelimitNames.map((k) => `${k}=${BENCH_RATE_LIMIT}`).join(', ')}`,
    );
  }

  server = await startServer({
    tools,
    root: ROOT,
    bundle: built,
    persistRoot: path.join(tmp, 'state', 'v3'),
    overrides,
    cacheSwitch,
    ratelimitLimit: Number(BENCH_RATE_LIMIT),
    variants,
  });
  const health = await call(server.url, { path: '/health' });
  if (health.status >= 500) throw new Error(`GET /health → ${health.status}: ${health.text.slice(0, 300)}`);

  // Before seeding: the cache-disabled copy of the tree and each variant have not checked a password yet.
  log('first password check of an isolate (loads the dictionaries), then a second one…');
  const passwordChecks = { tree: cacheSwitch ? await passwordCheckCost(server, NOCACHE_HOST) : undefined };
  for (const variant of variants)
    passwordChecks[variant.name] = await passwordCheckCost(server, variant.host);
  log(`first password check of the tree: ${formatCheck(passwordChecks.tree)}`);
  log('seeding through the API (2 users, 2 buildings, 100 announcements)…');
  const tenantA = await seedTenant(server.url, 'a');
  const tenantB = await seedTenant(server.url, 'b', 100);
  const rows = defineRows({ tenantA, tenantB, cacheSwitch, cacheSwitches: CACHE_SWITCHES, variants });
  for (const row of rows) await runRow(server, row, LOAD, log);
  const fanOutRows = await fanOut(server, tenantA, log);

  // What one D1 query costs workerd locally (the simulator runs in the same process), to read the CPU column.
  log('D1 simulator calibration: a Worker that runs one SELECT 1, 3 s…');
  const d1 = await measure(server, { path: '/', host: D1_HOST }, { ...LOAD, seconds: 3 });
  const bareCpu = rows.find((row) => row.bare)?.result?.cpuMsPerRequest ?? NaN;
  const d1CpuPerQuery = d1.cpuMsPerRequest - bareCpu;
  for (const { result } of rows) {
    if (result?.serverTiming) {
      result.estimatedWorkerCpuMs =
        result.cpuMsPerRequest - bareCpu - result.serverTiming.queries * d1CpuPerQuery;
    }
  }

  const goalLines = goals({ rows, bundle: built, startup, baseline: variants[0] });
  const noteLines = notes({ rows, overrides, ...LOAD, d1CpuPerQuery });
  const bullets = (lines) => lines.map((line) => `- ${line}`).join('\n');
  const comparison =
    variants.length > 0
      ? `\nBefore/after (same run; CPU = workerd CPU ms per request ÷ the bare Worker's):\n\n${comparisonTable({ rows, variants, passwordChecks })}\n`
      : '';
  console.log(
    `\n${consoleTable(rows)}\n\nRealtime fan-out:\n${fanOutTable(fanOutRows)}\n\n${goalLines.join('\n')}\n${comparison}\nNotes:\n${bullets(noteLines)}\n`,
  );

  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const markdown = `# Bench ${new Date().toISOString()}\n\nMachine: ${host.summary}.\n\n${markdownTable(rows)}\n\n${fanOutTable(fanOutRows)}\n\n${bullets(goalLines)}\n${comparison}\n${bullets(noteLines)}\n`;
  writeFileSync(path.join(ROOT, 'bench/results/latest.md'), markdown);
  log('written to bench/results/latest.md');
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await server?.dispose().catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
  clearTimeout(watchdog);
}
