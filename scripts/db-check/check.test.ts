// db:check's rule on SQL: destructive migrations are refused, additive ones pass, contract steps need the marker and
// a previous release that no longer reads what they drop.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMigrations, contractDrops, type Migration } from './check.ts';
import { readsIn } from './previous-release.ts';

const INIT: Migration = {
  name: '0000_init.sql',
  sql: `CREATE TABLE \`notes\` (\`id\` text PRIMARY KEY NOT NULL, \`body\` text NOT NULL, \`legacy\` text);
--> statement-breakpoint
CREATE TABLE \`old_things\` (\`id\` text PRIMARY KEY NOT NULL);`,
};
const released = new Set([INIT.name]);
const readsAll = () => true;
const readsNothing = () => false;
const check = (sql: string, previousReads: (o: string) => boolean = readsAll) =>
  checkMigrations({ migrations: [INIT, { name: '0001_next.sql', sql }], released, previousReads });

describe('db:check', () => {
  it("passes the repository's own migrations (nothing released yet: every one is judged)", () => {
    const dir = path.resolve(import.meta.dirname, '../../migrations');
    const migrations = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((name) => ({ name, sql: readFileSync(path.join(dir, name), 'utf8') }));
    expect(migrations.length).toBeGreaterThan(0);
    expect(checkMigrations({ migrations, released: new Set(), previousReads: readsAll })).toEqual([]);
  });

  it('passes additive migrations: a new table, a nullable column, a column with a default, an index', () => {
    expect(
      check(`CREATE TABLE \`tags\` (\`id\` text PRIMARY KEY NOT NULL);
ALTER TABLE \`notes\` ADD \`title\` text;
ALTER TABLE \`notes\` ADD \`pinned\` integer DEFAULT 0 NOT NULL;
CREATE INDEX \`notes_title_idx\` ON \`notes\` (\`title\`);`),
    ).toEqual([]);
  });

  it.each([
    ['a dropped column', 'ALTER TABLE `notes` DROP COLUMN `legacy`;', 'notes.legacy'],
    ['a renamed column', 'ALTER TABLE `notes` RENAME COLUMN `legacy` TO `old`;', 'notes.legacy'],
    ['a dropped table', 'DROP TABLE `old_things`;', 'old_things'],
    ['a renamed table', 'ALTER TABLE `old_things` RENAME TO `things`;', 'old_things'],
    [
      "drizzle's table rebuild that leaves a column out",
      `PRAGMA foreign_keys=OFF;
CREATE TABLE \`__new_notes\` (\`id\` text PRIMARY KEY NOT NULL, \`body\` text NOT NULL);
INSERT INTO \`__new_notes\`("id", "body") SELECT "id", "body" FROM \`notes\`;
DROP TABLE \`notes\`;
ALTER TABLE \`__new_notes\` RENAME TO \`notes\`;
PRAGMA foreign_keys=ON;`,
      'notes.legacy',
    ],
  ])('refuses %s that the previous release still reads', (_what, sql, object) => {
    const problems = check(sql);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`drops or renames ${object}, which the previous release still reads`);
  });

  it("refuses a new NOT NULL column without a default (the running version's inserts would fail)", () => {
    const rebuilt = `CREATE TABLE \`__new_notes\` (\`id\` text PRIMARY KEY NOT NULL, \`body\` text NOT NULL, \`legacy\` text, \`owner\` text NOT NULL);
INSERT INTO \`__new_notes\`("id", "body", "legacy", "owner") SELECT "id", "body", "legacy", 'x' FROM \`notes\`;
DROP TABLE \`notes\`;
ALTER TABLE \`__new_notes\` RENAME TO \`notes\`;`;
    expect(check(rebuilt)).toEqual([expect.stringContaining('adds notes.owner NOT NULL without a default')]);
  });

  it('lets a marked contract step drop what the previous release no longer reads', () => {
    const sql =
      '-- doorman:contract drops=notes.legacy, old_things\nALTER TABLE `notes` DROP COLUMN `legacy`;\nDROP TABLE `old_things`;';
    expect(check(sql, readsNothing)).toEqual([]);
  });

  it('refuses a marked contract step while the previous release still reads what it drops', () => {
    const sql = '-- doorman:contract drops=notes.legacy\nALTER TABLE `notes` DROP COLUMN `legacy`;';
    expect(check(sql, (o) => o === 'notes.legacy')).toEqual([
      expect.stringContaining('a contract step for notes.legacy, but the previous release still reads it'),
    ]);
  });

  it('refuses a marker that covers less or more than the migration drops', () => {
    const partial =
      '-- doorman:contract drops=notes.legacy\nALTER TABLE `notes` DROP COLUMN `legacy`;\nDROP TABLE `old_things`;';
    expect(check(partial, readsNothing)).toEqual([expect.stringContaining('drops or renames old_things')]);
    const stale = '-- doorman:contract drops=notes.body\nALTER TABLE `notes` ADD `title` text;';
    expect(check(stale, readsNothing)).toEqual([
      expect.stringContaining('names notes.body, which it does not drop'),
    ]);
  });

  it('does not judge migrations the previous release already shipped', () => {
    const dropped: Migration = { name: '0001_contract.sql', sql: 'DROP TABLE `old_things`;' };
    const problems = checkMigrations({
      migrations: [INIT, dropped],
      released: new Set([INIT.name, dropped.name]),
      previousReads: readsAll,
    });
    expect(problems).toEqual([]);
  });

  it('reports SQL that does not apply', () => {
    expect(check('ALTER TABLE `missing` ADD `x` text;')).toEqual([
      expect.stringContaining('does not apply on SQLite'),
    ]);
  });

  it('reads the marker from its own comment line only', () => {
    expect(contractDrops('-- doorman:contract drops=a.b, c\nDROP TABLE c;')).toEqual(new Set(['a.b', 'c']));
    expect(contractDrops('DROP TABLE c; -- doorman:contract drops=c')).toBeUndefined();
  });
});

describe('what the previous release reads', () => {
  const texts = new Map([
    [
      'src/modules/notes/tables.ts',
      "export const notes = sqliteTable('notes', { id: id(), body: text('body'), ...auditColumns() });\nexport const tags = sqliteTable('tags', { label: text('label') });",
    ],
    ['src/db/columns.ts', "export const auditColumns = () => ({ createdAt: integer('created_at') });"],
  ]);

  it('finds tables, their own columns and columns from spread helpers, scoped to the table', () => {
    expect(readsIn(texts, 'notes')).toBe(true);
    expect(readsIn(texts, 'notes.body')).toBe(true);
    expect(readsIn(texts, 'notes.created_at')).toBe(true);
    expect(readsIn(texts, 'notes.label')).toBe(false);
    expect(readsIn(texts, 'notes.legacy')).toBe(false);
    expect(readsIn(texts, 'old_things')).toBe(false);
  });
});
