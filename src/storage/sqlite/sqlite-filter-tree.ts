/**
 * Compiles a filter tree of mnemo's filter language (core/filter.ts) into a SQLite
 * condition over `memories m`, so OR/NOT filters run inside SQLite with exact paging and
 * counts instead of reading every row of the user into JavaScript.
 *
 * Conditions SQL states exactly are native SQL (equality, `IN`, null-safe `IS NOT`, time
 * bounds, category membership); those whose semantics are JavaScript's (`icontains` with
 * Unicode case folding, metadata comparisons on JSON values) call functions registered
 * on the connection by {@link registerFilterFunctions}, which run core/filter.ts's own
 * `testCondition`, so SQLite and the engine's evaluator never disagree.
 * Values are always bound, never interpolated.
 */
import type Database from 'better-sqlite3';
import { type FilterCondition, type FilterNode, testCondition } from '../../core/filter.js';
import type { SqlCondition } from './sqlite-filter.js';

const COLUMNS: Record<string, string> = {
  user_id: 'm.user_id', agent_id: 'm.agent_id', run_id: 'm.run_id', app_id: 'm.app', created_at: 'm.created_at', updated_at: 'm.updated_at',
};
const COMPARE: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Name of the registered function testing a string column with `icontains`. */
const ICONTAINS_FN = 'mnemo_icontains';
/** Name of the registered function testing one metadata key against one condition. */
const METADATA_FN = 'mnemo_metadata_test';

/**
 * Registers the functions compiled filters call. Call once per connection, before the
 * first query with a `where` tree.
 */
export function registerFilterFunctions(db: Database.Database): void {
  db.function(ICONTAINS_FN, { deterministic: true }, (value: unknown, needle: unknown) =>
    (testCondition({ field: 'agent_id', op: 'icontains', value: needle }, value) ? 1 : 0));
  db.function(METADATA_FN, { deterministic: true }, (metadata: unknown, key: unknown, op: unknown, operand: unknown) => {
    const parsed = JSON.parse(String(metadata)) as Record<string, unknown>;
    const condition = { field: 'metadata' as const, op: op as FilterCondition['op'], value: JSON.parse(String(operand)) as unknown };
    return testCondition(condition, parsed[String(key)]) ? 1 : 0;
  });
}

/** The SQL condition of `node` (over `memories m`). */
export function treeToSql(node: FilterNode): SqlCondition {
  if (node.kind !== 'cond') {
    const parts = node.children.map(treeToSql);
    const params = parts.flatMap((p) => p.params);
    if (node.kind === 'and') return { sql: `(${parts.map((p) => p.sql).join(' AND ')})`, params };
    const any = `(${parts.map((p) => p.sql).join(' OR ')})`;
    return { sql: node.kind === 'or' ? any : `NOT ${any}`, params };
  }
  // Two-valued leaves: a comparison with NULL is false here (as in the evaluator), not
  // SQL's unknown, which NOT would keep unknown and drop the row.
  const leaf = conditionToSql(node);
  return { sql: `COALESCE(${leaf.sql}, 0)`, params: leaf.params };
}

function conditionToSql(c: FilterCondition): SqlCondition {
  if (c.field === 'metadata') {
    return { sql: `${METADATA_FN}(m.metadata, ?, ?, ?)`, params: [c.key, c.op, JSON.stringify(c.value ?? null)] };
  }
  if (c.field === 'categories') {
    if (c.op === 'any') return { sql: '1', params: [] };
    if (c.op === 'contains') {
      return { sql: `EXISTS (SELECT 1 FROM json_each(m.categories) c WHERE ${ICONTAINS_FN}(c.value, ?))`, params: [c.value] };
    }
    const wanted = c.op === 'in' ? (c.value as string[]) : [c.value as string];
    return { sql: 'EXISTS (SELECT 1 FROM json_each(m.categories) c WHERE c.value IN (SELECT value FROM json_each(?)))', params: [JSON.stringify(wanted)] };
  }
  const column = COLUMNS[c.field]!;
  switch (c.op) {
    case 'any': return { sql: `${column} IS NOT NULL`, params: [] };
    case 'ne': return { sql: `${column} IS NOT ?`, params: [c.value] };
    case 'in': return { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(c.value)] };
    case 'icontains': return { sql: `${ICONTAINS_FN}(${column}, ?)`, params: [c.value] };
    default: return { sql: `${column} ${COMPARE[c.op]!} ?`, params: [c.value] };
  }
}
