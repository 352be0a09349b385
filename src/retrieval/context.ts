/**
 * Conversation context for ranking. Memories stored from one conversation are short turns
 * ("Wow, that's great!", "Researching adoption agencies") whose topic is carried by the
 * turns around them, so each memory is scored on its own text AND on its neighbours':
 *
 *   s_side(d) = (own_side(d) + w · mean_{n ∈ N(d)} own_side(n)) / (1 + w),  w = CONTEXT_WEIGHT
 *
 * (a weighted average, so a context score stays on its side's scale: a cosine stays a
 * cosine)
 * separately for the keyword side (BM25 of the memory; 0 when it is not a keyword
 * candidate) and the vector side (cosine to the query), then the two context scores are
 * fused by the convex combination (fusion.ts) with {@link CONTEXT_KEYWORD_WEIGHT}.
 * N(d) are the memories within {@link CONTEXT_RADIUS} places before and after d in
 * conversation order (same user, agent and run, stored within {@link CONTEXT_WINDOW_MS}),
 * as the store's `contextNeighbours` reports them at query time: nothing is indexed, so
 * updates and deletes are reflected at once, and a memory without neighbours keeps
 * exactly its own score. Neighbours of candidates join the candidates, so a turn that
 * only its context matches can be found.
 *
 * The constants were chosen on the LoCoMo dev split (`bench locomo`, 304 questions) from
 * a grid (radius 1–3, weights 0.3–1.5, keyword weight 0.5–0.7), at the centre of the
 * plateau where recall@5 and @10 stay within about 1.5 points of the best and every
 * category is at least as good as without context (bench/README.md, "Conversation context").
 * Pure functions, no I/O.
 */
import type { Candidate } from '../storage/store.js';

/** Neighbours on each side: 2 (radius 1 gave recall@10 about 2 points lower on the dev split; 3 no better than 2). */
export const CONTEXT_RADIUS = 2;
/**
 * Largest time gap between a memory and a neighbour: 1 hour. A chat session's turns are
 * seconds to minutes apart (LoCoMo stamps a whole session with one time, and its sessions
 * are days apart), so this keeps context inside one sitting.
 */
export const CONTEXT_WINDOW_MS = 3_600_000;
/** Weight of the neighbours' mean against the memory's own score: 1, equal weight (plateau 0.7–1.5 on the dev split). */
export const CONTEXT_WEIGHT = 0.7;
/**
 * Candidates per side that get context (seeds): the best max(25, limit) of each list.
 * The context step's cost grows with the seeds (their chains and cosines); on the LoCoMo
 * dev split 50 seeds per side lost nothing against 100 at limit 50, and at limit 10
 * 25 seeds keep recall@5/@10 (bench/README.md); at 10k memories it keeps the hybrid
 * search's storage + ranking time within 1.5x of ranking without context.
 */
export const CONTEXT_SEEDS = 25;
/** Keyword weight α of the convex combination over context scores: 0.6 (plateau 0.5–0.65; 0.7 without context). */
export const CONTEXT_KEYWORD_WEIGHT = 0.6;

/**
 * Context scores of `ids`: the weighted average of the own score (weight 1) and the mean
 * own score of the memory's neighbours (weight `weight`); a neighbour without a score
 * counts 0; a memory without neighbours keeps its own score.
 * @param own score of each memory on one side (missing = 0).
 * @param neighbours conversation neighbours of each id (missing = none).
 * @returns one score per id.
 */
export function contextScores(ids: string[], own: Map<string, number>, neighbours: Map<string, string[]>, weight = CONTEXT_WEIGHT): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of ids) {
    const list = neighbours.get(id) ?? [];
    const self = own.get(id) ?? 0;
    if (list.length === 0) {
      out.set(id, self);
      continue;
    }
    const mean = list.reduce((sum, n) => sum + (own.get(n) ?? 0), 0) / list.length;
    out.set(id, (self + weight * mean) / (1 + weight));
  }
  return out;
}

/**
 * A score map as a ranked candidate list, best first (ties keep `ids` order).
 * @param keepZero keep memories scoring ≤ 0 (the vector side: every memory has a cosine);
 *   `false` drops them (the keyword side: 0 means no term matched, nor in its context).
 */
export function asCandidates(ids: string[], scores: Map<string, number>, keepZero: boolean): Candidate[] {
  return ids
    .map((id, i) => ({ id, i, score: scores.get(id) ?? 0 }))
    .filter((c) => keepZero || c.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((c, rank) => ({ id: c.id, rank: rank + 1, score: c.score }));
}
