/**
 * mem0's `filters` object (v2/v3 getAll and search) translated for the engine. The
 * grammar, its AST and its evaluator live in core/filter.ts; this module only maps the
 * tree onto the engine's options.
 *
 * The result is a {@link FilterPlan}: the top-level AND of equalities and date bounds as
 * the engine's plain options (`pushdown`), and, when anything else is present, the whole
 * tree as `where` (`MemoryFilter.where`), which the store compiles into its query
 * language where it can (the SQLite store always can) and the engine evaluates otherwise.
 *
 * Failure contract: anything outside the grammar (unknown field or operator, wrong value
 * type, two different users) throws `MnemoError('INVALID_INPUT')` naming the offending
 * path, so an unsupported filter answers 400 and never a silently wrong list.
 */
import { conjuncts, dateBound, type FilterNode, filterUsers, parseFilter, SCOPE_FIELDS } from '../../../core/filter.js';
import { MnemoError } from '../../../core/errors.js';
import { METADATA_KEY } from '../../../core/limits.js';

export { dateBound };

/** Engine-side filter options derived from the filters (a subset of `getAll`'s options). */
export interface Pushdown {
  agentId?: string;
  runId?: string;
  app?: string;
  /** Inclusive lower bound of `created_at`, epoch ms. */
  from?: number;
  /** Inclusive upper bound of `created_at`, epoch ms. */
  to?: number;
  metadata?: Record<string, string | number | boolean>;
  categories?: string[];
}

/** What {@link compileFilters} returns. */
export interface FilterPlan {
  /** The user the filters name (`user_id` equality), if any. */
  userId?: string;
  pushdown: Pushdown;
  /** The whole filter tree; `null` when `pushdown` expresses it exactly. */
  where: FilterNode | null;
}

/**
 * Compiles mem0 `filters` (or `undefined`) into a {@link FilterPlan}.
 * @example compileFilters({ AND: [{ user_id: 'alex' }, { created_at: { gte: '2024-07-01' } }] })
 * @throws MnemoError INVALID_INPUT for anything outside the grammar (see core/filter.ts).
 */
export function compileFilters(filters: unknown): FilterPlan {
  if (filters === undefined || filters === null) return { pushdown: {}, where: null };
  const tree = parseFilter(filters);
  const users = filterUsers(tree);
  if (users.size > 1) throw new MnemoError('INVALID_INPUT', `unsupported filter at filters: names ${users.size} users; a request acts for one user`);
  const [userId] = users;
  const { pushdown, exact } = extractPushdown(tree);
  return { ...(userId === undefined ? {} : { userId }), pushdown, where: exact ? null : tree };
}

/** The top-level AND's conditions the engine's plain options can say, and whether that is all of it. */
function extractPushdown(tree: FilterNode): { pushdown: Pushdown; exact: boolean } {
  const p: Pushdown = {};
  let exact = true;
  for (const c of conjuncts(tree)) {
    if (c.kind !== 'cond') { exact = false; continue; }
    if (c.field === 'user_id') continue; // the user is the request's scope, always applied
    if (c.op === 'eq' && typeof c.value === 'string' && (SCOPE_FIELDS as readonly string[]).includes(c.field)) {
      const k = c.field === 'agent_id' ? 'agentId' : c.field === 'run_id' ? 'runId' : 'app';
      if (p[k] === undefined) { p[k] = c.value; continue; }
    } else if (c.field === 'created_at' && (c.op === 'gte' || c.op === 'lte' || c.op === 'eq')) {
      const ms = c.value as number; // normalised to epoch ms by the parser
      if (c.op !== 'lte') p.from = Math.max(p.from ?? -Infinity, ms);
      if (c.op !== 'gte') p.to = Math.min(p.to ?? Infinity, ms);
      continue;
    } else if (c.field === 'metadata' && c.op === 'eq' && c.key !== undefined && METADATA_KEY.test(c.key) &&
      ['string', 'number', 'boolean'].includes(typeof c.value) && p.metadata?.[c.key] === undefined) {
      p.metadata = { ...p.metadata, [c.key]: c.value as string | number | boolean };
      continue;
    } else if (c.field === 'categories' && (c.op === 'in' || c.op === 'eq') && p.categories === undefined) {
      p.categories = c.op === 'in' ? (c.value as string[]) : [c.value as string];
      continue;
    }
    exact = false;
  }
  return { pushdown: p, exact };
}
