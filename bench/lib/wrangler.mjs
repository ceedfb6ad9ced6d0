// Wrangler CLI steps of the bench: bundle the Worker (and read its gzip size), time `check startup`, apply D1 migrations.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';

const execFileAsync = promisify(execFile);

/** Module types of the bundle's files, by extension (the defaults plus wrangler.toml's `*.md` Text rule). */
const MODULE_TYPES = {
  '.js': 'ESModule',
  '.mjs': 'ESModule',
  '.cjs': 'CommonJS',
  '.md': 'Text',
  '.txt': 'Text',
  '.html': 'Text',
  '.sql': 'Text',
  '.bin': 'Data',
  '.wasm': 'CompiledWasm',
};

/** Runs the project's wrangler on this Node, without metrics, colour or prompts; returns its output. */
export async function wrangler(root, args, timeoutMs = 120_000) {
  const bin = path.join(root, 'node_modules/wrangler/bin/wrangler.js');
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: timeoutMs,
      maxBuffer: 32 * 1024 * 1024,
    });
    return stripVTControlCharacters(`${stdout}\n${stderr}`);
  } catch (error) {
    const output = stripVTControlCharacters(`${error.stdout ?? ''}\n${error.stderr ?? ''}`).trim();
    throw new Error(`wrangler ${args.join(' ')} failed:\n${output.split('\n').slice(-20).join('\n')}`);
  }
}

/** `wrangler deploy --dry-run`: the bundle as Miniflare modules, with wrangler's upload and gzip sizes. */
export async function bundle(root, outdir) {
  const output = await wrangler(root, ['deploy', '--dry-run', '--env=', '--outdir', outdir]);
  const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  const modules = readdirSync(outdir)
    .filter((name) => name !== 'README.md' && !name.endsWith('.map'))
    .sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b))) // the main module first
    .map((name) => ({ type: MODULE_TYPES[path.extname(name)] ?? 'Data', path: path.join(outdir, name) }));
  if (modules[0]?.path !== path.join(outdir, 'index.js')) throw new Error(`no index.js in ${outdir}`);
  return { dir: outdir, modules, uploadKiB: Number(size?.[1] ?? NaN), gzipKiB: Number(size?.[2] ?? NaN) };
}

/** `wrangler check startup`, `runs` times: the "Active" start-up CPU time of each run, in ms. */
export async function checkStartup(root, tmp, runs = 3) {
  const active = [];
  for (let i = 0; i < runs; i++) {
    const output = await wrangler(root, [
      'check',
      'startup',
      '--env=',
      '--outfile',
      path.join(tmp, 'startup.cpuprofile'),
    ]);
    const match = /Active: ([\d.]+) ms/.exec(output);
    if (!match)
      throw new Error(`no "Active: … ms" in wrangler check startup output:\n${output.slice(-1500)}`);
    active.push(Number(match[1]));
  }
  return active;
}

/** Applies migrations/ to the local D1 database `DB` persisted under `persistTo` (Miniflare then uses `<persistTo>/v3`). */
export async function migrate(root, persistTo) {
  await wrangler(root, ['d1', 'migrations', 'apply', 'DB', '--local', '--env=', '--persist-to', persistTo]);
}
