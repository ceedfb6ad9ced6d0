// The drizzle client over the instrumented D1 binding: the only way services reach the database.
import { drizzle } from 'drizzle-orm/d1';
import { instrumentD1 } from './instrumented-d1';

const clients = new WeakMap<D1Database, Database>();

// No schema argument: services build queries from their own module's tables (select/insert/update), never
// drizzle's relational `db.query.*`, so the platform need not import, or even know, any feature's tables.
function create(binding: D1Database) {
  return drizzle(instrumentD1(binding));
}

export type Database = ReturnType<typeof create>;

/** One drizzle client per D1 binding per isolate; queries are counted in the current request's metrics. */
export function database(binding: D1Database): Database {
  let client = clients.get(binding);
  if (!client) {
    client = create(binding);
    clients.set(binding, client);
  }
  return client;
}
