// The import graph of the source tree, read from the files' text, and the layering rules it must keep.

/** Path (from the repository root, e.g. `src/app.ts`) → source text. */
export type Sources = Record<string, string>;

const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** The files a file imports, resolved to repository paths (relative specifiers only; packages are ignored). */
export function importsOf(path: string, text: string, sources: Sources): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? '';
    if (!specifier.startsWith('.')) continue;
    const base = join(path.slice(0, path.lastIndexOf('/')), specifier);
    const target = [base, `${base}.ts`, `${base}/index.ts`].find((candidate) => candidate in sources);
    if (target) found.push(target);
  }
  return found;
}

function join(dir: string, specifier: string): string {
  const parts = dir.split('/');
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** Every file reachable from `start` through imports, with the chain that reaches it. */
export function reachable(start: string, sources: Sources): Map<string, string[]> {
  const chains = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const chain = chains.get(file) ?? [];
    for (const next of importsOf(file, sources[file] ?? '', sources)) {
      if (chains.has(next)) continue;
      chains.set(next, [...chain, next]);
      queue.push(next);
    }
  }
  return chains;
}

const moduleOf = (path: string): string | undefined => /^src\/modules\/([^/]+)\//.exec(path)?.[1];

/**
 * Every broken rule, as "file: why (chain)":
 * - src/platform/, src/env.ts and what it reads reach no module, middleware, api or http file, not even
 *   through another file;
 * - src/middleware/ (generic middleware) reaches no module, api or http file;
 * - src/http/ (route building) reaches no api file;
 * - a module imports another module only through its index.ts (behaviour), tables.ts (foreign keys, joins) or
 *   schema.ts (its API contract: zod only; the event catalogue's data are the resources as the API shows them,
 *   and importing an index.ts there would be a cycle, since every writing module raises events).
 */
export function layeringViolations(sources: Sources): string[] {
  const violations: string[] = [];
  const forbid = (from: (path: string) => boolean, to: RegExp, why: string) => {
    for (const start of Object.keys(sources).filter(from)) {
      for (const [file, chain] of reachable(start, sources)) {
        if (to.test(file)) violations.push(`${start}: ${why} (${chain.join(' → ')})`);
      }
    }
  };
  const platformLike = (path: string) =>
    path.startsWith('src/platform/') || path === 'src/env.ts' || path === 'src/development-keys.ts';
  forbid(
    platformLike,
    /^src\/(modules|middleware|api|http)\/|^src\/db\/schema\.ts$/,
    'the platform knows no feature',
  );
  forbid(
    (p) => p.startsWith('src/middleware/'),
    /^src\/(modules|api|http)\//,
    'generic middleware knows no feature',
  );
  forbid((p) => p.startsWith('src/http/'), /^src\/api\//, 'http builds the API versions, never the reverse');
  for (const [path, text] of Object.entries(sources)) {
    const own = moduleOf(path);
    if (!own) continue;
    for (const target of importsOf(path, text, sources)) {
      const other = moduleOf(target);
      if (
        other &&
        other !== own &&
        !/\/(index|tables|schema)\.ts$/.test(target.slice(`src/modules/${other}`.length))
      ) {
        violations.push(
          `${path}: reaches module ${other} through ${target}, not its index.ts, tables.ts or schema.ts`,
        );
      }
    }
  }
  return violations;
}
