// The migration rule: a migration the previous release has not run may not drop or rename what that release reads,
// nor add a column its inserts cannot fill, unless it is a marked contract step the previous release no longer reads.
import { DatabaseSync } from 'node:sqlite';

export interface Migration {
  name: string;
  sql: string;
}

export interface CheckInput {
  /** Every migration, in the order wrangler applies them (file name order). */
  migrations: Migration[];
  /** Migrations the previous release already shipped: run for the schema, not judged again. */
  released: ReadonlySet<string>;
  /**
   * Whether the previous release's code reads a table (`table`) or column (`table.column`). Without a known
   * previous release, everything counts as read.
   */
  previousReads: (object: string) => boolean;
}

/** `-- doorman:contract drops=table.column, other_table`: the marker of a contract step (docs/deployment.md). */
const MARKER = /^--\s*doorman:contract\s+drops=(.+)$/m;

type Schema = Map<string, Map<string, { required: boolean }>>;

export function contractDrops(sql: string): Set<string> | undefined {
  const match = MARKER.exec(sql);
  if (!match?.[1]) return undefined;
  return new Set(
    match[1]
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
}

/** Applies every migration to an empty SQLite database (D1 is SQLite) and returns one line per problem. */
export function checkMigrations({ migrations, released, previousReads }: CheckInput): string[] {
  const db = new DatabaseSync(':memory:');
  const problems: string[] = [];
  try {
    for (const migration of migrations) {
      const before = schemaOf(db);
      try {
        db.exec(migration.sql);
      } catch (error) {
        problems.push(`${migration.name}: does not apply on SQLite: ${(error as Error).message}`);
        return problems;
      }
      if (released.has(migration.name)) continue;
      problems.push(...judge(migration, before, schemaOf(db), previousReads));
    }
  } finally {
    db.close();
  }
  return problems;
}

function judge(
  migration: Migration,
  before: Schema,
  after: Schema,
  previousReads: (o: string) => boolean,
): string[] {
  const problems: string[] = [];
  const marked = contractDrops(migration.sql);
  const lost: string[] = [];
  for (const [table, columns] of before) {
    const now = after.get(table);
    if (!now) {
      lost.push(table);
      continue;
    }
    for (const column of columns.keys()) if (!now.has(column)) lost.push(`${table}.${column}`);
    for (const [column, { required }] of now) {
      if (!columns.has(column) && required) {
        problems.push(
          `${migration.name}: adds ${table}.${column} NOT NULL without a default: the running version's inserts into ${table} would fail. Give it a default, or make it nullable until the next release.`,
        );
      }
    }
  }
  for (const object of lost) {
    if (!marked?.has(object)) {
      problems.push(
        `${migration.name}: drops or renames ${object}, which the previous release still reads (it keeps serving during the rollout and after a rollback). Expand -> migrate -> contract: docs/deployment.md.`,
      );
    } else if (previousReads(object)) {
      problems.push(
        `${migration.name}: a contract step for ${object}, but the previous release still reads it: release the code that stops reading it first, then drop it in a later release.`,
      );
    }
  }
  for (const object of marked ?? []) {
    if (!lost.includes(object))
      problems.push(`${migration.name}: the contract marker names ${object}, which it does not drop`);
  }
  return problems;
}

function schemaOf(db: DatabaseSync): Schema {
  const schema: Schema = new Map();
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
    )
    .all() as Array<{ name: string }>;
  for (const { name } of tables) {
    const columns = db.prepare(`PRAGMA table_info("${name.replaceAll('"', '""')}")`).all() as Array<{
      name: string;
      notnull: number;
      dflt_value: unknown;
      pk: number;
    }>;
    schema.set(
      name,
      new Map(
        columns.map((c) => [c.name, { required: c.notnull === 1 && c.dflt_value === null && c.pk === 0 }]),
      ),
    );
  }
  return schema;
}
