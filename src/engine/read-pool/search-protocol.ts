/**
 * Messages between the {@link SearchPool} (main thread) and its workers
 * (search-worker.ts). Everything here crosses threads by structured clone, so it holds
 * plain data only: no functions, no class instances other than typed arrays.
 */
import type { ErrorCode } from '../../core/errors.js';
import type { MemoryOptions, SearchOptions } from '../memory-options.js';
import type { SearchResult } from '../search-types.js';

/** What a worker needs to open its own engine on the main thread's database. */
export interface SearchWorkerData {
  /** The cloneable part of the main engine's options (path, sqlite waits, app, strict, ...). */
  options: Pick<MemoryOptions, 'path' | 'sqliteVecPath' | 'sqlite' | 'app' | 'strict'>;
  /** The database key's secret, for an encrypted file (a `DbKey` does not cross threads). */
  encryptionKey?: string;
  /** Identity of the main thread's embedder (`null` = keyword only). */
  embedder: { id: string; dimensions: number } | null;
}

/** Main thread -> worker. */
export type PoolRequest =
  | { type: 'open' }
  | { type: 'search'; id: number; query: string; options: SearchOptions }
  | { type: 'vectors'; id: number; vectors?: Float32Array[]; code?: ErrorCode; message?: string }
  | { type: 'close' };

/** Worker -> main thread. */
export type PoolReply =
  | { type: 'opened' }
  | { type: 'open-failed'; id: number; code: ErrorCode; message: string; data?: Record<string, unknown> }
  | { type: 'result'; id: number; result: SearchResult }
  | { type: 'error'; id: number; code: ErrorCode; message: string; data?: Record<string, unknown> }
  | { type: 'embed'; id: number; texts: string[] }
  | { type: 'closed' };
