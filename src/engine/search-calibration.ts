/**
 * The search path's calibration step: gathers each ranked hit's signals (fused score,
 * rank, own cosine and keyword score, the query's best of both) and turns them into
 * calibrated scores (retrieval/calibration.ts). Own cosines the search did not read
 * already (keyword candidates outside the vector list) are read for the hits that get a
 * score, at most the search's candidate count.
 *
 * Failure contract: store errors propagate (as from the other search calls).
 */
import type { Vector } from '../embedding/embedder.js';
import { type CalibrationMode, calibrateList, calibrationModel, type HitSignals } from '../retrieval/calibration.js';
import type { RankedCandidate } from '../retrieval/rank.js';
import type { KeywordScore, MemoryStore } from '../storage/store.js';

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
 * @param queryVector the query's embedding, `null` in keyword mode or when unavailable.
 * @returns the hits with `score` replaced by the calibrated score in [0, 1] and their `signals`.
 */
export async function calibrateRanked(
  store: MemoryStore,
  mode: CalibrationMode,
  keywordScore: KeywordScore,
  ranked: RankedCandidate[],
  own: OwnScores,
  queryVector: Vector | null,
  count: number,
): Promise<CalibratedCandidate[]> {
  const hits = ranked.slice(0, count);
  if (hits.length === 0) return [];
  const vectors = mode !== 'keyword' && queryVector !== null;
  if (vectors) {
    const missing = hits.filter((h) => !own.cosine.has(h.id)).map((h) => h.id);
    if (missing.length > 0) for (const [id, s] of await store.vectorSimilarities(queryVector, missing)) own.cosine.set(id, s);
  }
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
