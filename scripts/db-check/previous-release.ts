// The previous release, as git holds it: which migrations it shipped, and which tables and columns its code reads.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });

/** The newest release tag (v*) behind HEAD, if there is one. */
export function latestReleaseTag(cwd: string): string | undefined {
  try {
    return git(cwd, 'describe', '--tags', '--abbrev=0', '--match', 'v*', 'HEAD').trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface PreviousRelease {
  /** Migration file names the release shipped, with the git blob ID of each. */
  migrations: Map<string, string>;
  reads(object: string): boolean;
}

export function previousRelease(cwd: string, ref: string, migrationsDir: string): PreviousRelease {
  try {
    git(cwd, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new Error(
      `the previous release ${ref} is not in this clone (in CI, check out with fetch-depth: 0)`,
    );
  }
  const migrations = new Map<string, string>();
  for (const line of git(cwd, 'ls-tree', ref, `${migrationsDir}/`).split('\n')) {
    const match = /^\d+ blob ([0-9a-f]+)\t.*\/([^/]+\.sql)$/.exec(line);
    if (match?.[1] && match[2]) migrations.set(match[2], match[1]);
  }
  const sources = git(cwd, 'ls-tree', '-r', '--name-only', ref, '--', 'src')
    .split('\n')
    .filter((file) => /(^|\/)tables\.ts$|^src\/db\/[^/]+\.ts$/.test(file));
  const texts = new Map(sources.map((file) => [file, git(cwd, 'show', `${ref}:${file}`)]));
  return { migrations, reads: (object) => readsIn(texts, object) };
}

/** The git blob ID of a file's content (to tell a released migration that was edited afterwards). */
export function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * Whether drizzle tables declare a table (`sqliteTable('name'`) or a column (a quoted `'column'` inside that table's
 * declaration, or in a shared column helper the declaration spreads). Errs towards "reads": a false "reads" only
 * asks for one more release before the drop.
 */
export function readsIn(texts: Map<string, string>, object: string): boolean {
  const [table = '', column] = object.split('.');
  const quoted = (name: string) => new RegExp(`['"\`]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`);
  const start = new RegExp(`sqliteTable\\(\\s*${quoted(table).source}`);
  for (const [, text] of texts) {
    const at = text.search(start);
    if (at < 0) continue;
    if (!column) return true;
    const rest = text.slice(at + 1);
    const next = rest.search(/sqliteTable\(/);
    const declaration = next < 0 ? rest : rest.slice(0, next);
    if (quoted(column).test(declaration)) return true;
    if (
      declaration.includes('...') &&
      [...texts.values()].some((t) => !t.includes('sqliteTable(') && quoted(column).test(t))
    ) {
      return true;
    }
  }
  return false;
}
