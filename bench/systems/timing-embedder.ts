/**
 * An {@link Embedder} decorator that records the wall time of every `embed` call. Handed
 * to `new Memory({ embedder })`, it splits a search's wall time into query embedding
 * (the time recorded during that search) and storage + ranking (the rest), with no
 * change to the engine. Also lets several systems share one loaded model.
 */
import type { Embedder, Vector } from '../../src/index.js';

/** One recorded `embed` call: how many texts and how long it took (milliseconds). */
export interface EmbedCall { texts: number; ms: number }

/** The decorator: an `Embedder` plus the calls it saw. */
export interface TimingEmbedder extends Embedder {
  /** Calls since the last `take()`, oldest first. */
  readonly calls: EmbedCall[];
  /** Returns the recorded calls and clears the record. */
  take(): EmbedCall[];
}

/** Wraps `inner`; `close()` is passed on only when `closeInner` is true (shared models). */
export function timingEmbedder(inner: Embedder, closeInner = false): TimingEmbedder {
  let calls: EmbedCall[] = [];
  return {
    get id() { return inner.id; },
    get dimensions() { return inner.dimensions; },
    get calls() { return calls; },
    take() {
      const out = calls;
      calls = [];
      return out;
    },
    async embed(texts: string[]): Promise<Vector[]> {
      const start = performance.now();
      const vectors = await inner.embed(texts);
      calls.push({ texts: texts.length, ms: performance.now() - start });
      return vectors;
    },
    async close() {
      if (closeInner) await inner.close?.();
    },
  };
}
