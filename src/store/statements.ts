import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

/**
 * A statement shared by every caller of the same SQL on the same database. The methods that would
 * change it for all of them (`pluck`, `raw`, `expand`: the shape of rows; `bind`: parameters bound
 * for good; `safeIntegers`) are left out: how rows come back is chosen by the helper that returned it.
 */
export type CachedStatement<Params extends unknown[], Result> = Omit<Statement<Params, Result>, 'pluck' | 'raw' | 'expand' | 'bind' | 'safeIntegers'>;

/** As `db.prepare`: positional parameters as a tuple, named ones as one object. */
type ParamsOf<Params> = Params extends unknown[] ? Params : [Params];

/**
 * Preparing is a good part of the CPU an event costs (SQLite parses and plans the SQL each time),
 * and every store method runs the same few statements: each is prepared once per database and kept.
 * Objects and plucked values are kept apart (a key per shape), so a caller never gets a statement
 * in another caller's shape; the SQL strings are fixed in the code, so the cache stays small.
 */
const cache = new WeakMap<Db, Map<string, Statement<unknown[], unknown>>>();

function cached(db: Db, key: string, sql: string): Statement<unknown[], unknown> {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(key, statement);
  }
  return statement;
}

/**
 * The statement for `sql` on `db`, prepared on first use; rows come back as objects. Statements
 * that return no data (INSERT, UPDATE, DELETE without RETURNING) are run with `.run()` as usual.
 */
export function prepared<Params extends unknown[] | object = unknown[], Result = unknown>(db: Db, sql: string): CachedStatement<ParamsOf<Params>, Result> {
  const statement = cached(db, `rows\u0000${sql}`, sql);
  // Back to objects should a caller have changed the shape behind the type's back (those methods
  // throw on a statement that returns no data: only a reader has a shape).
  if (statement.reader) statement.pluck(false).raw(false).expand(false);
  return statement as unknown as CachedStatement<ParamsOf<Params>, Result>;
}

/** The statement for `sql` on `db`, prepared on first use, returning each row's first column only. */
export function preparedPluck<Params extends unknown[] | object = unknown[], Result = unknown>(db: Db, sql: string): CachedStatement<ParamsOf<Params>, Result> {
  const statement = cached(db, `pluck\u0000${sql}`, sql);
  if (!statement.reader) throw new TypeError(`preparedPluck: the statement returns no data (${sql})`);
  statement.pluck(true);
  return statement as unknown as CachedStatement<ParamsOf<Params>, Result>;
}
