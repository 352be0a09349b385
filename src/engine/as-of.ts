/**
 * Time travel over memories: search and list "as of" a past time `T`, with each memory's
 * text as it was then, rebuilt from its content history (ADD/UPDATE/DELETE rows). A
 * memory exists at `T` when its ADD row is at or before `T` and no DELETE row is; its
 * text is the newest ADD/UPDATE row at or before `T`.
 *
 * Search as of `T` takes the candidates of the ordinary search (memories unchanged since
 * `T` are indexed with their text of then) plus every memory changed after `T` (at most
 * {@link CHANGED_CANDIDATES}), and ranks all of them on their text of then by one
 * measure: cosine similarity to the query (stored vectors for unchanged texts, fresh
 * embeddings for changed ones), or, without vectors, the share of query words present
 * (with a `notice`). Failure contract as `Memory.search`/`getAll`; a bad `asOf` is
 * `INVALID_INPUT`.
 */
import { parseTime } from '../core/clock.js';
import type { HistoryEntry, MemoryRecord } from '../core/memory.js';
import { cosine } from './graph/graph-search.js';
import type { MemoryFilter, MemoryStore } from '../storage/store.js';
import { type EngineContext, splitFilters, toFilter } from './engine-context.js';
import { ListOptionsSchema, MemoryTextSchema, parseInput, SearchOptionsSchema } from './inputs.js';
import type { ListOptions, SearchOptions } from './memory-options.js';
import { calibrateList, calibrationModel, type HitSignals } from '../retrieval/calibration.js';
import { search } from './search-path.js';
import type { ListResult, SearchHit, SearchResult } from './search-types.js';

/** Most memories changed after `T` re-ranked by one as-of search (the newest changes first). */
export const CHANGED_CANDIDATES = 500;
/** Rows read per page when listing as of `T`. */
const PAGE = 1_000;

/** A time to read memories as of: ISO string, Date, or Unix seconds/ms (core/clock.ts). */
export interface AsOf {
  asOf?: string | number | Date | undefined;
}

/** The text of a memory at `t` from its history (oldest first), or `null` when it did not exist then. */
export function textAt(history: HistoryEntry[], t: number): string | null {
  let text: string | null = null;
  for (const h of history) {
    if (Date.parse(h.createdAt) > t) break;
    if (h.event === 'DELETE') text = null;
    else text = h.newMemory;
  }
  return text;
}

/** Memories of `ids` as they were at `t` (absent ones dropped), order kept. */
async function recordsAt(store: MemoryStore, ids: string[], filter: MemoryFilter, t: number): Promise<MemoryRecord[]> {
  const records = await store.getMemories(ids, { ...filter, states: ['active', 'paused', 'archived', 'deleted'] });
  const out: MemoryRecord[] = [];
  for (const m of records) {
    const text = textAt(await store.history(m.id, m.userId), t);
    if (text !== null) out.push({ ...m, memory: text, state: m.state === 'deleted' ? 'active' : m.state });
  }
  return out;
}

/** Share of the query's words (2+ letters, case-folded) present in `text`. */
function wordOverlap(query: string, text: string): number {
  const words = (s: string) => new Set(s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}]{2,}/gu) ?? []);
  const q = words(query);
  if (q.size === 0) return 0;
  const t = words(text);
  let n = 0;
  for (const w of q) if (t.has(w)) n++;
  return n / q.size;
}

