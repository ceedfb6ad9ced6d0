// Serves the bundled Worker on Miniflare (127.0.0.1 only) with wrangler.toml's bindings, beside a bare Worker and a
// D1 calibration Worker, and reads the CPU time of the workerd process that runs them.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Requests whose Host is one of these reach the bare Worker / the cache-disabled copy; all others reach Doorman. */
export const BARE_HOST = 'bare.bench';
export const NOCACHE_HOST = 'nocache.bench';
/** A Worker that only runs `SELECT 1` on its own D1 database: what one query costs the local D1 simulator. */
export const D1_HOST = 'd1.bench';

const BARE_SCRIPT = "export default { fetch: () => new Response('ok') };";
const D1_SCRIPT =
  "export default { fetch: async (_request, env) => new Response(String((await env.DB.prepare('SELECT 1 AS x').first()).x)) };";

/** Wrangler's own Miniflare (not the top-level one the vitest plugin pins), its workerd version, and wrangler. */
export async function loadTools(root) {
  const fromRoot = createRequire(path.join(root, 'package.json'));
  const fromWrangler = createRequire(fromRoot.resolve('wrangler/package.json'));
  const fromMiniflare = createRequire(fromWrangler.resolve('miniflare/package.json'));
  const version = (req, name) =>
    JSON.parse(readFileSync(req.resolve(`${name}/package.json`), 'utf8')).version;
  return {
    miniflare: await import(pathToFileURL(fromWrangler.resolve('miniflare')).href),
    wrangler: await import(pathToFileURL(fromRoot.resolve('wrangler')).href),
    versions: {
      wrangler: version(fromRoot, 'wrangler'),
      miniflare: version(fromWrangler, 'miniflare'),
      workerd: version(fromMiniflare, 'workerd'),
    },
  };
}

/** Miniflare options for the Worker in wrangler.toml (top-level environment), as wrangler itself builds them. */
export function configWorkerOptions(tools, root) {
  return tools.wrangler.unstable_getMiniflareWorkerOptions(path.join(root, 'wrangler.toml')).workerOptions;
}

/**
 * wrangler.toml's `[[ratelimits]]` bindings (Miniflare's record form) with every limit raised to `limit`: the bench
 * sends far more than 600 requests a minute per user, and a binding's limit is not a var. Same names, namespaces and
 * periods, so the Worker still calls a real local binding on every request.
 */
export function raisedRatelimits(ratelimits, limit) {
  return Object.fromEntries(
    Object.entries(ratelimits ?? {}).map(([name, binding]) => [
      name,
      { ...binding, simple: { ...binding.simple, limit } },
    ]),
  );
}

/**
 * Starts one Miniflare with Doorman (the fallback, so every other Host), the bare Worker, the D1 calibration Worker
 * and, when `cacheSwitch` names a var, a Doorman copy with that var set to "true". `overrides` replace toml vars;
 * `ratelimitLimit`, when given, replaces the limit of every Rate Limiting binding; `inspectorPort` opens workerd's
 * V8 inspector there (bench/profile.mjs); `variants` (bench/lib/variants.mjs) are served on their own Hosts.
 */
export async function startServer({
  tools,
  root,
  bundle,
  persistRoot,
  overrides,
  cacheSwitch,
  ratelimitLimit,
  inspectorPort,
  variants = [],
}) {
  const { Miniflare, NoOpLog, convertV4MiniflareOptions } = tools.miniflare;
  const workerOptions = configWorkerOptions(tools, root);
  // The bundle is already resolved into explicit modules; wrangler's module rules only apply to `scriptPath`.
  const { modulesRules: _rules, ...fromConfig } = workerOptions;
  const doorman = {
    ...fromConfig,
    name: 'doorman',
    modulesRoot: bundle.dir,
    modules: bundle.modules,
    bindings: { ...fromConfig.bindings, ...overrides },
    ...(ratelimitLimit === undefined
      ? {}
      : { ratelimits: raisedRatelimits(fromConfig.ratelimits, ratelimitLimit) }),
  };
  const bare = {
    name: 'bare',
    modules: true,
    script: BARE_SCRIPT,
    compatibilityDate: fromConfig.compatibilityDate,
    compatibilityFlags: fromConfig.compatibilityFlags,
    routes: [`${BARE_HOST}/*`],
  };
  const calibration = {
    ...bare,
    name: 'd1-calibration',
    script: D1_SCRIPT,
    routes: [`${D1_HOST}/*`],
    d1Databases: { DB: { id: 'bench-d1-calibration' } },
  };
  const workers = [doorman, bare, calibration];
  // Other commits (bench/lib/variants.mjs), each from its own wrangler.toml, on its own Host, same storage.
  for (const variant of variants) {
    const { modulesRules: _variantRules, ...options } = configWorkerOptions(tools, variant.root);
    workers.push({
      ...options,
      name: variant.name,
      routes: [`${variant.host}/*`],
      modulesRoot: variant.bundle.dir,
      modules: variant.bundle.modules,
      bindings: { ...options.bindings, ...overrides },
      ...(ratelimitLimit === undefined
        ? {}
        : { ratelimits: raisedRatelimits(options.ratelimits, ratelimitLimit) }),
    });
  }
  if (cacheSwitch) {
    workers.push({
      ...doorman,
      name: 'doorman-nocache',
      routes: [`${NOCACHE_HOST}/*`],
      bindings: { ...doorman.bindings, [cacheSwitch]: 'true' },
      // A queue has one consumer: Miniflare refuses a second worker consuming doorman-events. The copy only serves
      // reads, so it consumes nothing.
      queueConsumers: undefined,
    });
  }
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      resourcePersistencePath: persistRoot,
      log: new NoOpLog(),
      handleStructuredLogs: () => {}, // the Worker still formats and writes its log lines; nobody prints them
      logRequests: false,
      telemetry: { enabled: false },
      ...(inspectorPort === undefined ? {} : { inspectorPort }),
      workers,
    }),
  );
  const url = await mf.ready;
  return { mf, url: url.origin, pid: workerdPid(), dispose: () => mf.dispose() };
}

/** The workerd process this Node process spawned (Miniflare keeps its handle private). */
function workerdPid() {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && comm.startsWith('workerd')) return Number(pid);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error('no workerd child process found');
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time of a process (all its threads), in ms; 1000/CLK_TCK ms resolution. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime (14) + stime (15)
}

/** CPU time all processes spent busy since boot, in ms (from /proc/stat), to spot other load during a row. */
export function machineBusyMs() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks; // idle and iowait are not busy
  return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / CLOCK_TICKS;
}
