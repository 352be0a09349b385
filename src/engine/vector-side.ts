/**
 * The engine's view of the vector side: whether vectors can be used now, and if not,
 * the sentence users see. Vector spaces are never mixed: when the configured embedder
 * differs from the one that made the stored vectors, vectors are off (searches fall
 * back to keywords with a notice, adds store no vector) until `reindex` runs.
 */
import type { Embedder, Vector } from '../embedding/embedder.js';
import type { MemoryStore } from '../storage/store.js';

/** Vector availability: usable, or the reason it is not. */
export type VectorStatus = { usable: true; embedder: Embedder } | { usable: false; reason: string };

/** Tracks and repairs the active vector space for one engine. */
export class VectorSide {
  private status: VectorStatus | undefined;
  /** True while the space for an embedder of unknown size still has to be created. */
  private spacePending = false;

  constructor(private readonly store: MemoryStore, private readonly embedder: Embedder | null) {}

  /**
   * Current availability. Creates the vector space on first use when the store has none
   * (or has one of another embedder but no memories yet).
   */
  async check(): Promise<VectorStatus> {
    if (this.status?.usable) return this.status;
    this.status = await this.compute();
    return this.status;
  }

  private async compute(): Promise<VectorStatus> {
    if (!this.embedder) return { usable: false, reason: 'embeddings are off (provider "none"): keyword search only' };
    if (!this.store.capabilities.vectorSearch) {
      return { usable: false, reason: `${this.store.capabilities.vectorUnavailableReason ?? 'vector search unavailable'}: keyword search only` };
    }
    const space = await this.store.vectorSpace();
    if (space?.embedderId === this.embedder.id) return { usable: true, embedder: this.embedder };
    const empty = !(await this.store.hasMemories());
    if (!space || empty) {
      if (this.embedder.dimensions > 0) {
        await this.store.resetVectorSpace({ embedderId: this.embedder.id, dimensions: this.embedder.dimensions });
        return { usable: true, embedder: this.embedder };
      }
      // Remote embedder of unknown size: the space is created after the first embed.
      this.spacePending = true;
      return { usable: true, embedder: this.embedder };
    }
    return {
      usable: false,
      reason: `stored vectors come from embedder "${space.embedderId}" but the configured embedder is "${this.embedder.id}"; ` +
        'run `mnemo reindex` to re-embed (keyword search only until then)',
    };
  }

  /**
   * Called after every embed; only the first embed of an embedder of unknown size does
   * anything: it creates that embedder's space (replacing an empty store's old one), so
   * the hot path costs no query.
   */
  async ensureSpaceFor(vector: Vector): Promise<void> {
    if (!this.embedder || !this.spacePending) return;
    await this.store.resetVectorSpace({ embedderId: this.embedder.id, dimensions: vector.length });
    this.spacePending = false;
  }

  /** Forgets the cached status (after reindex). */
  invalidate(): void {
    this.status = undefined;
  }
}
