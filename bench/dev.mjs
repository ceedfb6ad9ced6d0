// `npm run bench:dev`: the cached building GET under `wrangler dev` (as `npm run dev` runs it, wrangler.toml's
// development vars and log format) against a bare Worker under `wrangler dev`, one after the other in one run.
// DEV_VARIANTS="label=ref,…" adds other commits, each under its own `wrangler dev`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { seedTenant } from './lib/seed.mjs';
import { parseVariants, unpackVariant } from './lib/variants.mjs';
import { wrangler } from './lib/wrangler.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
// The development user limit (600 a minute, a Rate Limiting binding wrangler dev keeps) bounds one run: each
// measurement is a fixed number of requests, well under it, after a short warm-up.
const WARMUP = 50;
const AMOUNT = Number(process.env.DEV_REQUESTS ?? 400);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'doorman-dev-bench-'));
const children = [];
const log = (message) => console.log(`bench:dev: ${message}`);

/** Starts `wrangler dev` in `dir` on `port`; resolves when it answers. Its output is read and dropped. */
async function startDev(dir, port, persistTo) {
  const bin = path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
  const args = [bin, 'dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistTo];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.resume();
  child.stderr.resume();
  children.push(child);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`wrangler dev in ${dir} did not answer on ${port}`);
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

async function load(url, token, amount) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const result = await autocannon({ url, headers, connections: 4, amount, timeout: 10 });
  return { rps: result.requests.total / result.duration, non2xx: result.non2xx + result.errors };
}

/** Seeds one building in a fresh local database of `dir`, then measures its cached GET. */
async function measureDoorman(dir, port, label) {
  const persistTo = path.join(tmp, `state-${port}`);
  await wrangler(dir, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]);
  const child = await startDev(dir, port, persistTo);
  try {
    const origin = `http://127.0.0.1:${port}`;
    const tenant = await seedTenant(origin, `dev-${port}`);
    if (tenant.error) throw new Error(`${label}: ${tenant.error}`);
    const url = `${origin}/api/v2/buildings/${tenant.buildingId}`;
    await load(url, tenant.token, WARMUP);
    return await load(url, tenant.token, AMOUNT);
  } finally {
    await stop(child);
  }
}

async function measureBare(port) {
  const dir = path.join(tmp, 'bare');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.js'), "export default { fetch: () => new Response('ok') };\n");
  writeFileSync(
    path.join(dir, 'wrangler.toml'),
    'name = "bare"\nmain = "index.js"\ncompatibility_date = "2026-11-01"\n',
  );
  const child = await startDev(dir, port, path.join(tmp, 'bare-state'));
  try {
    await load(`http://127.0.0.1:${port}/`, undefined, WARMUP);
    return await load(`http://127.0.0.1:${port}/`, undefined, AMOUNT);
  } finally {
    await stop(child);
  }
}

try {
  const variants = parseVariants(process.env.DEV_VARIANTS).map((v) => unpackVariant(ROOT, tmp, v));
  log(`load average ${os.loadavg()[0].toFixed(2)}; ${AMOUNT} requests per row, 4 connections`);
  const results = [['bare Worker', await measureBare(8901)]];
  let port = 8902;
  for (const variant of variants) {
    results.push([
      `${variant.label} (${variant.commit}) cached GET`,
      await measureDoorman(variant.root, port++, variant.label),
    ]);
  }
  results.push(['working tree cached GET', await measureDoorman(ROOT, port++, 'tree')]);
  results.push(['bare Worker (again)', await measureBare(port++)]);
  const bare = (results[0][1].rps + results.at(-1)[1].rps) / 2;
  console.log(
    '\n| under wrangler dev | req/s | × bare (mean of both bare runs) | non-2xx |\n| --- | ---: | ---: | ---: |',
  );
  for (const [label, r] of results) {
    console.log(`| ${label} | ${r.rps.toFixed(0)} | ${(r.rps / bare).toFixed(2)} | ${r.non2xx} |`);
  }
} catch (error) {
  console.error(`bench:dev: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await Promise.all(children.map(stop));
  rmSync(tmp, { recursive: true, force: true });
}
