/**
 * Worker-thread body of the {@link SearchPool}: one engine (`Memory`) on the same SQLite
 * file as the main thread's, with its own connection, answering searches one message at a
 * time. Query embeddings are asked of the main thread (`embed` messages), so every thread
 * shares the main thread's one model and its coalescing (shared-query-embedder.ts) instead
 * of loading a model per thread. Started by `SearchPool`; never imported by the main
 * thread (only its types are).
 *
 * The engine here is the same code as on the main thread, so scope, access rules, the
 * app's read record and the access log behave as they do there: those writes go through
 * this thread's connection (SQLite WAL lets readers and one writer work at once, and the
 * lock waits of `MemoryOptions.sqlite` apply). Writes of memories never happen here.
 *
 * Failure contract: every `search` is answered with a result or a serialised error (code,
 * message, data), never left pending; `close` closes the engine (flushing anything it
 * batches) and answers `closed`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DbKey } from '../../config/db-key.js';
import { MnemoError } from '../../core/errors.js';
import type { Embedder, Vector } from '../../embedding/embedder.js';
import { SharedQueryEmbedder } from '../../embedding/shared-query-embedder.js';
import { Memory } from '../memory.js';
import type { SearchResult } from '../search-types.js';
import type { PoolRequest, PoolReply, SearchWorkerData } from './search-protocol.js';

const port = parentPort;
if (port === null) throw new Error('search-worker.js must run in a worker thread');
const data = workerData as SearchWorkerData;

let nextEmbed = 1;
const embeds = new Map<number, { resolve(v: Vector[]): void; reject(e: Error): void }>();

/**
 * The main thread's embedder, seen from here, behind this thread's own
 * {@link SharedQueryEmbedder}: a query this worker embedded recently (or is embedding
 * now) is answered here, without the round trip through the main thread (two messages
 * and a wake-up of each thread per search). The main thread's LRU still serves queries
 * another worker embedded. Cost: up to 1,024 vectors per worker (2 MB for USE Lite).
 */
const remote: Embedder | null = data.embedder === null ? null : new SharedQueryEmbedder({
  id: data.embedder.id,
  dimensions: data.embedder.dimensions,
  embed: (texts: string[]) => new Promise<Vector[]>((resolve, reject) => {
    const id = nextEmbed++;
    embeds.set(id, { resolve, reject });
    port.postMessage({ type: 'embed', id, texts } satisfies PoolReply);
  }),
});

const memory = new Memory({
  ...data.options,
  ...(data.encryptionKey === undefined ? {} : { encryptionKey: DbKey.from(data.encryptionKey) }),
  embedder: remote,
  categorizer: null, // searches never categorise
});

function serialise(error: unknown): PoolReply & { type: 'error' } {
  if (error instanceof MnemoError) return { type: 'error', id: 0, code: error.code, message: error.message, ...(error.data ? { data: error.data } : {}) };
  return { type: 'error', id: 0, code: 'INTERNAL', message: (error as Error)?.stack ?? String(error) };
}

port.on('message', (message: PoolRequest) => {
  switch (message.type) {
    case 'search':
      memory.search(message.query, message.options).then(
        (result: SearchResult) => port.postMessage({ type: 'result', id: message.id, result } satisfies PoolReply),
        (error: unknown) => port.postMessage({ ...serialise(error), id: message.id } satisfies PoolReply),
      );
      break;
    case 'vectors': {
      const pending = embeds.get(message.id);
      embeds.delete(message.id);
      if (message.vectors) pending?.resolve(message.vectors);
      else pending?.reject(new MnemoError(message.code ?? 'UNAVAILABLE', message.message ?? 'embedding failed'));
      break;
    }
    case 'open':
      memory.open().then(() => port.postMessage({ type: 'opened' } satisfies PoolReply), (error: unknown) => port.postMessage({ ...serialise(error), type: 'open-failed' } as PoolReply));
      break;
    case 'close':
      void memory.close().finally(() => port.postMessage({ type: 'closed' } satisfies PoolReply));
      break;
  }
});
