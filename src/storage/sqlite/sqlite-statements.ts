/**
 * Prepared statements kept per connection, for the SQLite store's module-level helpers
 * (vector spaces and vector BLOBs) that are handed a bare `Database`: preparing a
 * statement costs tens of microseconds (its SQL parsed and planned each time), paid on
 * every add and search otherwise. Measured at 100k memories with `node --cpu-prof`
 * (bench/README.md, "Speed at scale: context step and add path"): `readActiveSpace`'s
 * prepare alone was about 0.17 ms of every add.
 *
 * Failure contract: as `Database.prepare` (a bad SQL text throws). A statement whose
 * tables change is re-prepared by SQLite itself when run (SQLITE_SCHEMA), so a kept
 * statement never runs against a stale schema.
 */
import type Database from 'better-sqlite3';

/** Distinct SQL texts kept per connection (the oldest prepared is dropped past it). */
const PER_CONNECTION = 64;

const kept = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The prepared statement of `sql` on `db`, prepared once and kept while `db` lives.
 * Callers must not change a kept statement's modes (`raw`, `pluck`, `expand`) unless they
 * set them on every use.
 */
export function cachedStatement(db: Database.Database, sql: string): Database.Statement {
  let byText = kept.get(db);
  if (!byText) kept.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (byText.size >= PER_CONNECTION) byText.delete(byText.keys().next().value!);
    byText.set(sql, statement);
  }
  return statement;
}
