/**
 * Runs mem0 list and search requests on the engine: the filter plan's pushdown goes into
 * the engine call; a residual predicate (OR/NOT/ne/icontains/...) is applied to the
 * engine's rows here.
 *
 * Caveat of the residual path (documented in NEEDS-from-mem0-helper.md): the engine logs
 * every row it returns as read by the caller, including rows the predicate then drops.
 * Exact plans (AND of equalities and date bounds, the common case) log exactly what is
 * returned.
 */
import type { MemoryRecord } from '../../../core/memory.js';
import type { Memory } from '../../../engine/memory.js';
import type { SearchHit } from '../../../engine/search-types.js';
import type { FilterPlan, Pushdown } from './filters.js';
import type { Mem0Scope } from './request.js';

/** Engine page size used when scanning for a residual filter (the engine's maximum). */
const SCAN_PAGE = 1000;
/** Search candidates fetched per requested hit when a residual filter may drop some. */
const SEARCH_OVERFETCH = 5;
/** Extra engine filters outside mem0's `filters` (v1 `start_date`/`end_date`, `categories`). */
export type ExtraFilters = Pick<Pushdown, 'from' | 'to' | 'categories'>;

function engineFilter(scope: Mem0Scope, plan: FilterPlan, extra: ExtraFilters, caller: string | undefined) {
  const p = plan.pushdown;
  const agentId = scope.agentId ?? p.agentId;
  const runId = scope.runId ?? p.runId;
  const app = scope.appId ?? p.app;
  const from = Math.max(extra.from ?? -Infinity, p.from ?? -Infinity);
  const to = Math.min(extra.to ?? Infinity, p.to ?? Infinity);
  const categories = extra.categories ?? p.categories;
  return {
    userId: scope.userId,
    ...(agentId === undefined ? {} : { agentId }),
    ...(runId === undefined ? {} : { runId }),
    ...(app === undefined ? {} : { app }),
    ...(Number.isFinite(from) ? { from } : {}),
    ...(Number.isFinite(to) ? { to } : {}),
    ...(categories === undefined ? {} : { categories }),
    ...(p.metadata === undefined ? {} : { metadata: p.metadata }),
    ...(caller === undefined ? {} : { caller }),
  };
}

/**
 * One page of the scope's memories matching `plan`, newest first, and the total count.
 * @param page 0-based `offset` and `limit`; a `limit` above the engine's page (1000) scans
 *   every page (e.g. `Number.MAX_SAFE_INTEGER` for all).
 */
export async function listMemories(
  memory: Memory, scope: Mem0Scope, plan: FilterPlan, extra: ExtraFilters, caller: string | undefined,
  page: { offset: number; limit: number },
): Promise<{ rows: MemoryRecord[]; total: number }> {
  const filter = engineFilter(scope, plan, extra, caller);
  if (plan.residual === null && page.limit <= SCAN_PAGE) {
    const { results, total } = await memory.getAll({ ...filter, limit: page.limit, offset: page.offset });
    return { rows: results, total };
  }
  const keep = plan.residual ?? (() => true);
  const matches: MemoryRecord[] = [];
  for (let offset = 0; ; offset += SCAN_PAGE) {
    const { results, total } = await memory.getAll({ ...filter, limit: SCAN_PAGE, offset });
    matches.push(...results.filter(keep));
    if (offset + SCAN_PAGE >= total || results.length === 0) break;
  }
  return { rows: matches.slice(page.offset, page.offset + page.limit), total: matches.length };
}

/** The `limit` best hits for `query` in the scope matching `plan`, best first. */
export async function searchMemories(
  memory: Memory, query: string, scope: Mem0Scope, plan: FilterPlan, extra: ExtraFilters, caller: string | undefined,
  options: { limit: number; threshold?: number | undefined },
): Promise<{ hits: SearchHit[]; notice?: string }> {
  const filter = engineFilter(scope, plan, extra, caller);
  const limit = plan.residual === null ? options.limit : Math.min(SCAN_PAGE, options.limit * SEARCH_OVERFETCH);
  const result = await memory.search(query, { ...filter, limit, ...(options.threshold === undefined ? {} : { threshold: options.threshold }) });
  const hits = plan.residual === null ? result.results : result.results.filter(plan.residual).slice(0, options.limit);
  return result.notice === undefined ? { hits } : { hits, notice: result.notice };
}
