/**
 * mnemo's filter language: mem0's `filters` grammar parsed once into a small AST
 * ({@link FilterNode}) that the engine carries in `MemoryFilter.where`, each storage
 * backend compiles into its query language (see `capabilities.filterPushdown`), and
 * {@link evaluateFilter} evaluates in JavaScript where a backend cannot.
 *
 * Grammar (mem0 API reference, "Get Memories" / "Search Memories"):
 * - logic: `{AND: [f, ...]}`, `{OR: [f, ...]}`, `{NOT: [f, ...]}` (NOT = none of them);
 *   an object with several keys is the AND of its keys;
 * - fields: `user_id`, `agent_id`, `run_id`, `app_id` (the writer app), `created_at`,
 *   `updated_at`, `categories`, `metadata` (`{metadata: {key: value | {op: value}}}`);
 * - a field's value is a literal (equality), `"*"` (any non-null value), or an object of
 *   operators: `in`, `ne`, `gt`, `gte`, `lt`, `lte`, `icontains`, and `contains` (for
 *   `categories`: some category contains the text, case-insensitively). Several
 *   operators = their AND.
 *
 * Dates are normalised at parse time to epoch ms: a date-only bound (`"2024-07-31"`)
 * covers the whole UTC day for `lte`/`gt`. Pure: no I/O.
 *
 * Failure contract: anything outside the grammar (unknown field or operator, wrong value
 * type) throws `MnemoError('INVALID_INPUT')` naming the offending path, so an unsupported
 * filter is refused and never answers a silently wrong list.
 */
import { parseTime } from './clock.js';
import { MnemoError } from './errors.js';
import { jsonDepth, MAX_FILTER_DEPTH } from './limits.js';
import type { MemoryRecord } from './memory.js';

/** Operators of a condition. `any` = the field is set (not null). */
export type FilterOp = 'eq' | 'any' | 'in' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'icontains' | 'contains';
/** Fields a condition can name. */
export type FilterField = 'user_id' | 'agent_id' | 'run_id' | 'app_id' | 'created_at' | 'updated_at' | 'categories' | 'metadata';

/** A leaf of the filter tree. `key` is the metadata key (field `metadata` only). */
export interface FilterCondition {
  kind: 'cond';
  field: FilterField;
  key?: string;
  op: FilterOp;
  /**
   * The operand: a string (ids, `icontains`/`contains`), a string list (`in`), epoch ms
   * (dates), or any JSON value (metadata).
   */
  value: unknown;
}

/** A node of the filter tree: AND/OR of children, NOT = none of the children, or a condition. */
export type FilterNode = { kind: 'and' | 'or' | 'not'; children: FilterNode[] } | FilterCondition;

