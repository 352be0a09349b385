/**
 * The SDK's composition root: picks the concrete store and embedder for a
 * {@link MemoryOptions} the caller did not fill in, and hands them to the engine, which
 * only ever sees the `MemoryStore` and `Embedder` contracts.
 *
 * Heavy or native pieces load lazily (dynamic import on first use): a caller passing its
 * own `store` or a PostgreSQL URL never loads better-sqlite3 (and a SQLite caller never
 * loads `pg`), and a
 * keyword-only caller (`embedder: null` or provider `none`) never loads a model.
 *
 * Failure contract: rejects with `MnemoError` — `UNAVAILABLE` when the SQLite file cannot
 * be opened, `INVALID_INPUT` for an unknown embedding provider or missing setting.
 */
import { isPostgresUrl } from '../config/database-url.js';
import { DbKey } from '../config/db-key.js';
import type { Embedder } from '../embedding/embedder.js';
import { SharedQueryEmbedder } from '../embedding/shared-query-embedder.js';
import type { MemoryStore } from '../storage/store.js';
import type { MemoryOptions } from './memory-options.js';

/** Default SQLite file of `new Memory()` without `path` or `store`. */
export const DEFAULT_SQLITE_PATH = './memory.sqlite';

/**
 * The store of `options`: the given one, else PostgreSQL for `databaseUrl` (or a
 * `postgres://` `path`), else a SQLite store on `options.path`.
 */
export async function composeStore(options: MemoryOptions): Promise<MemoryStore> {
  if (options.store) return options.store;
  const url = options.databaseUrl ?? (options.path !== undefined && isPostgresUrl(options.path) ? options.path : undefined);
  if (url !== undefined) {
    const { openPostgresStore } = await import('../storage/postgres/postgres-store.js');
    return openPostgresStore({ url });
  }
  const { openSqliteStore } = await import('../storage/sqlite/sqlite-store.js');
  return openSqliteStore({
    path: options.path ?? DEFAULT_SQLITE_PATH,
    ...(options.sqliteVecPath === undefined ? {} : { sqliteVecPath: options.sqliteVecPath }),
    ...(options.encryptionKey === undefined ? {} : { key: options.encryptionKey instanceof DbKey ? options.encryptionKey : DbKey.from(options.encryptionKey) }),
    ...options.sqlite,
  });
}

/**
 * The embedder of `options`: the given one (`null` = keyword only), else built from
 * `options.embeddings` and wrapped in a {@link SharedQueryEmbedder} (identical concurrent
 * texts share one embedding; recent queries come from an LRU). A given embedder is used as
 * is, so callers that count or time its calls see every call.
 */
export async function composeEmbedder(options: MemoryOptions): Promise<Embedder | null> {
  if (options.embedder !== undefined) return options.embedder;
  const { createEmbedder } = await import('../embedding/create-embedder.js');
  const embedder = await createEmbedder(options.embeddings);
  return embedder === null ? null : new SharedQueryEmbedder(embedder);
}
