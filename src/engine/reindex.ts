/**
 * Re-embedding of a whole store into a fresh vector space: the work behind
 * `Memory.reindex` and `mnemo reindex`. Vectors of the previous space are dropped when the
 * first batch is embedded (spaces are never mixed), so vector search covers a growing
 * part of the store until the run ends.
 *
 * Failure contract: rejects with `MnemoError('UNAVAILABLE')` when embeddings are off or
 * the store has no vector support; an embedding failure mid-run rejects with the
 * embedder's error and leaves the memories already done in the new space.
 */
import { MnemoError } from '../core/errors.js';
import type { Embedder } from '../embedding/embedder.js';
import type { MemoryStore, ReindexCursor } from '../storage/store.js';

/** Memories embedded per forward pass (USE Lite pads a batch to its longest text). */
export const REINDEX_BATCH = 64;

/**
 * Embeds every non-deleted memory with `embedder` and stores the vectors.
 * @param onProgress called after each batch with (done, total) memory counts.
 * @returns how many memories were embedded.
 */
export async function reindexStore(
  store: MemoryStore,
  embedder: Embedder | null,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  if (!embedder) throw new MnemoError('UNAVAILABLE', 'embeddings are off (provider "none"): nothing to reindex');
  if (!store.capabilities.vectorSearch) {
    throw new MnemoError('UNAVAILABLE', store.capabilities.vectorUnavailableReason ?? 'vector search unavailable');
  }
  const total = (await store.stats()).memories;
  let done = 0;
  let cursor: ReindexCursor | null = null;
  let spaceReady = false;
  for (;;) {
    const page = await store.scanForReindex(cursor, REINDEX_BATCH);
    const batch = page.rows;
    if (batch.length === 0) break;
    const vectors = await embedder.embed(batch.map((b) => b.content));
    if (!spaceReady) {
      await store.resetVectorSpace({ embedderId: embedder.id, dimensions: vectors[0]!.length });
      spaceReady = true;
    }
    await store.putVectors(batch.map((b, i) => ({ id: b.id, vector: vectors[i]! })));
    done += batch.length;
    onProgress?.(done, total);
    if (page.next === null) break;
    cursor = page.next;
  }
  if (!spaceReady && embedder.dimensions > 0) {
    await store.resetVectorSpace({ embedderId: embedder.id, dimensions: embedder.dimensions });
  }
  return done;
}
