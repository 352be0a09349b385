/**
 * Rank fusion of keyword and vector candidate lists with Reciprocal Rank Fusion
 * (Cormack, Clarke & Büttcher 2009, "Reciprocal Rank Fusion outperforms Condorcet and
 * individual Rank Learning Methods", SIGIR): score(d) = Σ w_i / (k + rank_i(d)).
 * Pure functions, no I/O.
 */
import type { Candidate, KeywordScore } from '../storage/store.js';

/** RRF constant k = 60, the value of Cormack et al. 2009. */
export const RRF_K = 60;

/** Per-list weights for fusion. @default { keyword: 1, vector: 1 } */
export interface FusionWeights {
  keyword: number;
  vector: number;
}

/** A fused result: its normalised score and the ranks (1-based) that produced it. */
export interface FusedCandidate {
  id: string;
  /** RRF score divided by its maximum (rank 1 in every list), so it lies in (0, 1]. */
  score: number;
  ranks: { keyword: number | null; vector: number | null };
  /** Raw per-list scores: the keyword score (see `KeywordScore`) and cosine similarity. */
  scores: { keyword: number | null; vector: number | null };
}

/**
 * Fuses two ranked lists by RRF, best first. Ties break by vector rank, then keyword rank.
 * @param k RRF constant. @default 60
 */
export function reciprocalRankFusion(
  keyword: Candidate[],
  vector: Candidate[],
  weights: FusionWeights = { keyword: 1, vector: 1 },
  k = RRF_K,
): FusedCandidate[] {
  const byId = new Map<string, FusedCandidate & { raw: number }>();
  const entry = (id: string) => {
    let e = byId.get(id);
    if (!e) {
      e = { id, score: 0, raw: 0, ranks: { keyword: null, vector: null }, scores: { keyword: null, vector: null } };
      byId.set(id, e);
    }
    return e;
  };
  for (const c of keyword) {
    const e = entry(c.id);
    e.raw += weights.keyword / (k + c.rank);
    e.ranks.keyword = c.rank;
    e.scores.keyword = c.score;
  }
  for (const c of vector) {
    const e = entry(c.id);
    e.raw += weights.vector / (k + c.rank);
    e.ranks.vector = c.rank;
    e.scores.vector = c.score;
  }
  const max = (weights.keyword + weights.vector) / (k + 1);
  return [...byId.values()]
    .sort((a, b) => b.raw - a.raw
      || (a.ranks.vector ?? Infinity) - (b.ranks.vector ?? Infinity)
      || (a.ranks.keyword ?? Infinity) - (b.ranks.keyword ?? Infinity))
    .map(({ raw, ...rest }) => ({ ...rest, score: raw / max }));
}

/**
 * Weight of the keyword side in {@link convexCombination}. Measured on the LoCoMo dev
 * split (`bench locomo`, recall@10 over 304 questions, USE Lite + FTS5 BM25): α = 0.6,
 * 0.7, 0.8 gave 0.653, 0.655, 0.664 against 0.570 for RRF k=60 and 0.631 for BM25 alone;
 * 0.7 sits inside the plateau rather than on the dev split's best point.
 */
export const CONVEX_KEYWORD_WEIGHT = 0.7;

/**
 * Convex combination of normalised scores (Bruch, Gai & Ingber 2023, "An Analysis of
 * Fusion Functions for Hybrid Retrieval", ACM TOIS: it beats RRF when tuned, and needs
 * few samples to tune): score = α·bm25/max(bm25) + (1-α)·minmax(cosine), each side
 * normalised over its own candidate list; a memory missing from a list gets 0 there.
 * Where min-max is degenerate (one vector candidate, or all equal) the cosine itself,
 * clipped at 0, is used. Measured against raw cosine everywhere: recall@10 0.655 vs
 * 0.663 but recall@25 0.798 vs 0.746 and @50 0.837 vs 0.802, so min-max is kept.
 * Scores lie in [0, 1]. Ties break by vector rank, then keyword rank.
 * The keyword side is normalised per {@link KeywordScore} by {@link normalizeKeywordScores}.
 * @param alpha keyword weight in [0, 1]. @default CONVEX_KEYWORD_WEIGHT
 * @param keywordScore what the keyword scores mean. @default 'bm25'
 */
export function convexCombination(keyword: Candidate[], vector: Candidate[], alpha = CONVEX_KEYWORD_WEIGHT, keywordScore: KeywordScore = 'bm25'): FusedCandidate[] {
  const byId = new Map<string, FusedCandidate>();
  const entry = (id: string) => {
    let e = byId.get(id);
    if (!e) {
      e = { id, score: 0, ranks: { keyword: null, vector: null }, scores: { keyword: null, vector: null } };
      byId.set(id, e);
    }
    return e;
  };
  const normalised = normalizeKeywordScores(keyword, keywordScore);
  for (const [i, c] of keyword.entries()) {
    const e = entry(c.id);
    e.score += alpha * normalised[i]!;
    e.ranks.keyword = c.rank;
    e.scores.keyword = c.score;
  }
  const vScores = vector.map((c) => c.score);
  const vMin = Math.min(...vScores);
  const vSpan = Math.max(...vScores) - vMin;
  for (const c of vector) {
    const e = entry(c.id);
    e.score += (1 - alpha) * (vSpan > 1e-9 ? (c.score - vMin) / vSpan : Math.max(0, c.score));
    e.ranks.vector = c.rank;
    e.scores.vector = c.score;
  }
  return [...byId.values()].sort((a, b) => b.score - a.score
    || (a.ranks.vector ?? Infinity) - (b.ranks.vector ?? Infinity)
    || (a.ranks.keyword ?? Infinity) - (b.ranks.keyword ?? Infinity));
}

/**
 * Keyword scores mapped into [0, 1] per their meaning, for {@link convexCombination}:
 * - `bm25` (unbounded, ≥ 0; its scale depends on the corpus and query length): divided by
 *   the list's best score, so the top keyword hit counts fully (α was measured this way);
 * - `ts_rank` (PostgreSQL: ≥ 0, already length-normalised but on a small, query-dependent
 *   scale): also divided by the best score, which keeps α's meaning across backends.
 * Negative scores count as 0. An empty list gives an empty array.
 */
export function normalizeKeywordScores(keyword: Candidate[], kind: KeywordScore): number[] {
  switch (kind) {
    case 'bm25':
    case 'ts_rank': {
      const max = Math.max(...keyword.map((c) => c.score), Number.MIN_VALUE);
      return keyword.map((c) => Math.max(0, c.score) / max);
    }
  }
}
