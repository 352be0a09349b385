/**
 * Ranking of entities for a query, with mnemo's retrieval (retrieval/rank.ts): BM25 over
 * each entity's search document (name, aliases, type, observations valid now; FTS5 with
 * Porter stemming and folded diacritics) fused with a vector ranking, where an entity's
 * similarity is the best cosine of the query to its name or to one of its observations
 * valid at the view's time. The official memory server's `search_nodes` is a substring
 * test; this finds paraphrases ("Which languages does John speak?" -> "Speaks fluent
 * Spanish").
 *
 * Cost: the vector side is an exact scan of the user's entity and observation vectors
 * (one dot product each), linear in the graph's size; fine for graphs of some 10^4
 * facts. Failure contract: without vectors it ranks by keywords and says so in `notice`.
 */
import type { Vector } from '../../embedding/embedder.js';
import { keywordTerms } from '../../retrieval/keyword-query.js';
import { type RankedCandidate, rankCandidates } from '../../retrieval/rank.js';
import type { Candidate, MemoryStore } from '../../storage/store.js';

/** Keyword and vector candidates kept per side before fusion (as the memory search's depth). */
const CANDIDATE_DEPTH = 50;
/**
 * Least cosine for an entity to be a vector candidate. Unrelated sentences score
 * 0.1-0.3 with USE Lite, paraphrases above 0.4 (measured on the stdio test's pairs);
 * without a floor every entity would be a candidate and a query would list the graph.
 */
const MIN_COSINE = 0.35;

/** Cosine similarity of two vectors of equal length (0 when either is zero). */
export function cosine(a: Vector, b: Vector): number {
  let dot = 0; let na = 0; let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) { dot += a[i]! * b[i]!; na += a[i]! * a[i]!; nb += b[i]! * b[i]!; }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Ranks a user's entities for `query`, best first, at most `limit`.
 * @param embed the Memory's embedding (null vectors + notice when unavailable).
 * @param options `mode` as memory search; `at`: valid time of the observations compared.
 */
export async function rankEntities(
  store: MemoryStore,
  embed: (texts: string[]) => Promise<{ vectors: Array<Vector | null>; notice?: string }>,
  userId: string,
  query: string,
  options: { limit: number; mode: 'hybrid' | 'keyword' | 'vector'; at: number },
): Promise<{ hits: RankedCandidate[]; notice?: string }> {
  let mode = options.mode;
  let notice: string | undefined;
  let vectorHits: Candidate[] = [];
  if (mode !== 'keyword') {
    const { vectors: [q], notice: why } = await embed([query]);
    if (q) {
      const best = new Map<string, number>();
      for (const { entityId, vector } of await store.graph.entityVectors(userId, options.at)) {
        const s = cosine(q, vector);
        if (s > (best.get(entityId) ?? -Infinity)) best.set(entityId, s);
      }
      vectorHits = [...best].filter(([, s]) => s >= MIN_COSINE).sort((a, b) => b[1] - a[1]).slice(0, CANDIDATE_DEPTH)
        .map(([id, score], i) => ({ id, score, rank: i + 1 }));
    } else {
      notice = `${why ?? 'vector search unavailable'}; results come from keyword search`;
      mode = 'keyword';
    }
  }
  const match = keywordTerms(query);
  const keywordHits = mode !== 'vector' && match ? await store.graph.entityKeywordCandidates(userId, match, CANDIDATE_DEPTH) : [];
  const hits = rankCandidates(mode, 'convex', keywordHits, vectorHits, store.capabilities.keywordScore).slice(0, options.limit);
  return notice === undefined ? { hits } : { hits, notice };
}