/** Scope fields: string columns of a memory. */
export const SCOPE_FIELDS = ['agent_id', 'run_id', 'app_id'] as const;
/** Time fields, compared as epoch ms. */
export const DATE_FIELDS = ['created_at', 'updated_at'] as const;
const FIELDS: FilterField[] = ['user_id', ...SCOPE_FIELDS, ...DATE_FIELDS, 'categories', 'metadata'];
const OPS: Record<string, FilterOp> = { in: 'in', ne: 'ne', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte', icontains: 'icontains', contains: 'contains', eq: 'eq' };
/** Operators each field accepts (besides plain equality and `*`). */
const FIELD_OPS: Record<FilterField, FilterOp[]> = {
  user_id: [],
  agent_id: ['in', 'ne', 'icontains'],
  run_id: ['in', 'ne', 'icontains'],
  app_id: ['in', 'ne', 'icontains'],
  created_at: ['gt', 'gte', 'lt', 'lte'],
  updated_at: ['gt', 'gte', 'lt', 'lte'],
  categories: ['in', 'contains'],
  metadata: ['in', 'ne', 'gt', 'gte', 'lt', 'lte', 'icontains'],
};
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function invalid(path: string, message: string): MnemoError {
  return new MnemoError('INVALID_INPUT', `unsupported filter at ${path}: ${message}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isDateField(field: string): boolean {
  return (DATE_FIELDS as readonly string[]).includes(field);
}

/**
 * Parses a mem0 `filters` object into a {@link FilterNode}.
 * @example parseFilter({ OR: [{ agent_id: 'a' }, { NOT: [{ categories: { in: ['work'] } }] }] })
 * @throws MnemoError INVALID_INPUT for anything outside the grammar (message names the path).
 */
export function parseFilter(filters: unknown, path = 'filters'): FilterNode {
  if (!isPlainObject(filters)) throw invalid(path, 'must be an object');
  // Checked once at the root (iteratively), so the recursive parse below stays shallow.
  if (path === 'filters' && jsonDepth(filters, MAX_FILTER_DEPTH) > MAX_FILTER_DEPTH) throw invalid(path, `nested deeper than ${MAX_FILTER_DEPTH} levels`);
  const children: FilterNode[] = [];
  for (const [key, value] of Object.entries(filters)) {
    const at = `${path}.${key}`;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      const list = Array.isArray(value) ? value : isPlainObject(value) ? [value] : null;
      if (!list || list.length === 0) throw invalid(at, 'expects a non-empty list of filters');
      const parsed = list.map((f, i) => {
        if (!isPlainObject(f)) throw invalid(`${at}[${i}]`, 'must be an object');
        return parseFilter(f, `${at}[${i}]`);
      });
      const kind = key === 'AND' ? 'and' : key === 'OR' ? 'or' : 'not';
      children.push({ kind, children: parsed });
    } else if (key === 'metadata') {
      if (!isPlainObject(value) || Object.keys(value).length === 0) throw invalid(at, 'expects an object of metadata keys');
      for (const [mk, mv] of Object.entries(value)) children.push(...parseConditions('metadata', mv, `${at}.${mk}`, mk));
    } else if ((FIELDS as string[]).includes(key)) {
      children.push(...parseConditions(key as FilterField, value, at));
    } else {
      throw invalid(at, `unknown field; supported: AND, OR, NOT, ${FIELDS.join(', ')}`);
    }
  }
  if (children.length === 0) throw invalid(path, 'empty filter');
  return children.length === 1 ? children[0]! : { kind: 'and', children };
}

function parseConditions(field: FilterField, value: unknown, at: string, key?: string): FilterCondition[] {
  const base = key === undefined ? { field } : { field, key };
  if (value === '*') return [{ kind: 'cond', ...base, op: 'any', value }];
  if (!isPlainObject(value)) return [{ kind: 'cond', ...base, op: 'eq', value: literal(field, 'eq', value, at) }];
  if (field === 'metadata' && Object.keys(value).every((k) => !Object.hasOwn(OPS, k))) {
    // A nested object literal: deep equality on that metadata key.
    return [{ kind: 'cond', ...base, op: 'eq', value }];
  }
  return Object.entries(value).map(([name, operand]) => {
    const op = Object.hasOwn(OPS, name) ? OPS[name] : undefined;
    if (op === undefined || (op !== 'eq' && !FIELD_OPS[field].includes(op))) {
      throw invalid(`${at}.${name}`, `operator not supported on ${field}; supported: ${['eq', ...FIELD_OPS[field]].join(', ')}`);
    }
    let normalised: unknown = operand;
    if (op === 'in') {
      if (!Array.isArray(operand) || operand.length === 0) throw invalid(`${at}.in`, 'expects a non-empty list');
      normalised = operand.map((v, i) => literal(field, 'eq', v, `${at}.in[${i}]`));
    } else if (op === 'icontains' || op === 'contains') {
      if (typeof operand !== 'string') throw invalid(`${at}.${name}`, 'expects a string');
    } else if (op === 'eq' || op === 'ne' || isDateField(field)) {
      normalised = literal(field, op, operand, `${at}.${name}`);
    } else if (typeof operand !== 'number' && typeof operand !== 'string') {
      throw invalid(`${at}.${name}`, 'expects a number or string');
    }
    return { kind: 'cond', ...base, op, value: normalised };
  });
}

/** A literal operand checked (and, for dates, normalised to epoch ms) for `field`. */
function literal(field: FilterField, op: FilterOp, value: unknown, at: string): unknown {
  if (field === 'metadata') {
    if (value === undefined) throw invalid(at, 'missing value');
    return value;
  }
  if (isDateField(field)) return dateBound(op, value, at);
  if (typeof value !== 'string' || value.trim() === '') throw invalid(at, `${field} expects a non-empty string`);
  return value;
}

/**
 * A date operand (ISO string or Unix seconds) as epoch ms; a date-only upper bound
 * (`lte`) or `gt` covers the whole UTC day.
 * @throws MnemoError INVALID_INPUT for anything else.
 */
export function dateBound(op: FilterOp, value: unknown, at: string): number {
  if (typeof value !== 'string' && typeof value !== 'number') throw invalid(at, 'expects an ISO date string or Unix seconds');
  const ms = parseTime(value, at, 'bound');
  return typeof value === 'string' && DATE_ONLY.test(value) && (op === 'lte' || op === 'gt') ? ms + DAY_MS - 1 : ms;
}

/** The users a tree names by `user_id` equality (a request acts for at most one). */
export function filterUsers(node: FilterNode, into = new Set<string>()): Set<string> {
  if (node.kind === 'cond') {
    if (node.field === 'user_id' && node.op === 'eq') into.add(String(node.value).trim());
  } else {
    node.children.forEach((c) => filterUsers(c, into));
  }
  return into;
}

/** The conjuncts of a tree: the children of nested top-level ANDs, else the tree itself. */
export function conjuncts(node: FilterNode): FilterNode[] {
  return node.kind === 'and' ? node.children.flatMap(conjuncts) : [node];
}

/** Whether memory `m` matches `node`. */
export function evaluateFilter(node: FilterNode, m: MemoryRecord): boolean {
  switch (node.kind) {
    case 'and': return node.children.every((c) => evaluateFilter(c, m));
    case 'or': return node.children.some((c) => evaluateFilter(c, m));
    case 'not': return !node.children.some((c) => evaluateFilter(c, m));
    case 'cond': return testCondition(node, fieldValue(node.field, node.key, m));
  }
}

function fieldValue(field: FilterField, key: string | undefined, m: MemoryRecord): unknown {
  switch (field) {
    case 'user_id': return m.userId;
    case 'agent_id': return m.agentId;
    case 'run_id': return m.runId;
    case 'app_id': return m.app;
    case 'created_at': return Date.parse(m.createdAt);
    case 'updated_at': return Date.parse(m.updatedAt);
    case 'categories': return m.categories;
    default: return m.metadata[key!];
  }
}

/**
 * Whether a field's value passes one condition. Exported so a backend that evaluates a
 * condition outside its query language (e.g. SQLite through a registered function) uses
 * exactly these semantics.
 * @param actual the field's value: string/null for scope fields, epoch ms for dates, a
 *   string list for categories, the JSON value (or `undefined`) of a metadata key.
 */
export function testCondition(c: Pick<FilterCondition, 'field' | 'op' | 'value'>, actual: unknown): boolean {
  if (c.op === 'any') return actual !== null && actual !== undefined;
  if (c.field === 'categories') {
    const cats = actual as string[];
    if (c.op === 'contains') return cats.some((x) => x.toLowerCase().includes((c.value as string).toLowerCase()));
    const wanted = c.op === 'in' ? (c.value as string[]) : [c.value as string];
    return cats.some((x) => wanted.includes(x));
  }
  if (isDateField(c.field)) {
    const bound = c.value as number;
    const t = actual as number;
    return c.op === 'eq' ? t === bound : c.op === 'gt' ? t > bound : c.op === 'gte' ? t >= bound : c.op === 'lt' ? t < bound : t <= bound;
  }
  switch (c.op) {
    case 'eq': return same(actual, c.value);
    case 'ne': return !same(actual, c.value);
    case 'in': return (c.value as unknown[]).some((v) => same(actual, v));
    case 'icontains': return typeof actual === 'string' && actual.toLowerCase().includes((c.value as string).toLowerCase());
    default: {
      if (actual === null || actual === undefined) return false;
      const [a, b] = typeof c.value === 'number' ? [Number(actual), c.value] : [String(actual), String(c.value)];
      return c.op === 'gt' ? a > b : c.op === 'gte' ? a >= b : c.op === 'lt' ? a < b : a <= b;
    }
  }
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}
