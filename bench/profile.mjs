// `npm run bench:profile -- <row | startup>`: the bench's server and seed, then a V8 CPU profile of workerd while one row is
// loaded, summarised by bundled module (self time) and by function (inclusive); the raw .cpuprofile is kept.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { summarise } from './lib/profile-summary.mjs';
import { defineRows } from './lib/rows.mjs';
import { seedTenant } from './lib/seed.mjs';
import { configWorkerOptions, cpuMs, loadTools, startServer } from './lib/server.mjs';
import { bundle, migrate, wrangler } from './lib/wrangler.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const INSPECTOR_PORT = 9339;
const rowKey = process.argv[2] ?? 'building-cached';
const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const logLevel = process.env.PROFILE_LOG_LEVEL ?? 'info';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'doorman-profile-'));
let server;

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

try {
  const tools = await loadTools(ROOT);
  const built = await bundle(ROOT, path.join(tmp, 'bundle'));
  if (rowKey === 'startup') {
    // `wrangler check startup` profiles the same bundle's start-up; summarised the same way.
    const out = path.join(tmp, 'startup.cpuprofile');
    const output = await wrangler(ROOT, ['check', 'startup', '--env=', '--outfile', out]);
    console.log(/Active: [\d.]+ ms/.exec(output)?.[0] ?? output);
    const profile = JSON.parse(readFileSync(out, 'utf8'));
    console.log(summarise(profile, path.join(built.dir, 'index.js')));
    process.exit(0);
  }
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

  // Work workerd does with no request in flight (timers, alarms, background loops) would be billed to every row.
  const idleBefore = cpuMs(server.pid);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  console.log(
    `workerd CPU while idle after seeding: ${((cpuMs(server.pid) - idleBefore) / 2).toFixed(0)} ms per second`,
  );
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
