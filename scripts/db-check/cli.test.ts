// npm run db:check in a git repository with releases: the previous release decides what may be dropped.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(import.meta.dirname, '../db-check.ts');
const repo = mkdtempSync(path.join(tmpdir(), 'doorman-db-check-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
};
const release = (tag: string) => {
  git('add', '-A');
  git('commit', '-qm', tag);
  git('tag', tag);
};
const dbCheck = (...args: string[]) => {
  const r = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', SCRIPT, '--cwd', repo, ...args],
    {
      encoding: 'utf8',
    },
  );
  return { code: r.status, out: r.stdout + r.stderr };
};

describe('npm run db:check against git releases', () => {
  it('expand -> migrate -> contract: the drop is refused until a release no longer reads the column', () => {
    git('init', '-q');
    // v1 expands: the table has the column the code reads.
    write(
      'migrations/0000_init.sql',
      'CREATE TABLE `notes` (`id` text PRIMARY KEY NOT NULL, `legacy` text, `body` text);',
    );
    write(
      'src/modules/notes/tables.ts',
      "sqliteTable('notes', { id: text('id'), legacy: text('legacy'), body: text('body') })",
    );
    release('v1');
    expect(dbCheck().code).toBe(0);

    // Dropping the column right away (unmarked) is refused.
    write('migrations/0001_drop.sql', 'ALTER TABLE `notes` DROP COLUMN `legacy`;');
    const unmarked = dbCheck();
    expect(unmarked.code).toBe(1);
    expect(unmarked.out).toContain('drops or renames notes.legacy, which the previous release still reads');

    // Marked, but v1 still reads it: still refused.
    write(
      'migrations/0001_drop.sql',
      '-- doorman:contract drops=notes.legacy\nALTER TABLE `notes` DROP COLUMN `legacy`;',
    );
    expect(dbCheck().out).toContain('but the previous release still reads it');

    // v2 stops reading it (no migration); then the marked drop passes against v2.
    rmSync(path.join(repo, 'migrations/0001_drop.sql'));
    write('src/modules/notes/tables.ts', "sqliteTable('notes', { id: text('id'), body: text('body') })");
    release('v2');
    write(
      'migrations/0001_drop.sql',
      '-- doorman:contract drops=notes.legacy\nALTER TABLE `notes` DROP COLUMN `legacy`;',
    );
    const contract = dbCheck();
    expect(contract.out).toContain('1 new since v2: 0001_drop.sql');
    expect(contract.code).toBe(0);
    // Judged against v1 (say, production still runs v1), the same step is refused.
    expect(dbCheck('--base', 'v1').code).toBe(1);
  });

  it('refuses an edited released migration, and a previous release missing from the clone', () => {
    write(
      'migrations/0000_init.sql',
      'CREATE TABLE `notes` (`id` text PRIMARY KEY NOT NULL, `legacy` text, `body` text, `x` text);',
    );
    const edited = dbCheck('--base', 'v2');
    expect(edited.code).toBe(1);
    expect(edited.out).toContain('0000_init.sql: shipped in v2 and edited since');
    expect(dbCheck('--base', 'v0-missing').code).toBe(2);
  });
});
