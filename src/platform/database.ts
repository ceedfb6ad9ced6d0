// The drizzle client over the instrumented D1 binding: the only way services reach the database.
import { drizzle } from 'drizzle-orm/d1';
import * as schema from '../db/schema';
import { instrumentD1 } from './instrumented-d1';

const clients = new WeakMap<D1Database, Database>();

function create(binding: D1Database) {
  return drizzle(instrumentD1(binding), { schema });
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
