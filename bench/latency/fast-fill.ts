/**
 * Fast, deterministic filling of a SQLite file for the latency benchmark at sizes where
 * embedding every memory with the local model (and adding it through the engine's write
 * path) would take too long: 100k memories through USE Lite take about 15 minutes here,
 * 1M several hours.
 *
 * The stand-in embedder is a bag of words: each lower-cased word maps (SHA-256 seeded,
 * mulberry32) to a fixed pseudo-random 512-dimension Gaussian-like vector, a text's vector
 * is the L2-normalised sum over its words. It costs about 0.02 ms per text and, unlike a
 * hash of the whole text, keeps the structure search depends on: texts sharing words are
 * close, a query is close to the memories that share its words, so nearest-neighbour lists
 * are as skewed as with a real model (the recall of a quantised first pass is measured on
 * meaningful neighbours, not on noise). It is NOT a semantic model.
 *
 * Rows go straight into the store (`insertMemories`, batches of 1,000) with the same
 * fields the engine writes (content hash, ADD history, status row, vector), skipping the
 * engine's near-duplicate merge: the figures measured afterwards (search, footprint) are
 * those of a store holding that many memories, not of the write path.
 */
import { createHash } from 'node:crypto';
import type { Embedder, Vector } from '../../src/index.js';
import { openSqliteStore } from '../../src/index.js';
import { contentHash } from '../../src/engine/content-hash.js';
import { rng } from './corpus.js';

/** Dimensions of {@link wordsEmbedder}: USE Lite's, so bytes per memory match the default model. */
const DIMENSIONS = 512;

/** Rows per `insertMemories` call while filling (one transaction each). */
const FILL_BATCH = 1000;

/** The stand-in embedder (see the module header). Its id names it in results: `bench:words-512`. */
export function wordsEmbedder(): Embedder {
  const cache = new Map<string, Float32Array>();
  const wordVector = (word: string): Float32Array => {
    let v = cache.get(word);
    if (v) return v;
    const random = rng(createHash('sha256').update(word).digest().readUInt32LE(0));
    v = new Float32Array(DIMENSIONS);
    // Sum of 3 uniforms, centred: close enough to Gaussian for random projections.
    for (let i = 0; i < DIMENSIONS; i++) v[i] = random() + random() + random() - 1.5;
    cache.set(word, v);
    return v;
  };
  const one = (text: string): Vector => {
    const out = new Float32Array(DIMENSIONS);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? ['empty']) {
      const w = wordVector(word);
      for (let i = 0; i < DIMENSIONS; i++) out[i]! += w[i]!;
    }
    let norm = 0;
    for (let i = 0; i < DIMENSIONS; i++) norm += out[i]! * out[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < DIMENSIONS; i++) out[i]! /= norm;
    return out;
  };
  return { id: 'bench:words-512', dimensions: DIMENSIONS, embed: async (texts: string[]) => texts.map(one) };
}

/** One memory to store directly. `at` is its creation time, epoch ms. */
export interface FillItem { text: string; userId: string; itemId: string; at: number }

/**
 * Stores `items` in the SQLite file at `path` (created if absent) with `embedder`'s
 * vectors, in transactions of {@link FILL_BATCH}. `onProgress(done)` after each batch.
 * @returns how many rows were inserted (exact duplicates within one user are skipped).
 */
export async function fastFill(path: string, items: FillItem[], embedder: Embedder, onProgress: (done: number) => void): Promise<number> {
  const store = await openSqliteStore({ path });
  try {
    const space = await store.vectorSpace();
    if (!space || space.embedderId !== embedder.id) await store.resetVectorSpace({ embedderId: embedder.id, dimensions: embedder.dimensions });
    let inserted = 0;
    for (let i = 0; i < items.length; i += FILL_BATCH) {
      const batch = items.slice(i, i + FILL_BATCH);
      const vectors = await embedder.embed(batch.map((it) => it.text));
      const outcomes = await store.insertMemories(batch.map((it, j) => ({
        memory: {
          id: crypto.randomUUID(), content: it.text, hash: contentHash(it.text), userId: it.userId, agentId: null, runId: null, app: 'bench',
          metadata: { dia_id: it.itemId }, categories: [], createdAt: it.at,
        },
        vector: vectors[j]!,
      })));
      inserted += outcomes.filter((o) => o.inserted).length;
      onProgress(Math.min(i + FILL_BATCH, items.length));
    }
    return inserted;
  } finally {
    await store.close();
  }
}
