/**
 * The PostgreSQL connection layer of the Postgres store: a `pg` pool (loaded lazily, so
 * SQLite users never load it), settings read from the connection URL, `?` placeholders
 * rewritten to `$n` (so queries read like the SQLite store's), and transactions on one
 * pooled client.
 *
 * URL settings (query parameters of `postgres://user:pass@host:port/db?...`):
 * - `sslmode` (`disable` | `require` | `verify-ca` | `verify-full`, libpq's names) — handled
 *   by `pg`'s connection-string parser;
 * - `pool_max` / `max`: pool size (default 10, `pg`'s default);
 * - `statement_timeout`: ms per statement (default 30000: a query that runs longer is a
 *   fault, not a search);
 * - `application_name` (default `mnemo`);
 * - `schema`: keep mnemo's tables in this schema (created if absent), e.g. one per tenant.
 * The password is never printed: {@link redactUrl} masks it wherever a URL is shown.
 *
 * Failure contract: {@link openPool} rejects with `MnemoError('UNAVAILABLE')` when `pg` is
 * missing or the server cannot be reached; query errors propagate as driver errors (the
 * store wraps them with `mapStorageFaults`).
 */
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { redactUrl } from '../../config/database-url.js';
import { MnemoError } from '../../core/errors.js';

/** What a query runs on: the pool (autocommit) or a client inside a transaction. */
interface Runner {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Default pool size: `pg`'s own default (node-postgres docs, "Pool" `max`). */
const DEFAULT_POOL_MAX = 10;
/** Default per-statement timeout, ms. */
const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export { isPostgresUrl, redactUrl } from '../../config/database-url.js';

/** `?` placeholders (outside single-quoted literals) to `$1..$n`. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

/** A thin query helper over a pool or a transaction's client. */
export class PgDb {
  constructor(private readonly runner: Runner, private readonly pool: Pool | null) {}

  /** All rows of `sql` (`?` placeholders). */
  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.runner.query(numberPlaceholders(sql), params)).rows as T[];
  }

  /** The first row, or `undefined`. */
  async get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs a statement. @returns the affected row count. */
  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.runner.query(numberPlaceholders(sql), params)).rowCount ?? 0;
  }

  /** Runs raw SQL (several statements, no parameters). */
  async exec(sql: string): Promise<void> {
    await this.runner.query(sql);
  }

  /**
   * Runs `fn` in a transaction on one pooled client (READ COMMITTED, PostgreSQL's
   * default); nested calls join the outer transaction. Rolls back when `fn` rejects.
   */
  async tx<T>(fn: (db: PgDb) => Promise<T>): Promise<T> {
    if (this.pool === null) return fn(this);
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgDb(client as Runner, null));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Runs `fn` on one dedicated client outside any transaction (session settings, advisory locks). */
  async session<T>(fn: (db: PgDb) => Promise<T>): Promise<T> {
    if (this.pool === null) return fn(this);
    const client = await this.pool.connect();
    try {
      return await fn(new PgDb(client as Runner, null));
    } finally {
      client.release();
    }
  }
}

/**
 * A `pg.Client` class whose connections set `search_path` to `schema` (then `public`)
 * before the pool hands them out. A SET after connecting rather than libpq's startup
 * `options`, which some servers (PGlite) ignore.
 */
function schemaClient(pg: typeof import('pg'), schema: string): typeof import('pg').Client {
  // Typed loosely: pg's overloads (a promise of the client, or the pool's Node-style callback).
  const Base = pg.Client as unknown as new (config?: unknown) => { connect(): Promise<unknown> | undefined; query(sql: string): Promise<unknown> };
  class SchemaClient extends Base {
    override connect(callback?: (err: Error | null, client?: unknown) => void): Promise<unknown> | undefined {
      const ready = (super.connect() as Promise<unknown>).then(() => this.query(`SET search_path TO "${schema}", public`)).then(() => this);
      if (!callback) return ready;
      ready.then((c) => callback(null, c), (e: Error) => callback(e));
      return undefined;
    }
  }
  return SchemaClient as unknown as typeof import('pg').Client;
}

/** Settings of {@link openPool}. */
export interface PoolOptions {
  /** `postgres://...` connection string (see module header for its query parameters). */
  url: string;
  /** Overrides the URL's `pool_max`. */
  poolMax?: number | undefined;
  /**
   * A schema to keep mnemo's tables in (created if absent; `search_path` is set to it,
   * then `public` for extensions). @default the role's `search_path` (usually `public`)
   */
  schema?: string | undefined;
}

/** A schema name mnemo accepts (an unquoted-safe identifier). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a `pg` pool for `url` and checks it answers.
 * @throws MnemoError UNAVAILABLE when `pg` is not installed or the server is unreachable
 *   (the message carries the redacted URL, never the password).
 */
export async function openPool(options: PoolOptions): Promise<{ pool: Pool; db: PgDb }> {
  let pg: typeof import('pg');
  try {
    pg = (await import('pg')).default as unknown as typeof import('pg');
  } catch (cause) {
    throw new MnemoError('UNAVAILABLE', `the pg driver is not installed (npm install pg): ${(cause as Error).message}`, { cause });
  }
  const url = new URL(options.url);
  const take = (name: string): string | null => {
    const v = url.searchParams.get(name);
    url.searchParams.delete(name);
    return v;
  };
  const poolMax = options.poolMax ?? Number(take('pool_max') ?? take('max') ?? DEFAULT_POOL_MAX);
  const statementTimeout = Number(take('statement_timeout') ?? DEFAULT_STATEMENT_TIMEOUT_MS);
  const applicationName = take('application_name') ?? 'mnemo';
  const schema = options.schema ?? take('schema') ?? undefined;
  // BIGINT (epoch ms, counts) and NUMERIC as JS numbers: every value mnemo stores fits in
  // 2^53 (times in ms until year 287396), and the contract speaks numbers.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === 20 || oid === 1700) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const config: PoolConfig = {
    connectionString: url.toString(),
    max: Number.isFinite(poolMax) && poolMax > 0 ? poolMax : DEFAULT_POOL_MAX,
    statement_timeout: Number.isFinite(statementTimeout) && statementTimeout >= 0 ? statementTimeout : DEFAULT_STATEMENT_TIMEOUT_MS,
    application_name: applicationName,
    types: types as PoolConfig['types'],
  };
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new MnemoError('INVALID_INPUT', `schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME.source}`);
  }
  if (schema !== undefined) config.Client = schemaClient(pg, schema);
  const pool = new pg.Pool(config);
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
    // Instances started together race on CREATE SCHEMA IF NOT EXISTS: the loser gets a
    // unique violation on pg_namespace (23505) or "already exists" (42P06); both mean done.
    if (schema !== undefined) {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).catch((error: { code?: string }) => {
        if (error.code !== '23505' && error.code !== '42P06') throw error;
      });
    }
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new MnemoError('UNAVAILABLE', `cannot connect to ${redactUrl(options.url)}: ${(cause as Error).message}`, { cause });
  }
  return { pool, db: new PgDb(pool as unknown as Runner, pool) };
}
