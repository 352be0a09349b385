/**
 * The search path's conversation-context step: asks the store for the conversation
 * neighbours of the keyword and vector candidates, the query's cosine to every memory
 * involved, and turns both sides into context-scored candidate lists
 * (retrieval/context.ts) for fusion.
 *
 * One store call serves the candidates and the neighbours that join them: each candidate's
 * chain is read 2 × radius deep on each side, and a joining neighbour's own neighbours
 * are the chain's members within radius of it (its context window is the candidate's).
 * With a query vector, a store implementing `contextWindows` returns the cosines of the
 * windows in the same call (SQLite reads the vectors by rowid); others get a second call,
 * `vectorSimilarities` by id.
 *
 * Failure contract: store errors propagate (as from the other search calls). Returns the
 * lists unchanged when the store lacks `contextNeighbours`.
 */
import type { Vector } from '../embedding/embedder.js';
import { asCandidates, CONTEXT_RADIUS, CONTEXT_SEEDS, CONTEXT_WINDOW_MS, contextScores } from '../retrieval/context.js';
import type { Candidate, MemoryFilter, MemoryStore } from '../storage/store.js';

/** Whether `store` can give conversation context (`capabilities.conversationContext` and the method). */
export function supportsContext(store: MemoryStore): boolean {
  return store.capabilities.conversationContext === true && typeof store.contextNeighbours === 'function';
}

/**
 * Seeds per side for a search of `limit` results: max(CONTEXT_SEEDS, limit). Only these
 * best candidates of each list are used, so the search path fetches no more.
 */
export function contextSeeds(limit: number): number {
  return Math.max(CONTEXT_SEEDS, limit);
}

/**
 * Context-scored keyword and vector lists over the candidates and their neighbours.
 * @param queryVector the query's embedding, `null` when the vector side is off (then
 *   the vector list stays empty).
 * @param limit the search's limit: the best max(CONTEXT_SEEDS, limit) of each list are
 *   the seeds; the rest of the lists is dropped.
 * @returns lists best first, each candidate's `score` its context score, and `cosines`:
 *   the own cosine to the query of every memory it read one for (for calibration).
 */
export async function withConversationContext(
  store: MemoryStore,
  filter: MemoryFilter,
  keyword: Candidate[],
  vector: Candidate[],
  queryVector: Vector | null,
  limit: number,
): Promise<{ keyword: Candidate[]; vector: Candidate[]; cosines: Map<string, number> }> {
  if (!supportsContext(store)) return { keyword, vector, cosines: new Map() };
  const per = contextSeeds(limit);
  keyword = keyword.slice(0, per);
  vector = vector.slice(0, per);
  const seeds = [...new Set([...keyword.map((c) => c.id), ...vector.map((c) => c.id)])];
  if (seeds.length === 0) return { keyword, vector, cosines: new Map() };
  // With a query vector, one store call reads the chains and the cosines of the seeds'
  // windows together where the store can (contextWindows); otherwise two reads.
  const together = queryVector !== null && typeof store.contextWindows === 'function'
    ? await store.contextWindows(seeds, filter, 2 * CONTEXT_RADIUS, CONTEXT_WINDOW_MS, { vector: queryVector, radius: CONTEXT_RADIUS })
    : null;
  const chains = together?.chains ?? await store.contextNeighbours!(seeds, filter, 2 * CONTEXT_RADIUS, CONTEXT_WINDOW_MS);
  const neighbours = new Map<string, string[]>();
  const ids: string[] = [];
  const joined: string[] = [];
  for (const seed of seeds) {
    const chain = chains.get(seed);
    if (!chain) continue;
    // The chain in conversation order, the seed at index `at` (built by index: this loop
    // runs for every seed of every search).
    const { before, after } = chain;
    const at = before.length;
    const line = new Array<string>(at + 1 + after.length);
    for (let k = 0; k < at; k++) line[k] = before[at - 1 - k]!;
    line[at] = seed;
    for (let k = 0; k < after.length; k++) line[at + 1 + k] = after[k]!;
    ids.push(seed);
    for (let i = Math.max(0, at - CONTEXT_RADIUS), end = Math.min(line.length - 1, at + CONTEXT_RADIUS); i <= end; i++) {
      const id = line[i]!;
      // A seed gets its own window; a neighbour joins once, unless it is a seed itself.
      if (id !== seed && (neighbours.has(id) || chains.has(id))) continue;
      if (id !== seed) joined.push(id);
      const window: string[] = [];
      for (let k = Math.max(0, i - CONTEXT_RADIUS); k < i; k++) window.push(line[k]!);
      for (let k = i + 1; k <= i + CONTEXT_RADIUS && k < line.length; k++) window.push(line[k]!);
      neighbours.set(id, window);
    }
  }
  for (const id of joined) ids.push(id);

  const keywordOwn = new Map(keyword.map((c) => [c.id, c.score]));
  const contextKeyword = asCandidates(ids, contextScores(ids, keywordOwn, neighbours), false);
  if (queryVector === null) return { keyword: contextKeyword, vector: [], cosines: new Map() };
  const cosine = new Map(vector.map((c) => [c.id, c.score]));
  // Cosines are read for the seeds' windows only (`ids`): a joined neighbour's own
  // neighbours further out (3-4 places from its seed) are left out of its vector-side
  // mean rather than read one by one (sqlite-vec point reads were most of the context
  // step's time at 10k memories, bench/README.md).
  // contextWindows read the cosines of exactly `ids` (the seeds' windows); the vector
  // candidates' own scores are kept where both are known (the same cosines).
  if (together) {
    for (const [id, s] of together.cosines) if (!cosine.has(id)) cosine.set(id, s);
  } else {
    const missing = ids.filter((id) => !cosine.has(id));
    if (missing.length > 0) for (const [id, s] of await store.vectorSimilarities(queryVector, missing)) cosine.set(id, s);
  }
  const withVector = ids.filter((id) => cosine.has(id));
  const known = new Map(withVector.map((id) => [id, (neighbours.get(id) ?? []).filter((n) => cosine.has(n))]));
  return { keyword: contextKeyword, vector: asCandidates(withVector, contextScores(withVector, cosine, known), true), cosines: cosine };
}
