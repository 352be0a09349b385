/**
 * An {@link Embedder} wrapper that lets concurrent searches share work: identical texts
 * embedded at the same time share one embedding, and recent single-text calls (search
 * queries embed exactly one text) are answered from a small LRU of their vectors.
 * Batches of several texts (adds, imports) pass straight through, apart from sharing with
 * in-flight identical texts; they do not fill the LRU, so bulk writes never evict queries.
 *
 * Why: `mnemo serve` under 10 concurrent searches embeds a query per request, and on a
 * 2-core machine that CPU is the ceiling of hybrid throughput (issue 15; about 10 ms per
 * lone USE Lite pass). Agents repeat queries (the same question per turn, several agents
 * of one user), and a repeated query then costs no model pass. Batching of distinct
 * concurrent texts into one forward pass is done below this layer by the local model's
 * worker client (use-lite-worker-client.ts), which coalesces calls queued while a pass runs.
 *
 * Embeddings are deterministic functions of the text for a given `id`, so a cached
 * vector is the vector the model would return. Every caller gets its own copy of a
 * vector (callers may normalise or transfer theirs in place).
 *
 * Failure contract: the inner embedder's rejection is passed to every caller that shared
 * the call; nothing failed is cached, so the next call retries.
 */
import type { Embedder, Vector } from './embedder.js';

/**
 * Recent query vectors kept by default: 1,024 x 512 float32 = 2 MB for USE Lite. Enough
 * for the distinct queries of a few minutes of agent traffic; an entry costs
 * `4 * dimensions` bytes.
 */
export const DEFAULT_QUERY_CACHE_ENTRIES = 1024;

/** Longest text kept in the LRU, in UTF-16 code units: longer texts are documents, not queries. */
const MAX_CACHED_TEXT_CHARS = 2_000;

/** Options of {@link SharedQueryEmbedder}. */
export interface SharedQueryEmbedderOptions {
  /** Most recent single-text vectors kept; 0 turns the LRU off (in-flight sharing stays). @default 1024 */
  cacheEntries?: number;
}

/** Counters of {@link SharedQueryEmbedder}, for tests and benchmarks. */
export interface SharedQueryStats {
  /** Texts answered from the LRU. */
  cacheHits: number;
  /** Texts that joined an identical text already being embedded. */
  sharedInFlight: number;
  /** Texts sent to the inner embedder. */
  embedded: number;
}

/**
 * Wraps `inner`; same `id` and `dimensions`.
 * @example
 * const embedder = new SharedQueryEmbedder(new UseLiteEmbedder());
 * await Promise.all([embedder.embed(['tea?']), embedder.embed(['tea?'])]); // one model pass, one text
 */
export class SharedQueryEmbedder implements Embedder {
  private readonly inFlight = new Map<string, Promise<Vector>>();
  /** Insertion order = recency (a hit is re-inserted). */
  private readonly cache = new Map<string, Vector>();
  private readonly cacheEntries: number;
  readonly stats: SharedQueryStats = { cacheHits: 0, sharedInFlight: 0, embedded: 0 };

  constructor(readonly inner: Embedder, options: SharedQueryEmbedderOptions = {}) {
    this.cacheEntries = Math.max(0, options.cacheEntries ?? DEFAULT_QUERY_CACHE_ENTRIES);
  }

  get id(): string {
    return this.inner.id;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  async embed(texts: string[]): Promise<Vector[]> {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) return this.inner.embed(texts); // the inner embedder words the refusal
    if (texts.length === 0) return [];
    const cacheable = texts.length === 1 && this.cacheEntries > 0 && texts[0]!.length <= MAX_CACHED_TEXT_CHARS;
    const slots: Array<Promise<Vector> | Vector> = new Array(texts.length);
    const missing: string[] = [];
    const missingAt = new Map<string, number[]>();
    texts.forEach((text, i) => {
      const cached = cacheable ? this.cache.get(text) : undefined;
      if (cached !== undefined) {
        this.cache.delete(text);
        this.cache.set(text, cached);
        this.stats.cacheHits++;
        slots[i] = cached;
        return;
      }
      const pending = this.inFlight.get(text);
      if (pending !== undefined) {
        this.stats.sharedInFlight++;
        slots[i] = pending;
        return;
      }
      const at = missingAt.get(text);
      if (at !== undefined) { at.push(i); return; } // a repeat within this batch
      missingAt.set(text, [i]);
      missing.push(text);
    });
    if (missing.length > 0) {
      this.stats.embedded += missing.length;
      const batch = this.inner.embed(missing);
      missing.forEach((text, k) => {
        const one = batch.then((vectors) => {
          const vector = vectors[k];
          if (vector === undefined) throw new Error(`embedder ${this.inner.id} returned ${vectors.length} vectors for ${missing.length} texts`);
          return vector;
        });
        one.catch(() => undefined); // reported to the callers below
        this.inFlight.set(text, one);
        void one.then((vector) => { if (cacheable) this.remember(text, vector); }, () => undefined)
          .finally(() => { if (this.inFlight.get(text) === one) this.inFlight.delete(text); });
        for (const i of missingAt.get(text)!) slots[i] = one;
      });
    }
    const vectors = await Promise.all(slots);
    return vectors.map((v) => v.slice()); // each caller owns its copy
  }

  /** The inner embedder's `warm`, if it has one. */
  async warm(): Promise<void> {
    await this.inner.warm?.();
  }

  async close(): Promise<void> {
    this.inFlight.clear();
    this.cache.clear();
    await this.inner.close?.();
  }

  private remember(text: string, vector: Vector): void {
    this.cache.set(text, vector.slice());
    if (this.cache.size > this.cacheEntries) this.cache.delete(this.cache.keys().next().value!);
  }
}
