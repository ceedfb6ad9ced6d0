// D1 wrapped so that every query is counted and timed in the current request's metrics.
import { currentContext } from './context';

const TIMED_STATEMENT_METHODS = new Set<PropertyKey>(['first', 'run', 'all', 'raw']);
/** Wrapped statements map back to the native ones, because `batch()` only accepts native statements. */
const nativeStatements = new WeakMap<object, D1PreparedStatement>();
const wrappedDatabases = new WeakMap<D1Database, D1Database>();

async function timed<T>(statements: number, run: () => Promise<T>): Promise<T> {
  const metrics = currentContext()?.metrics;
  const started = performance.now();
  try {
    return await run();
  } finally {
    metrics?.recordQuery(performance.now() - started, statements);
  }
}

function wrapStatement(statement: D1PreparedStatement): D1PreparedStatement {
  const wrapped = new Proxy(statement, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'bind') {
        return (...values: unknown[]) => wrapStatement(target.bind(...values));
      }
      if (TIMED_STATEMENT_METHODS.has(property)) {
        return (...args: unknown[]) => timed(1, () => value.apply(target, args));
      }
      return value.bind(target);
    },
  });
  nativeStatements.set(wrapped, statement);
  return wrapped;
}

const unwrap = (statement: D1PreparedStatement): D1PreparedStatement =>
  nativeStatements.get(statement) ?? statement;

type Queryable = Pick<D1Database, 'prepare' | 'batch'>;

function wrapQueryable<T extends Queryable>(target: T, extra?: (property: PropertyKey) => unknown): T {
  return new Proxy(target, {
    get(inner, property) {
      const special = extra?.(property);
      if (special !== undefined) return special;
      const value: unknown = Reflect.get(inner, property, inner);
      if (typeof value !== 'function') return value;
      if (property === 'prepare') return (query: string) => wrapStatement(inner.prepare(query));
      if (property === 'batch') {
        return (statements: D1PreparedStatement[]) =>
          timed(statements.length, () => inner.batch(statements.map(unwrap)));
      }
      if (property === 'exec') return (query: string) => timed(1, () => value.call(inner, query));
      return value.bind(inner);
    },
  });
}

/** The instrumented view of a D1 binding; one wrapper per binding per isolate. */
export function instrumentD1(database: D1Database): D1Database {
  let wrapped = wrappedDatabases.get(database);
  if (!wrapped) {
    wrapped = wrapQueryable(database, (property) =>
      property === 'withSession'
        ? (constraintOrBookmark?: string) => wrapQueryable(database.withSession(constraintOrBookmark))
        : undefined,
    );
    wrappedDatabases.set(database, wrapped);
  }
  return wrapped;
}
