/**
 * Public result shapes of the engine's read and write calls.
 */
import type { MemoryRecord } from '../core/memory.js';

/** One search hit: the memory, its score and the ranks that produced it. */
export interface SearchHit extends MemoryRecord {
  /**
   * Hybrid: fused score in [0, 1] (convex combination, or RRF normalised so rank 1 in
   * both lists = 1). Keyword: BM25
   * negated (higher is better, unbounded). Vector: cosine similarity in [-1, 1].
   */
  score: number;
  /** 1-based rank in each candidate list, `null` where the memory was not a candidate. */
  ranks: { keyword: number | null; vector: number | null };
}

/** Result of `search`. */
export interface SearchResult {
  results: SearchHit[];
  /** The mode actually used (differs from the requested one when degraded). */
  mode: 'hybrid' | 'keyword' | 'vector';
  /** Present when the search was degraded (e.g. vector side unavailable), saying how and why. */
  notice?: string;
}

/** One event of `add` (mem0's shape). */
export interface AddEvent {
  id: string;
  memory: string;
  /** DELETE only from `infer: true` with an LLM (a stored memory the new facts retire). */
  event: 'ADD' | 'UPDATE' | 'DELETE' | 'NONE';
  /** The text it replaced, for UPDATE. */
  previousMemory?: string;
}

/** Result of `add`. */
export interface AddResult {
  results: AddEvent[];
  /** Present when memories were stored without vectors, saying why. */
  notice?: string;
}

/** A page of `getAll`. */
export interface ListResult {
  results: MemoryRecord[];
  total: number;
  limit: number;
  offset: number;
}

/** Result of `related`: memories sharing a category, and the nearest by vector. */
export interface RelatedResult {
  byCategory: MemoryRecord[];
  /**
   * Empty when the vector side is unavailable. `score` is cosine similarity; only
   * memories at or above `RELATED_MIN_SIMILARITY` (0.35, read-path.ts) are listed.
   */
  bySimilarity: Array<MemoryRecord & { score: number }>;
}
