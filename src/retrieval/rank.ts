/**
 * Turns the keyword and vector candidate lists of one search into one ranking, by mode:
 * `hybrid` fuses both (convex combination by default, or RRF), `keyword` and `vector`
 * keep one list. Pure function, no I/O.
 */
import type { Candidate, KeywordScore } from '../storage/store.js';
import { CONTEXT_KEYWORD_WEIGHT } from './context.js';
import { CONVEX_KEYWORD_WEIGHT, convexCombination, reciprocalRankFusion } from './fusion.js';

/** One ranked memory: its score and its 1-based rank in each list (`null` = absent). */
export interface RankedCandidate {
  id: string;
  score: number;
  ranks: { keyword: number | null; vector: number | null };
}

/**
 * Ranks the candidates of one search, best first.
 * @param mode which lists count. @param fusion how `hybrid` fuses them.
 * @param keywordScore what the keyword scores mean (the store's capability flag), so the
 *   convex combination normalises them accordingly. @default 'bm25'
 * @param context the lists hold context scores (retrieval/context.ts), fused with
 *   `CONTEXT_KEYWORD_WEIGHT` instead of `CONVEX_KEYWORD_WEIGHT`. @default false
 */
export function rankCandidates(
  mode: 'hybrid' | 'keyword' | 'vector',
  fusion: 'convex' | 'rrf',
  keyword: Candidate[],
  vector: Candidate[],
  keywordScore: KeywordScore = 'bm25',
  context = false,
): RankedCandidate[] {
  if (mode === 'hybrid') {
    return fusion === 'rrf' ? reciprocalRankFusion(keyword, vector) : convexCombination(keyword, vector, context ? CONTEXT_KEYWORD_WEIGHT : CONVEX_KEYWORD_WEIGHT, keywordScore);
  }
  if (mode === 'keyword') return keyword.map((c) => ({ id: c.id, score: c.score, ranks: { keyword: c.rank, vector: null } }));
  return vector.map((c) => ({ id: c.id, score: c.score, ranks: { keyword: null, vector: c.rank } }));
}
