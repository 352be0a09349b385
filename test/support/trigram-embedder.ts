/**
 * A cheap deterministic embedder for tests and benchmarks: hashed character trigrams
 * (FNV-1a over each 3-character window) counted into `dimensions` buckets, then
 * L2-normalised. Close texts get close vectors, so near-duplicate and vector paths see
 * realistic structure without loading a model (about microseconds per text).
 */
import type { Embedder, Vector } from '../../src/embedding/embedder.js';

/**
 * @param id the embedder id stored with the vectors (e.g. `bench:trigram-64`).
 * @param dimensions vector length. @default 64
 */
export function trigramEmbedder(id: string, dimensions = 64): Embedder {
  return {
    id,
    dimensions,
    embed: async (texts) => texts.map((t): Vector => {
      const v = new Float32Array(dimensions);
      for (let i = 0; i + 3 <= t.length; i += 1) {
        let h = 2166136261;
        for (let j = i; j < i + 3; j += 1) h = Math.imul(h ^ t.charCodeAt(j), 16777619);
        v[(h >>> 0) % dimensions]! += 1;
      }
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    }),
  };
}
