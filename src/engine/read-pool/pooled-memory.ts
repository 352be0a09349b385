/**
 * A {@link Memory} whose searches run on a {@link SearchPool} of worker threads (its
 * every other call, and every write, stays on the calling thread). `mnemo serve` uses it
 * so that searches use both cores of a small machine (issue 15). Everything that calls
 * `search` (REST, the mem0-compatible API, MCP over HTTP, `memory.as(...)` handles) goes
 * through the pool, since they all reach `Memory.search`.
 *
 * Workers only read: the access log of their searches is written by the calling thread
 * (see `search`), so all writes stay on one connection.
 *
 * A search runs on the calling thread instead when the pool cannot take it: before
 * `open()`, with `threads: 0`, or when its options hold a function (a `where` predicate
 * does not cross threads).
 *
 * Failure contract: as `Memory`; `open` also rejects when a worker cannot open the
 * database (the pool is closed again then). {@link PooledMemory.supports} says which
 * options the pool can serve: a SQLite file (not `:memory:`, not PostgreSQL, not a given
 * store), the system clock, and an embedder of known dimensions.
 */
import { isPostgresUrl } from '../../config/database-url.js';
import { DbKey } from '../../config/db-key.js';
import { Memory } from '../memory.js';
import type { MemoryOptions, SearchOptions } from '../memory-options.js';
import type { AsOf } from '../as-of.js';
import type { SearchResult } from '../search-types.js';
import { parseInput, QueryTextSchema } from '../inputs.js';
import { SearchPool } from './search-pool.js';

/**
 * The `Memory` of `mnemo serve` with `--read-threads N`.
 * @example
 * const memory = new PooledMemory({ path: 'memory.sqlite' }, { threads: 2 });
 * await memory.open(); // starts the workers
 * await memory.search('tea', { userId: 'alice' }); // answered by a worker
 */
export class PooledMemory extends Memory {
  private pool: SearchPool | undefined;
  private readonly threads: number;

  /** True when `options` name a SQLite file the workers can open themselves. */
  static supports(options: MemoryOptions): boolean {
    const path = options.path;
    return options.store === undefined && options.databaseUrl === undefined && options.clock === undefined &&
      typeof path === 'string' && path !== ':memory:' && !path.startsWith('file::memory:') && !isPostgresUrl(path);
  }

  /** @param pool.threads worker threads; 0 (or options the pool cannot serve) keeps searches on this thread. */
  constructor(private readonly memoryOptions: MemoryOptions, pool: { threads: number }) {
    super(memoryOptions);
    this.threads = PooledMemory.supports(memoryOptions) ? Math.max(0, Math.floor(pool.threads)) : 0;
  }

  /** Opens the engine, then starts the workers and waits until each has opened the database. */
  override async open(): Promise<void> {
    await super.open();
    if (this.threads === 0 || this.pool !== undefined) return;
    const r = await this.ctx.init();
    if (r.embedder !== null && !(r.embedder.dimensions > 0)) return; // a remote embedder of still unknown size: keep searches here
    const o = this.memoryOptions;
    const pool = new SearchPool({
      threads: this.threads,
      embedder: r.embedder,
      data: {
        options: {
          path: o.path!,
          ...(o.sqliteVecPath === undefined ? {} : { sqliteVecPath: o.sqliteVecPath }),
          ...(o.sqlite === undefined ? {} : { sqlite: o.sqlite }),
          ...(o.app === undefined ? {} : { app: o.app }),
          ...(o.strict === undefined ? {} : { strict: o.strict }),
        },
        ...(o.encryptionKey === undefined ? {} : { encryptionKey: o.encryptionKey instanceof DbKey ? o.encryptionKey.reveal() : o.encryptionKey }),
        embedder: r.embedder === null ? null : { id: r.embedder.id, dimensions: r.embedder.dimensions },
      },
    });
    try {
      await pool.open();
    } catch (error) {
      await pool.close();
      throw error;
    }
    this.pool = pool;
  }

  /** Worker threads answering searches (0 before `open` or when searches stay on this thread). */
  get readThreads(): number {
    return this.pool === undefined ? 0 : this.threads;
  }

  /**
   * On a worker, with the access log written here: the worker searches with `log: false`
   * and this thread records the reads as `search` would, so every write stays on one
   * connection. (Profiled with `npm run bench:server -- --embeddings none --read-threads 2
   * --profile DIR`: when each worker wrote its own access-log transaction, write-lock
   * contention between the connections cost about 1.6 ms more CPU per search than one thread.)
   */
  override async search(query: string, options: SearchOptions & AsOf): Promise<SearchResult> {
    if (this.pool === undefined || Object.values(options).some((v) => typeof v === 'function')) return super.search(query, options);
    const result = await this.pool.search(query, { ...options, log: false });
    if (options.log !== false && result.results.length > 0) {
      await this.ctx.logReads(await this.ctx.init(), result.results.map((h) => ({ id: h.id, score: h.score })), 'search', parseInput(QueryTextSchema, query, 'query'), options.caller);
    }
    return result;
  }

  /** Closes the workers (they flush what they batch), then the engine. */
  override async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
    await super.close();
  }
}
