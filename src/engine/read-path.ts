/**
 * The read path of the engine: one memory, pages of memories, the entities holding them,
 * and related memories — each within what the caller may see, each returned memory
 * logged as a read (unless `log: false`).
 *
 * Failure contract: `MnemoError` — `INVALID_INPUT` for bad options, `NOT_FOUND` for an id
 * outside the caller's view (also for other users' ids and denied memories).
 */
import type { EntitySummary, MemoryRecord } from '../core/memory.js';
import type { MemoryFilter } from '../storage/store.js';
import { type EngineContext, splitFilters, toFilter } from './engine-context.js';
import { ByIdOptionsSchema, FilterOptionsSchema, ListOptionsSchema, MemoryIdSchema, parseInput, RelatedLimitSchema } from './inputs.js';
import type { ByIdOptions, ListOptions } from './memory-options.js';
import type { ListResult, RelatedResult } from './search-types.js';

/** Rows read per page when `getAll` scans for a `where` predicate (the store's largest sensible page). */
const PREDICATE_SCAN_PAGE = 1_000;
/**
 * Least cosine similarity for a memory to count as "similar" in `related`. Without a
 * floor the nearest neighbours of a memory in a small store are whatever exists ("my
 * daughter is allergic to peanuts" listed "our billing service runs on PostgreSQL 16",
 * cosine 0.08 under USE-lite). Measured with USE-lite: paraphrases and same-topic pairs
 * score 0.45 to 0.95, unrelated pairs 0.0 to 0.3 (bench/near-duplicates.ts fixture).
 */
export const RELATED_MIN_SIMILARITY = 0.35;

/** See `Memory.get`. */
export async function get(ctx: EngineContext, id: string, options: ByIdOptions): Promise<MemoryRecord> {
  const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
  const { opts, r } = await ctx.begin(ByIdOptionsSchema, options, 'options');
  const record = await ctx.visibleRecord(r, memoryId, opts.userId, opts.caller);
  if (opts.log) await ctx.logReads(r, [{ id: record.id, score: null }], 'get', null, opts.caller);
  return record;
}

/** See `Memory.getAll`. */
export async function getAll(ctx: EngineContext, options: ListOptions): Promise<ListResult> {
  const { opts, r, scope } = await ctx.reading(ListOptionsSchema, options, 'list options');
  if (scope.blocked) return { results: [], total: 0, limit: opts.limit, offset: opts.offset };
  const { where: tree, predicate: where } = splitFilters(r.store, options);
  const filter: MemoryFilter = { ...toFilter(opts, ctx.now()), contains: opts.contains, visibility: scope.visibility, where: tree };
  const order = { by: opts.orderBy, direction: opts.order } as const;
  let page: { rows: MemoryRecord[]; total: number };
  if (where) {
    const matches: MemoryRecord[] = [];
    for (let offset = 0; ; offset += PREDICATE_SCAN_PAGE) {
      const { rows, total } = await r.store.listMemories(filter, { limit: PREDICATE_SCAN_PAGE, offset, order });
      matches.push(...rows.filter(where));
      if (rows.length === 0 || offset + PREDICATE_SCAN_PAGE >= total) break;
    }
    page = { rows: matches.slice(opts.offset, opts.offset + opts.limit), total: matches.length };
  } else {
    page = await r.store.listMemories(filter, { limit: opts.limit, offset: opts.offset, order });
  }
  if (opts.log) await ctx.logReads(r, page.rows.map((m) => ({ id: m.id, score: null })), 'list', null, opts.caller);
  return { results: page.rows, total: page.total, limit: opts.limit, offset: opts.offset };
}

/** See `Memory.entities`. */
export async function entities(ctx: EngineContext, options: Pick<ListOptions, 'userId' | 'caller' | 'states'>): Promise<EntitySummary[]> {
  const { opts, r, scope } = await ctx.reading(FilterOptionsSchema, options, 'entity options');
  if (scope.blocked) return [];
  return r.store.entities({ userId: opts.userId, states: opts.states, visibility: scope.visibility });
}


/** See `Memory.related`. */
export async function related(ctx: EngineContext, id: string, options: ByIdOptions & { limit?: number }): Promise<RelatedResult> {
  const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
  const opts = parseInput(ByIdOptionsSchema, options, 'options');
  const limit = parseInput(RelatedLimitSchema, options.limit, 'limit');
  const r = await ctx.init();
  const source = await ctx.visibleRecord(r, memoryId, opts.userId, opts.caller);
  const { visibility } = await ctx.reader(r, opts.userId, opts.caller);
  const filter: MemoryFilter = { userId: opts.userId, excludeIds: [memoryId], visibility };
  const byCategory = source.categories.length === 0 ? []
    : (await r.store.listMemories({ ...filter, categories: source.categories }, { limit, offset: 0 })).rows;
  let bySimilarity: RelatedResult['bySimilarity'] = [];
  const status = await r.vectors.check();
  if (status.usable) {
    const { vectors: [vector] } = await ctx.embedAll(r, [source.memory]);
    const hits = vector ? await r.store.vectorCandidates(vector, filter, limit) : [];
    const records = new Map((await r.store.getMemories(hits.map((h) => h.id), filter)).map((m) => [m.id, m]));
    bySimilarity = hits.flatMap((h) => {
      const m = records.get(h.id);
      return m && h.score >= RELATED_MIN_SIMILARITY ? [{ ...m, score: h.score }] : [];
    });
  }
  const reads = new Map([...byCategory, ...bySimilarity].map((m) => [m.id, { id: m.id, score: null }]));
  if (opts.log) await ctx.logReads(r, [...reads.values()], 'list', null, opts.caller);
  return { byCategory, bySimilarity };
}
