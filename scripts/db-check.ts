// `npm run db:check [-- --base REF]`: refuses migrations that would break the release still running while they
// apply (scripts/db-check/check.ts). REF is the previous release: default the newest v* tag, else none (all new).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkMigrations } from './db-check/check.ts';
import { blobId, latestReleaseTag, previousRelease } from './db-check/previous-release.ts';
import { runMain } from './lib/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const MIGRATIONS = 'migrations';

function main(): number {
  const { values } = parseArgs({ options: { base: { type: 'string' }, cwd: { type: 'string' } } });
  const cwd = values.cwd ?? ROOT;
  // An explicit empty --base means no previous release (every migration is judged); absent means the newest tag.
  const base = values.base !== undefined ? values.base || undefined : latestReleaseTag(cwd);
  const files = readdirSync(path.join(cwd, MIGRATIONS))
    .filter((file) => file.endsWith('.sql'))
    .sort();
  const contents = new Map(files.map((file) => [file, readFileSync(path.join(cwd, MIGRATIONS, file))]));
  const previous = base ? previousRelease(cwd, base, MIGRATIONS) : undefined;

  const problems: string[] = [];
  for (const [file, id] of previous?.migrations ?? []) {
    const now = contents.get(file);
    if (!now) problems.push(`${file}: shipped in ${base} and deleted since; migrations are never removed`);
    else if (blobId(now) !== id)
      problems.push(`${file}: shipped in ${base} and edited since; add a new migration instead`);
  }
  problems.push(
    ...checkMigrations({
      migrations: files.map((name) => ({ name, sql: contents.get(name)?.toString('utf8') ?? '' })),
      released: new Set(previous?.migrations.keys()),
      previousReads: previous ? previous.reads : () => true,
    }),
  );
  const fresh = files.filter((file) => !previous?.migrations.has(file));
  console.log(
    `db:check: ${files.length} migrations, ${fresh.length} new since ${base ?? '(no previous release)'}${fresh.length ? `: ${fresh.join(', ')}` : ''}`,
  );
  for (const problem of problems) console.error(`db:check: ${problem}`);
  if (problems.length === 0) console.log('db:check: every new migration keeps the previous release working');
  return problems.length === 0 ? 0 : 1;
}

runMain('db:check', main);
