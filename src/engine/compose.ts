/**
 * The SDK's composition root: picks the concrete store and embedder for a
 * {@link MemoryOptions} the caller did not fill in, and hands them to the engine, which
 * only ever sees the `MemoryStore` and `Embedder` contracts.
 *
 * Heavy or native pieces load lazily (dynamic import on first use): a caller passing its
 * own `store` (e.g. a future PostgreSQL backend) never loads better-sqlite3, and a
 * keyword-only caller (`embedder: null` or provider `none`) never loads a model.
 *
 * Failure contract: rejects with `MnemoError` — `UNAVAILABLE` when the SQLite file cannot
 * be opened, `INVALID_INPUT` for an unknown embedding provider or missing setting.
 */
import type { Embedder } from '../embedding/embedder.js';
import type { MemoryStore } from '../storage/store.js';
import type { MemoryOptions } from './memory-options.js';

/** Default SQLite file of `new Memory()` without `path` or `store`. */
export const DEFAULT_SQLITE_PATH = './memory.sqlite';

/** The store of `options`: the given one, else a SQLite store on `options.path`. */
export async function composeStore(options: MemoryOptions): Promise<MemoryStore> {
  if (options.store) return options.store;
  const { openSqliteStore } = await import('../storage/sqlite/sqlite-store.js');
  return openSqliteStore({
    path: options.path ?? DEFAULT_SQLITE_PATH,
    ...(options.sqliteVecPath === undefined ? {} : { sqliteVecPath: options.sqliteVecPath }),
    ...options.sqlite,
  });
}

/** The embedder of `options`: the given one (`null` = keyword only), else built from `options.embeddings`. */
export async function composeEmbedder(options: MemoryOptions): Promise<Embedder | null> {
  if (options.embedder !== undefined) return options.embedder;
  const { createEmbedder } = await import('../embedding/create-embedder.js');
  return createEmbedder(options.embeddings);
}
