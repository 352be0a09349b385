/**
 * Runs mem0 list and search requests on the engine: the filter plan's pushdown goes into
 * the engine's plain filters; the rest of the tree (OR/NOT/ne/icontains/...) goes in as
 * the engine's `filter` (a core/filter.ts AST the store compiles), applied before paging
 * and before the access log, so only returned memories are logged as read.
 */
import type { MemoryRecord } from '../../../core/memory.js';
import type { Memory } from '../../../engine/memory.js';
import type { SearchHit } from '../../../engine/search-types.js';
import type { FilterPlan, Pushdown } from './filters.js';
import type { Mem0Scope } from './request.js';

/** Extra engine filters outside mem0's `filters` (v1 `start_date`/`end_date`, `categories`). */
export type ExtraFilters = Pick<Pushdown, 'from' | 'to' | 'categories'> & {
  /** Include memories past their `expiration_date` (mem0's `show_expired`). */
  showExpired?: boolean | undefined;
};

/** The engine's list/search filter options for a mem0 scope, filter plan and extras (without `where`). */
export function engineFilter(scope: Mem0Scope, plan: FilterPlan, extra: ExtraFilters, caller: string | undefined) {
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
    ...(extra.showExpired ? { showExpired: true } : {}),
  };
}

/**
 * One page of the scope's memories matching `plan`, newest first, and the total count.
 * @param page 0-based `offset` and `limit` (at most the engine's page, 1000).
 */
export async function listMemories(
  memory: Memory, scope: Mem0Scope, plan: FilterPlan, extra: ExtraFilters, caller: string | undefined,
  page: { offset: number; limit: number },
): Promise<{ rows: MemoryRecord[]; total: number }> {
  const filter = engineFilter(scope, plan, extra, caller);
  const { results, total } = await memory.getAll({ ...filter, limit: page.limit, offset: page.offset, ...(plan.where ? { filter: plan.where } : {}) });
  return { rows: results, total };
}

/** The `limit` best hits for `query` in the scope matching `plan`, best first. */
export async function searchMemories(
  memory: Memory, query: string, scope: Mem0Scope, plan: FilterPlan, extra: ExtraFilters, caller: string | undefined,
  options: { limit: number; threshold?: number | undefined },
): Promise<{ hits: SearchHit[]; notice?: string }> {
  const filter = engineFilter(scope, plan, extra, caller);
  const result = await memory.search(query, {
    ...filter, limit: options.limit, ...(plan.where ? { filter: plan.where } : {}), ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  });
  return result.notice === undefined ? { hits: result.results } : { hits: result.results, notice: result.notice };
}
