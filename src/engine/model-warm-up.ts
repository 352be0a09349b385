/**
 * Loading the embedding model in the background. A stdio MCP server is spawned by its
 * client right before the first call, and the local model takes about 250 ms of CPU to
 * load (more on a busy machine): `warmUp` starts that load at spawn, so the server answers
 * `initialize` at once and the surfaces can tell whether a search would still wait for the
 * model (`loading`) and answer from keyword search instead, saying so (mcp/tools/search-memory.ts).
 *
 * Failure contract: `start` never rejects. A failed load leaves the state `failed` (not
 * loading): searches then take the normal path, which retries the load and degrades to
 * keyword search with the embedder's reason as notice (engine-context.ts `embedAll`).
 */
import type { Embedder } from '../embedding/embedder.js';

/** Where the background load is: `idle` (not asked), `loading`, `ready`, `failed`. */
export type ModelState = 'idle' | 'loading' | 'ready' | 'failed';

/** The background load of one engine's embedder. */
export class ModelWarmUp {
  private current: ModelState = 'idle';
  private started = 0;
  private pending: Promise<void> | undefined;

  /** Current state. */
  get state(): ModelState {
    return this.current;
  }

  /** Milliseconds since the load started (0 before). */
  elapsedMs(): number {
    return this.started === 0 ? 0 : performance.now() - this.started;
  }

  /**
   * Starts warming `embedder` once (later calls return the same promise). An embedder
   * without `warm` (remote providers, keyword only) is ready at once.
   * @param embedder resolves to the engine's embedder (`null` = keyword only).
   * @returns resolves when the load ends, loaded or failed.
   */
  start(embedder: () => Promise<Embedder | null>): Promise<void> {
    this.pending ??= (async () => {
      this.current = 'loading';
      this.started = performance.now();
      try {
        await (await embedder())?.warm?.();
        this.current = 'ready';
      } catch {
        this.current = 'failed';
      }
    })();
    return this.pending;
  }
}
