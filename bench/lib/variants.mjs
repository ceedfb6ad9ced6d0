// Other commits of this repository measured in the same bench run (BENCH_VARIANTS="label=ref,…"): each is unpacked
// with `git archive`, bundled and timed like the working tree, and served beside it on its own Host, so a lever's
// before/after is read from one run on one machine load.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { formatCheck } from './password-check.mjs';
import { bundle, checkStartup } from './wrangler.mjs';

/** `label=ref` pairs; a bare ref is its own label. */
export function parseVariants(spec) {
  return (spec ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair, index) => {
      const [label, ref = label] = pair.split('=');
      return { label, ref, host: `v${index}.bench`, name: `variant-${index}` };
    });
}

/** Unpacks `variant.ref` under `tmp` with the tree's node_modules and its generated `public/`; sets root and commit. */
export function unpackVariant(root, tmp, variant) {
  const dir = path.join(tmp, 'variants', variant.name);
  mkdirSync(dir, { recursive: true });
  variant.commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', variant.ref], {
    encoding: 'utf8',
  }).trim();
  execFileSync('sh', ['-c', `git -C "${root}" archive "${variant.ref}" | tar -x -C "${dir}"`]);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  if (existsSync(path.join(root, 'public')))
    cpSync(path.join(root, 'public'), path.join(dir, 'public'), { recursive: true });
  variant.root = dir;
  return variant;
}

/** Unpacks, bundles and times each variant. */
export async function prepareVariants(root, tmp, variants, log) {
  for (const variant of variants) {
    unpackVariant(root, tmp, variant);
    log(`variant ${variant.label} (${variant.commit}): bundling and timing start-up…`);
    variant.bundle = await bundle(variant.root, path.join(tmp, 'variants', `${variant.name}-bundle`));
    variant.startup = await checkStartup(variant.root, tmp);
  }
  return variants;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The before/after table: each variant (and the working tree) with its bundle, start-up and CPU ratios to bare. */
export function comparisonTable({ rows, variants, passwordChecks = {} }) {
  const bareCpu = rows.find((row) => row.bare)?.result?.cpuMsPerRequest;
  const bareRps = rows.find((row) => row.bare)?.result?.rps;
  const cpuRatio = (key, variant) => {
    const row = rows.find((r) => r.key === key && r.variant === variant);
    return row?.result && bareCpu ? (row.result.cpuMsPerRequest / bareCpu).toFixed(2) : '–';
  };
  const rpsRatio = (key, variant) => {
    const row = rows.find((r) => r.key === key && r.variant === variant);
    return row?.result && bareRps ? (row.result.rps / bareRps).toFixed(2) : '–';
  };
  const header = [
    'tree',
    'bundle gzip KiB',
    'start-up ms (median)',
    '/health CPU ×bare',
    'cached GET CPU ×bare',
    'cached GET req/s ×bare',
    'list of 100 CPU ×bare',
    'first password check (then the second)',
  ];
  const line = (label, b, s, variant) => [
    label,
    b.gzipKiB.toFixed(1),
    median(s).toFixed(1),
    cpuRatio('health', variant),
    cpuRatio('building-cached', variant),
    rpsRatio('building-cached', variant),
    cpuRatio('list-100', variant),
    formatCheck(passwordChecks[variant ?? 'tree']),
  ];
  const body = variants.map((v) => line(`${v.label} (${v.commit})`, v.bundle, v.startup, v.name));
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
