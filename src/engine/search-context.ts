/**
 * The search path's conversation-context step: asks the store for the conversation
 * neighbours of the keyword and vector candidates (and of the neighbours that join
 * them), the query's cosine to every memory involved, and turns both sides into
 * context-scored candidate lists (retrieval/context.ts) for fusion.
 *
 * Failure contract: store errors propagate (as from the other search calls). Returns the
 * lists unchanged when the store lacks `contextNeighbours`.
 */
import type { Vector } from '../embedding/embedder.js';
import { asCandidates, CONTEXT_RADIUS, CONTEXT_WEIGHT, CONTEXT_WINDOW_MS, contextScores } from '../retrieval/context.js';
import type { Candidate, MemoryFilter, MemoryStore } from '../storage/store.js';

/** Whether `store` can give conversation context (`capabilities.conversationContext` and the method). */
export function supportsContext(store: MemoryStore): boolean {
  return store.capabilities.conversationContext === true && typeof store.contextNeighbours === 'function';
}

/**
 * Context-scored keyword and vector lists over the candidates and their neighbours.
 * @param queryVector the query's embedding, `null` when the vector side is off (then
 *   the vector list stays empty).
 * @returns lists best first, each candidate's `score` its context score.
 */
export async function withConversationContext(
  store: MemoryStore,
  filter: MemoryFilter,
  keyword: Candidate[],
  vector: Candidate[],
  queryVector: Vector | null,
): Promise<{ keyword: Candidate[]; vector: Candidate[] }> {
  if (!supportsContext(store)) return { keyword, vector };
  const seeds = [...new Set([...keyword.map((c) => c.id), ...vector.map((c) => c.id)])];
  if (seeds.length === 0) return { keyword, vector };
  const neighbours = await store.contextNeighbours!(seeds, filter, CONTEXT_RADIUS, CONTEXT_WINDOW_MS);
  const known = new Set(seeds);
  const joined = [...new Set([...neighbours.values()].flat())].filter((id) => !known.has(id));
  // A joining neighbour needs its own neighbours for its context score.
  if (joined.length > 0) for (const [id, list] of await store.contextNeighbours!(joined, filter, CONTEXT_RADIUS, CONTEXT_WINDOW_MS)) neighbours.set(id, list);
  const ids = [...seeds, ...joined.filter((id) => neighbours.has(id))];

  const keywordOwn = new Map(keyword.map((c) => [c.id, c.score]));
  const contextKeyword = asCandidates(ids, contextScores(ids, keywordOwn, neighbours), false);
  if (queryVector === null) return { keyword: contextKeyword, vector: [] };
  const cosine = new Map(vector.map((c) => [c.id, c.score]));
  const missing = [...new Set([...ids, ...ids.flatMap((id) => neighbours.get(id) ?? [])])].filter((id) => !cosine.has(id));
  if (missing.length > 0) for (const [id, s] of await store.vectorSimilarities(queryVector, missing)) cosine.set(id, s);
  const withVector = ids.filter((id) => cosine.has(id));
  return { keyword: contextKeyword, vector: asCandidates(withVector, contextScores(withVector, cosine, neighbours, CONTEXT_WEIGHT), true) };
}
