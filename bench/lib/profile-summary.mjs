// Summarises a V8 .cpuprofile of the bundled Worker: self time per package or source folder (from esbuild's `// path`
// comments in the bundle) and inclusive time per function.
import { readFileSync } from 'node:fs';

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

export function summarise(profile, bundlePath) {
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
