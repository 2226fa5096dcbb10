// Hot reads as prepared statements: Drizzle builds their SQL once per database handle, and PostgreSQL parses
// them once per connection (pg sends a named statement), instead of both on every request.
import type { Db } from './client.ts';

const byHandle = new WeakMap<Db, Map<string, unknown>>();

/**
 * The query `prepare` makes for this handle, made on first use. `name` must stand for one SQL text (pg refuses
 * a name reused for another text on a connection), so a query whose text varies puts what varies in the name.
 * A transaction is its own handle: its statements run on its connection, never beside it.
 */
export function preparedOnce<T>(db: Db, name: string, prepare: (db: Db, name: string) => T): T {
  let queries = byHandle.get(db);
  if (!queries) {
    queries = new Map();
    byHandle.set(db, queries);
  }
  let query = queries.get(name) as T | undefined;
  if (query === undefined) {
    query = prepare(db, name);
    queries.set(name, query);
  }
  return query;
}
