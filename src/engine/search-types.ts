/**
 * Public result shapes of the engine's read and write calls.
 */
import type { MemoryRecord } from '../core/memory.js';
import type { HitSignals } from '../retrieval/calibration.js';

/** One search hit: the memory, its score and the ranks that produced it. */
export interface SearchHit extends MemoryRecord {
  /**
   * Calibrated relevance in [0, 1], the same meaning in every mode and for every query:
   * the estimated probability that the memory is relevant to the query (one the answer
   * rests on), from a small model fitted per mode on the LoCoMo dev split
   * (retrieval/calibration.ts, bench/README.md "Scores and thresholds"). Scores never
   * rise down the result list, so `threshold` keeps a prefix of it.
   */
  score: number;
  /** 1-based rank in each candidate list, `null` where the memory was not a candidate. */
  ranks: { keyword: number | null; vector: number | null };
  /**
   * What `score` was computed from: the fused score results are ordered by, the raw
   * cosine and keyword score (BM25, or `ts_rank` on PostgreSQL) of the memory and of the
   * query's best candidate, the number of query terms and of memories in scope (exact
   * below 25). Absent on `asOf` searches ranked by shared words.
   */
  signals?: HitSignals;
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
