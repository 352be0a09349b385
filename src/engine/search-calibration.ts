/**
 * The search path's calibration step: gathers each ranked hit's signals (fused score,
 * rank, own cosine and keyword score, the query's best of both, the store size) and turns
 * them into calibrated scores (retrieval/calibration.ts). Pure: it reads nothing more
 * from the store. A hit's own cosine is what the search already read (`null` for a
 * keyword-only hit outside the vector list): the large-store models do not use it, and
 * in a store small enough for the small-store model the vector list holds every memory.
 */
import { type CalibrationMode, calibrateList, calibrationModel, type HitSignals } from '../retrieval/calibration.js';
import type { RankedCandidate } from '../retrieval/rank.js';
import type { KeywordScore } from '../storage/store.js';

/** What the search read before ranking, for {@link calibrateRanked}. */
export interface OwnScores {
  /** Own keyword score of each keyword candidate (before context). */
  keyword: Map<string, number>;
  /** Own cosine to the query of each memory the search read one for. */
  cosine: Map<string, number>;
  /** Distinct terms of the keyword query (0 when it had none). */
  terms: number;
  /** Memories in the search's scope, exact below `SCOPE_CAP` (at least that many otherwise). */
  scope: number;
}

/** A ranked hit with its calibrated score and the signals that gave it. */
export interface CalibratedCandidate extends RankedCandidate {
  signals: HitSignals;
}

/**
 * Calibrated scores for the first `count` hits of `ranked` (best first, order kept).
 * @param mode the mode the search ran in (after any degradation to keywords).
 * @returns the hits with `score` replaced by the calibrated score in [0, 1] and their `signals`.
 */
export function calibrateRanked(
  mode: CalibrationMode,
  keywordScore: KeywordScore,
  ranked: RankedCandidate[],
  own: OwnScores,
  count: number,
): CalibratedCandidate[] {
  const hits = ranked.slice(0, count);
  if (hits.length === 0) return [];
  const vectors = mode !== 'keyword';
  const keywords = mode !== 'vector';
  const topCosine = vectors && own.cosine.size > 0 ? Math.max(...own.cosine.values()) : null;
  const topKeyword = keywords ? Math.max(0, ...own.keyword.values()) : null;
  const best = Math.max(...hits.map((h) => h.score), Number.MIN_VALUE);
  const signals: HitSignals[] = hits.map((h, i) => ({
    fused: mode === 'keyword' ? Math.max(0, h.score) / best : h.score,
    rank: i + 1,
    cosine: vectors ? own.cosine.get(h.id) ?? null : null,
    keyword: keywords ? own.keyword.get(h.id) ?? 0 : null,
    topCosine,
    topKeyword,
    terms: Math.max(1, own.terms),
    candidates: own.scope,
  }));
  const scores = calibrateList(calibrationModel(mode, keywordScore), signals);
  return hits.map((h, i) => ({ ...h, score: scores[i]!, signals: signals[i]! }));
}
