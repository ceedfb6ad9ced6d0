// `npm run bench:profile -- <row>`: the bench's server and seed, then a V8 CPU profile of workerd while one row is
// loaded, summarised by bundled module (self time) and by function (inclusive); the raw .cpuprofile is kept.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { defineRows } from './lib/rows.mjs';
import { seedTenant } from './lib/seed.mjs';
import { configWorkerOptions, loadTools, startServer } from './lib/server.mjs';
import { bundle, migrate } from './lib/wrangler.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const INSPECTOR_PORT = 9339;
const rowKey = process.argv[2] ?? 'building-cached';
const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const logLevel = process.env.PROFILE_LOG_LEVEL ?? 'info';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'doorman-profile-'));
let server;

/** Line (0-based) → module path, from the `// path` comments esbuild writes before each bundled module. */
function moduleMap(file) {
  const starts = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      const match = /^\/\/ ((?:node_modules|src|durable-objects|queues|\.\.)\/\S+)$/.exec(line);
      if (match) starts.push([index, match[1]]);
    });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prelude)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) {
        found = starts[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** `node_modules/@scope/pkg/…` → `@scope/pkg`; `src/a/b/c.ts` → `src/a/b`. */
const groupOf = (module) => {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  if (nm) return nm[1];
  return module.split('/').slice(0, 3).join('/');
};

/** Sends one DevTools Protocol command on `ws` and resolves with its result. */
function client(ws) {
  let id = 0;
  const waiting = new Map();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.id && waiting.has(message.id)) {
      waiting.get(message.id)(message);
      waiting.delete(message.id);
    }
  });
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      id += 1;
      waiting.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result)));
      ws.send(JSON.stringify({ id, method, params }));
    });
}

function summarise(profile, bundlePath) {
  const toModule = moduleMap(bundlePath);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (url.endsWith('/index.js') || url.endsWith('index.js')) {
      const module = toModule(lineNumber);
      return {
        module,
        group: groupOf(module),
        fn: `${functionName || '(anonymous)'} ${module}:${lineNumber + 1}`,
      };
    }
    const where = url ? url.split('/').slice(-1)[0] : functionName || '(native)';
    return {
      module: where,
      group: url ? `(other: ${where})` : functionName || '(native)',
      fn: `${functionName || '(anonymous)'} ${where}`,
    };
  };
  const labels = new Map(profile.nodes.map((node) => [node.id, label(node)]));
  const counts = new Map();
  for (const sample of profile.samples) counts.set(sample, (counts.get(sample) ?? 0) + 1);
  const total = profile.samples.length;
  const self = new Map();
  const inclusive = new Map();
  for (const [id, count] of counts) {
    const { group } = labels.get(id);
    self.set(group, (self.get(group) ?? 0) + count);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { fn } = labels.get(at);
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + count);
    }
  }
  void byId;
  const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `samples: ${total}`,
    '',
    'self time by package / source folder:',
    ...top(self, 30).map(([k, v]) => `  ${pct(v)}  ${k}`),
    '',
    'inclusive time by function (top 60):',
    ...top(inclusive, 60).map(([k, v]) => `  ${pct(v)}  ${k}`),
  ].join('\n');
}

try {
  const tools = await loadTools(ROOT);
  const built = await bundle(ROOT, path.join(tmp, 'bundle'));
  await migrate(ROOT, path.join(tmp, 'state'));
  const workerOptions = configWorkerOptions(tools, ROOT);
  const overrides = { LOG_LEVEL: logLevel, LOG_FORMAT: 'json' };
  for (const name of Object.keys(workerOptions.bindings ?? {})) {
    if (/^RATE_LIMIT_\w+_PER_MINUTE$/.test(name)) overrides[name] = '100000';
  }
  server = await startServer({
    tools,
    root: ROOT,
    bundle: built,
    persistRoot: path.join(tmp, 'state', 'v3'),
    overrides,
    cacheSwitch: 'CACHE_DISABLED',
    ratelimitLimit: 100000,
    inspectorPort: INSPECTOR_PORT,
  });
  const tenantA = await seedTenant(server.url, 'a');
  const tenantB = await seedTenant(server.url, 'b', 100);
  const row = defineRows({ tenantA, tenantB, cacheSwitch: 'CACHE_DISABLED', cacheSwitches: [] }).find(
    (r) => r.key === rowKey,
  );
  if (!row) throw new Error(`no row ${rowKey}`);
  const target = row.target();
  const headers = {};
  if (target.host) headers.host = target.host;
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  const load = (duration) =>
    autocannon({ url: `${server.url}${target.path}`, headers, connections: 4, duration, timeout: 10 });

  await load(1);
  const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json();
  const wanted =
    target.host === 'bare.bench' ? 'bare' : target.host === 'nocache.bench' ? 'doorman-nocache' : 'doorman';
  const inspected =
    targets.find((t) => t.id === `core:user:${wanted}`) ?? targets.find((t) => t.title?.includes(wanted));
  if (!inspected)
    throw new Error(`no inspector target for ${wanted}: ${JSON.stringify(targets.map((t) => t.id))}`);
  const ws = new WebSocket(inspected.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  const send = client(ws);
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 100 });
  await send('Profiler.start');
  const result = await load(seconds);
  const { profile } = await send('Profiler.stop');
  ws.close();

  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const out = path.join(ROOT, 'bench/results', `${rowKey}.cpuprofile`);
  writeFileSync(out, JSON.stringify(profile));
  const summary = `${row.label}, LOG_LEVEL=${logLevel}: ${result.requests.total} requests in ${seconds} s\n${summarise(profile, path.join(built.dir, 'index.js'))}`;
  writeFileSync(path.join(ROOT, 'bench/results', `${rowKey}.profile.txt`), summary);
  console.log(summary);
  console.log(`\nprofile: ${out}`);
} catch (error) {
  console.error(`profile: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await server?.dispose().catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
}
