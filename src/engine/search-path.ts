/**
 * The search path of the engine: keyword and vector candidates from the store, fused by
 * mode (retrieval/rank.ts), filtered by the caller's view and an optional predicate, and
 * logged as reads.
 *
 * Failure contract: `MnemoError` — `INVALID_INPUT` for an empty/oversized query or bad
 * options; `UNAVAILABLE` with `strict` when the vector side is off.
 */
import { keywordTerms } from '../retrieval/keyword-query.js';
import { rankCandidates } from '../retrieval/rank.js';
import type { Vector } from '../embedding/embedder.js';
import { SCOPE_CAP } from '../retrieval/calibration.js';
import type { Candidate, MemoryFilter, MemoryStore } from '../storage/store.js';
import { type EngineContext, splitFilters, toFilter } from './engine-context.js';
import { calibrateRanked, type OwnScores } from './search-calibration.js';
import { contextSeeds, supportsContext, withConversationContext } from './search-context.js';
import { parseInput, QueryTextSchema, SearchOptionsSchema } from './inputs.js';
import type { SearchOptions } from './memory-options.js';
import type { SearchHit, SearchResult } from './search-types.js';

/** Candidate depth of each retriever before fusion (at least this many, or 2 × limit). */
const CANDIDATE_DEPTH = 50;
/** Candidates fetched per requested hit when a `where` predicate may drop some (mem0 helper's measure of OR filters). */
const PREDICATE_OVERFETCH = 5;

/**
 * Memories the search could return, counted up to `SCOPE_CAP` (the calibration's store
 * size signal): the vector list holds every memory up to its depth (≥ SCOPE_CAP), so
 * its length answers; a keyword-only search with fewer than SCOPE_CAP matches asks the
 * store for the count (one indexed COUNT, only then; none when nothing matched).
 */
async function scopeSize(store: MemoryStore, filter: MemoryFilter, keywordCount: number, vectorCount: number | null): Promise<number> {
  const known = Math.max(keywordCount, vectorCount ?? 0);
  if (known === 0) return 0; // nothing to score
  if (known >= SCOPE_CAP || (vectorCount !== null && vectorCount > 0)) return known;
  return (await store.listMemories(filter, { limit: 1, offset: 0 })).total;
}

/** See `Memory.search`. */
export async function search(ctx: EngineContext, query: string, options: SearchOptions): Promise<SearchResult> {
  const text = parseInput(QueryTextSchema, query, 'query');
  const { opts, r, scope } = await ctx.reading(SearchOptionsSchema, options, 'search options');
  if (scope.blocked) return { results: [], mode: opts.mode };
  const { where: tree, predicate: where } = splitFilters(r.store, options);
  const filter = { ...toFilter(opts, ctx.now()), visibility: scope.visibility, where: tree };
  const context = opts.context && supportsContext(r.store);
  const contextLimit = opts.limit * (where ? PREDICATE_OVERFETCH : 1);
  // With context only each side's best contextSeeds(limit) are used (search-context.ts),
  // so fetching more would be wasted storage time; the lists are the same prefixes.
  const depth = context ? contextSeeds(contextLimit) : Math.max(CANDIDATE_DEPTH, opts.limit * (where ? PREDICATE_OVERFETCH : 2));
  let mode = opts.mode;
  let notice: string | undefined;

  let vectorHits: Candidate[] = [];
  let queryVector: Vector | null = null;
  if (mode !== 'keyword') {
    const { vectors: [vector], notice: why } = await ctx.embedAll(r, [text]);
    if (vector) {
      queryVector = vector;
      vectorHits = await r.store.vectorCandidates(vector, filter, depth);
    }
    else {
      notice = `${why ?? 'vector search unavailable'}; results come from keyword search`;
      mode = 'keyword';
    }
  }
  let keywordHits: Candidate[] = [];
  const match = keywordTerms(text);
  if (mode !== 'vector' && match) keywordHits = await r.store.keywordCandidates(match, filter, depth);

  const own: OwnScores = {
    keyword: new Map(keywordHits.map((c) => [c.id, c.score])),
    cosine: new Map(vectorHits.map((c) => [c.id, c.score])),
    terms: match?.terms.length ?? 0,
    scope: await scopeSize(r.store, filter, keywordHits.length, mode === 'keyword' ? null : vectorHits.length),
  };
  if (context) {
    const withContext = await withConversationContext(r.store, filter, keywordHits, vectorHits, mode === 'keyword' ? null : queryVector, contextLimit);
    ({ keyword: keywordHits, vector: vectorHits } = withContext);
    for (const [id, s] of withContext.cosines) own.cosine.set(id, s);
  }
  const keywordScore = r.store.capabilities.keywordScore;
  const fused = rankCandidates(mode, opts.fusion, keywordHits, vectorHits, keywordScore, context);
  // Calibrated scores (retrieval/calibration.ts) for the hits that can be returned.
  let ranked = calibrateRanked(mode, keywordScore, fused, own, where ? fused.length : opts.limit);
  if (opts.threshold !== undefined) ranked = ranked.filter((c) => c.score >= opts.threshold!);
  const records = await r.store.getMemories(ranked.map((c) => c.id), filter);
  const byId = new Map(records.map((m) => [m.id, m]));
  const results: SearchHit[] = ranked.flatMap((c) => {
    const m = byId.get(c.id);
    return m && (!where || where(m)) ? [{ ...m, score: c.score, ranks: c.ranks, signals: c.signals }] : [];
  }).slice(0, opts.limit);
  if (opts.log) await ctx.logReads(r, results.map((h) => ({ id: h.id, score: h.score })), 'search', text, opts.caller);
  return notice === undefined ? { results, mode } : { results, mode, notice };
}