/** `Memory.search` with `asOf` (see module header). */
export async function searchAsOf(ctx: EngineContext, query: string, options: SearchOptions & AsOf): Promise<SearchResult> {
  const { asOf, ...rest } = options;
  const t = parseTime(asOf!, 'asOf');
  const text = parseInput(MemoryTextSchema, query, 'query');
  const { opts, r, scope } = await ctx.reading(SearchOptionsSchema, rest, 'search options');
  if (scope.blocked) return { results: [], mode: opts.mode };
  const to = opts.to === undefined ? t : Math.min(t, parseTime(opts.to, 'to'));
  const { where: tree, predicate: where } = splitFilters(r.store, options);
  const filter: MemoryFilter = { ...toFilter(opts, t), to, visibility: scope.visibility, where: tree };
  const { threshold: _unused, ...unfiltered } = rest;
  const base = await search(ctx, text, { ...unfiltered, to, limit: Math.max(50, opts.limit * 2), log: false });
  const changed = new Set(await r.store.memoriesChangedAfter(opts.userId, t, CHANGED_CANDIDATES));
  const ids = [...new Set([...base.results.map((h) => h.id), ...changed])];
  const records = (await recordsAt(r.store, ids, filter, t)).filter((m) => !where || where(m));
  const { vectors: [q], notice } = opts.mode === 'keyword' ? { vectors: [null], notice: undefined } : await ctx.embedAll(r, [text]);
  let scored: Array<{ m: MemoryRecord; score: number }>;
  if (q) {
    const stale = records.filter((m) => changed.has(m.id));
    const fresh = stale.length > 0 ? (await ctx.embedAll(r, stale.map((m) => m.memory))).vectors : [];
    const freshScore = new Map(stale.map((m, i) => [m.id, fresh[i] ? cosine(q, fresh[i]!) : 0]));
    const stored = await r.store.vectorSimilarities(q, records.filter((m) => !changed.has(m.id)).map((m) => m.id));
    scored = records.map((m) => ({ m, score: freshScore.get(m.id) ?? stored.get(m.id) ?? 0 }));
  } else {
    scored = records.map((m) => ({ m, score: wordOverlap(text, m.memory) }));
  }
  scored.sort((a, b) => b.score - a.score);
  const top = scored.slice(0, opts.limit);
  // With vectors, the score is calibrated by the vector-mode model (retrieval/calibration.ts) on the
  // cosines of then; by shared words it stays the share of query words present.
  const signals: HitSignals[] | null = q ? top.map((s, i) => ({
    fused: s.score, rank: i + 1, cosine: s.score, keyword: null, topCosine: scored[0]!.score, topKeyword: null, terms: 1, candidates: scored.length,
  })) : null;
  const scores = signals ? calibrateList(calibrationModel('vector', r.store.capabilities.keywordScore), signals) : top.map((s) => s.score);
  const threshold = opts.threshold;
  const results: SearchHit[] = top
    .map((s, i) => ({ ...s.m, score: scores[i]!, ranks: q ? { keyword: null, vector: i + 1 } : { keyword: i + 1, vector: null }, ...(signals ? { signals: signals[i]! } : {}) }))
    .filter((h) => threshold === undefined || h.score >= threshold);
  if (opts.log) await ctx.logReads(r, results.map((h) => ({ id: h.id, score: h.score })), 'search', text, opts.caller);
  const mode = q ? opts.mode : 'keyword';
  const why = q ? undefined : `${notice ?? 'vector search unavailable'}; as-of results are ranked by shared words`;
  return why === undefined ? { results, mode } : { results, mode, notice: why };
}

/** `Memory.getAll` with `asOf`: memories that existed at `asOf`, with their text then. */
export async function listAsOf(ctx: EngineContext, options: ListOptions & AsOf): Promise<ListResult> {
  const { asOf, ...rest } = options;
  const t = parseTime(asOf!, 'asOf');
  const { opts, r, scope } = await ctx.reading(ListOptionsSchema, rest, 'list options');
  if (scope.blocked) return { results: [], total: 0, limit: opts.limit, offset: opts.offset };
  const to = opts.to === undefined ? t : Math.min(t, parseTime(opts.to, 'to'));
  const { where: tree, predicate: where } = splitFilters(r.store, options);
  const filter: MemoryFilter = { ...toFilter(opts, t), to, states: [...(opts.states ?? ['active']), 'deleted'], visibility: scope.visibility, where: tree };
  const order = { by: opts.orderBy, direction: opts.order } as const;
  const needle = opts.contains?.toLowerCase();
  const matches: MemoryRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { rows, total } = await r.store.listMemories(filter, { limit: PAGE, offset, order });
    for (const m of await recordsAt(r.store, rows.map((x) => x.id), filter, t)) {
      if ((!needle || m.memory.toLowerCase().includes(needle)) && (!where || where(m))) matches.push(m);
    }
    if (rows.length === 0 || offset + PAGE >= total) break;
  }
  const page = matches.slice(opts.offset, opts.offset + opts.limit);
  if (opts.log) await ctx.logReads(r, page.map((m) => ({ id: m.id, score: null })), 'list', null, opts.caller);
  return { results: page, total: matches.length, limit: opts.limit, offset: opts.offset };
}
