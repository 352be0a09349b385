/**
 * A pool of worker threads that run searches, so a server uses more than one core for
 * SQLite reads: the main thread keeps HTTP, MCP sessions and every write; each worker
 * holds its own engine and SQLite connection on the same file (search-worker.ts) and
 * asks the main thread's embedder for query vectors, so the model is loaded once and
 * concurrent queries still share passes and embeddings.
 *
 * Why: under load, `mnemo serve` spends almost all of a search's main-thread time in
 * SQLite (profile of `npm run bench:server -- --profile DIR`, 10k memories: keyword
 * candidates, row fetch and context reads, HTTP/zod/JSON a few percent), so one thread
 * caps throughput at one core while the second core idles between embedding passes.
 *
 * Consistency: SQLite in WAL mode gives each statement of a worker the latest committed
 * state, so a memory written by the main thread is found by the next search of any
 * worker (test/read-pool.test.ts).
 *
 * Failure contract: `search` rejects with the worker's `MnemoError` rebuilt (same code,
 * message and data); a worker that crashes or exits rejects its pending searches with
 * `UNAVAILABLE` and is replaced on the next search; after `close`, `search` rejects with
 * `UNAVAILABLE`.
 */
import { Worker } from 'node:worker_threads';
import { MnemoError } from '../../core/errors.js';
import type { Embedder } from '../../embedding/embedder.js';
import type { SearchOptions } from '../memory-options.js';
import type { SearchResult } from '../search-types.js';
import type { PoolReply, PoolRequest, SearchWorkerData } from './search-protocol.js';

interface Pending { resolve(result: SearchResult): void; reject(error: Error): void }

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Resolves once its engine is open (store opened, schema checked). */
  opened: Promise<void>;
  closed?: Promise<void>;
}

/** Options of {@link SearchPool}. */
export interface SearchPoolOptions {
  /** Worker threads. */
  threads: number;
  /** How workers open their engine. */
  data: SearchWorkerData;
  /** The main thread's embedder, which answers the workers' embed requests (`null` = keyword only). */
  embedder: Embedder | null;
  /** The compiled worker body. @default new URL('./search-worker.js', import.meta.url) */
  workerUrl?: URL;
}

/** `execArgv` without `--input-type` (refused for a file entry point; see use-lite-worker-client.ts). */
function workerExecArgv(execArgv: string[]): string[] {
  return execArgv.filter((flag, i) => !flag.startsWith('--input-type') && execArgv[i - 1] !== '--input-type');
}

/** Search worker threads over one SQLite file. */
export class SearchPool {
  private readonly threads: Array<Thread | undefined>;
  private nextId = 1;
  private closing = false;

  constructor(private readonly options: SearchPoolOptions) {
    this.threads = new Array<Thread | undefined>(Math.max(1, options.threads)).fill(undefined);
  }

  /** Starts every worker and waits until each has opened its engine. @throws MnemoError when one cannot open the database. */
  async open(): Promise<void> {
    await Promise.all(this.threads.map((_, i) => this.thread(i).opened));
  }

  /** Runs `memory.search(query, options)` on the least busy worker. `options` must be cloneable (no functions). */
  search(query: string, options: SearchOptions): Promise<SearchResult> {
    if (this.closing) return Promise.reject(new MnemoError('UNAVAILABLE', 'the search pool is closed'));
    let best = 0;
    for (let i = 1; i < this.threads.length; i++) {
      if ((this.threads[i]?.pending.size ?? 0) < (this.threads[best]?.pending.size ?? 0)) best = i;
    }
    const thread = this.thread(best);
    const id = this.nextId++;
    return new Promise<SearchResult>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ type: 'search', id, query, options } satisfies PoolRequest);
    });
  }

  /** Lets each worker close its engine (flushing batched writes), then ends the threads. Safe to call twice. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map(async (thread) => {
      if (thread === undefined) return;
      thread.closed ??= new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        thread.worker.once('exit', () => { clearTimeout(timer); resolve(); });
        thread.worker.on('message', (m: PoolReply) => { if (m.type === 'closed') { clearTimeout(timer); resolve(); } });
        thread.worker.postMessage({ type: 'close' } satisfies PoolRequest);
      });
      await thread.closed;
      await thread.worker.terminate();
    }));
  }

  /** The thread in slot `i`, started if absent (or crashed). */
  private thread(i: number): Thread {
    const existing = this.threads[i];
    if (existing !== undefined) return existing;
    const worker = new Worker(this.options.workerUrl ?? new URL('./search-worker.js', import.meta.url), {
      workerData: this.options.data, execArgv: workerExecArgv(process.execArgv),
    });
    let opened!: { resolve(): void; reject(e: Error): void };
    const thread: Thread = { worker, pending: new Map(), opened: new Promise<void>((resolve, reject) => { opened = { resolve, reject }; }) };
    thread.opened.catch(() => undefined); // also reported to open()'s caller
    this.threads[i] = thread;
    const fail = (error: MnemoError) => {
      if (this.threads[i] === thread) this.threads[i] = undefined;
      opened.reject(error);
      for (const p of thread.pending.values()) p.reject(error);
      thread.pending.clear();
    };
    worker.on('message', (m: PoolReply) => this.onMessage(thread, m, opened, fail));
    worker.on('error', (cause) => fail(new MnemoError('UNAVAILABLE', `search worker crashed: ${cause.message}`, { cause })));
    worker.on('exit', (code) => fail(new MnemoError('UNAVAILABLE', `search worker exited with code ${code}`)));
    worker.postMessage({ type: 'open' } satisfies PoolRequest);
    return thread;
  }

  private onMessage(thread: Thread, m: PoolReply, opened: { resolve(): void; reject(e: Error): void }, fail: (e: MnemoError) => void): void {
    switch (m.type) {
      case 'opened':
        opened.resolve();
        break;
      case 'open-failed':
        fail(new MnemoError(m.code, m.message, m.data ? { data: m.data } : {}));
        void thread.worker.terminate();
        break;
      case 'result':
      case 'error': {
        const p = thread.pending.get(m.id);
        thread.pending.delete(m.id);
        if (m.type === 'result') p?.resolve(m.result);
        else p?.reject(new MnemoError(m.code, m.message, m.data ? { data: m.data } : {}));
        break;
      }
      case 'embed':
        this.embed(thread, m.id, m.texts);
        break;
      case 'closed':
        break;
    }
  }

  private embed(thread: Thread, id: number, texts: string[]): void {
    const embedder = this.options.embedder;
    const reply = (message: PoolRequest) => { thread.worker.postMessage(message); };
    if (embedder === null) {
      reply({ type: 'vectors', id, code: 'UNAVAILABLE', message: 'embeddings are off' });
      return;
    }
    embedder.embed(texts).then(
      (vectors) => reply({ type: 'vectors', id, vectors }),
      (error: unknown) => reply({ type: 'vectors', id, code: error instanceof MnemoError ? error.code : 'UNAVAILABLE', message: (error as Error)?.message ?? String(error) }),
    );
  }
}
