/**
 * mem0's `filters` object (v2/v3 getAll and search) compiled for the engine.
 *
 * Grammar (mem0 API reference, "Get Memories" / "Search Memories"):
 * - logic: `{AND: [f, ...]}`, `{OR: [f, ...]}`, `{NOT: [f, ...]}` (NOT = none of them);
 *   an object with several keys is the AND of its keys;
 * - fields: `user_id`, `agent_id`, `run_id`, `app_id` (the writer app), `created_at`,
 *   `updated_at`, `categories`, `metadata` (`{metadata: {key: value | {op: value}}}`);
 * - a field's value is a literal (equality), `"*"` (any non-null value), or an object of
 *   operators: `in`, `ne`, `gt`, `gte`, `lt`, `lte`, `icontains`, and `contains` (for
 *   `categories`: some category contains the text). Several operators = their AND.
 *
 * The result is a {@link FilterPlan}: the part the engine can evaluate in SQL (`pushdown`,
 * top-level AND of equalities and date bounds) and, when anything else is present, a
 * `residual` predicate over the full tree that the caller applies to the engine's rows.
 *
 * Failure contract: anything outside the grammar (unknown field or operator, wrong value
 * type, two different users) throws `MnemoError('INVALID_INPUT')` naming the offending
 * path, so an unsupported filter answers 400 and never a silently wrong list.
 * Date-only bounds (`"2024-07-31"`) cover the whole UTC day for `lte`/`gt`.
 */
import { parseTime } from '../../../core/clock.js';
import { MnemoError } from '../../../core/errors.js';
import { jsonDepth, MAX_FILTER_DEPTH } from '../../../core/limits.js';
import type { MemoryRecord } from '../../../core/memory.js';

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
  /** The whole filter as a predicate; `null` when `pushdown` expresses it exactly. */
  residual: ((m: MemoryRecord) => boolean) | null;
}

type Op = 'eq' | 'any' | 'in' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'icontains' | 'contains';
type Node =
  | { kind: 'and' | 'or' | 'not'; children: Node[] }
  | { kind: 'cond'; field: string; key?: string; op: Op; value: unknown };

const SCOPE_FIELDS = ['agent_id', 'run_id', 'app_id'] as const;
const DATE_FIELDS = ['created_at', 'updated_at'] as const;
const FIELDS = ['user_id', ...SCOPE_FIELDS, ...DATE_FIELDS, 'categories', 'metadata'];
const OPS: Record<string, Op> = { in: 'in', ne: 'ne', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte', icontains: 'icontains', contains: 'contains', eq: 'eq' };
/** Operators each field accepts (besides plain equality and `*`). */
const FIELD_OPS: Record<string, Op[]> = {
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
/** Metadata keys the engine's SQL filter accepts (see sqlite-filter.ts). */
const PUSHABLE_METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

function invalid(path: string, message: string): MnemoError {
  return new MnemoError('INVALID_INPUT', `unsupported filter at ${path}: ${message}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Compiles mem0 `filters` (or `undefined`) into a {@link FilterPlan}.
 * @example compileFilters({ AND: [{ user_id: 'alex' }, { created_at: { gte: '2024-07-01' } }] })
 * @throws MnemoError INVALID_INPUT for anything outside the grammar above.
 */
export function compileFilters(filters: unknown): FilterPlan {
  if (filters === undefined || filters === null) return { pushdown: {}, residual: null };
  if (!isPlainObject(filters)) throw invalid('filters', 'must be an object');
  if (jsonDepth(filters, MAX_FILTER_DEPTH) > MAX_FILTER_DEPTH) throw invalid('filters', `nested deeper than ${MAX_FILTER_DEPTH} levels`);
  const tree = parseNode(filters, 'filters');
  const users = new Set<string>();
  collectUsers(tree, users);
  if (users.size > 1) throw invalid('filters', `names ${users.size} users; a request acts for one user`);
  const [userId] = users;
  const { pushdown, exact } = extractPushdown(tree);
  return { ...(userId === undefined ? {} : { userId }), pushdown, residual: exact ? null : (m) => evaluate(tree, m) };
}

function parseNode(obj: Record<string, unknown>, path: string): Node {
  const children: Node[] = [];
  for (const [key, value] of Object.entries(obj)) {
    const at = `${path}.${key}`;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      const list = Array.isArray(value) ? value : isPlainObject(value) ? [value] : null;
      if (!list || list.length === 0) throw invalid(at, 'expects a non-empty list of filters');
      const parsed = list.map((f, i) => {
        if (!isPlainObject(f)) throw invalid(`${at}[${i}]`, 'must be an object');
        return parseNode(f, `${at}[${i}]`);
      });
      const kind = key === 'AND' ? 'and' : key === 'OR' ? 'or' : 'not';
      children.push({ kind, children: parsed });
    } else if (key === 'metadata') {
      if (!isPlainObject(value) || Object.keys(value).length === 0) throw invalid(at, 'expects an object of metadata keys');
      for (const [mk, mv] of Object.entries(value)) children.push(...parseConditions('metadata', mv, `${at}.${mk}`, mk));
    } else if (FIELDS.includes(key)) {
      children.push(...parseConditions(key, value, at));
    } else {
      throw invalid(at, `unknown field; supported: AND, OR, NOT, ${FIELDS.join(', ')}`);
    }
  }
  if (children.length === 0) throw invalid(path, 'empty filter');
  return children.length === 1 ? children[0]! : { kind: 'and', children };
}

function parseConditions(field: string, value: unknown, at: string, key?: string): Node[] {
  const base = key === undefined ? { field } : { field, key };
  if (value === '*') return [{ kind: 'cond', ...base, op: 'any', value }];
  if (!isPlainObject(value)) {
    checkLiteral(field, value, at);
    return [{ kind: 'cond', ...base, op: 'eq', value }];
  }
  if (field === 'metadata' && Object.keys(value).every((k) => !Object.hasOwn(OPS, k))) {
    // A nested object literal: deep equality on that metadata key.
    return [{ kind: 'cond', ...base, op: 'eq', value }];
  }
  return Object.entries(value).map(([name, operand]) => {
    const op = Object.hasOwn(OPS, name) ? OPS[name] : undefined;
    if (op === undefined || (op !== 'eq' && !FIELD_OPS[field]!.includes(op))) {
      throw invalid(`${at}.${name}`, `operator not supported on ${field}; supported: ${['eq', ...FIELD_OPS[field]!].join(', ')}`);
    }
    if (op === 'in') {
      if (!Array.isArray(operand) || operand.length === 0) throw invalid(`${at}.in`, 'expects a non-empty list');
      operand.forEach((v, i) => checkLiteral(field, v, `${at}.in[${i}]`));
    } else if (op === 'icontains' || op === 'contains') {
      if (typeof operand !== 'string') throw invalid(`${at}.${name}`, 'expects a string');
    } else if (op === 'eq' || op === 'ne') {
      checkLiteral(field, operand, `${at}.${name}`);
    } else if ((DATE_FIELDS as readonly string[]).includes(field)) {
      dateBound(op, operand, `${at}.${name}`);
    } else if (typeof operand !== 'number' && typeof operand !== 'string') {
      throw invalid(`${at}.${name}`, 'expects a number or string');
    }
    return { kind: 'cond', ...base, op, value: operand } as Node;
  });
}

function checkLiteral(field: string, value: unknown, at: string): void {
  if (field === 'metadata') {
    if (value === undefined) throw invalid(at, 'missing value');
    return;
  }
  if ((DATE_FIELDS as readonly string[]).includes(field)) {
    dateBound('eq', value, at);
    return;
  }
  if (typeof value !== 'string' || value.trim() === '') throw invalid(at, `${field} expects a non-empty string`);
}

/**
 * A date operand (ISO string or Unix seconds) as epoch ms; a date-only upper bound
 * (`lte`) or `gt` covers the whole UTC day.
 * @throws MnemoError INVALID_INPUT for anything else.
 */
export function dateBound(op: Op, value: unknown, at: string): number {
  if (typeof value !== 'string' && typeof value !== 'number') throw invalid(at, 'expects an ISO date string or Unix seconds');
  const ms = parseTime(value, at);
  return typeof value === 'string' && DATE_ONLY.test(value) && (op === 'lte' || op === 'gt') ? ms + DAY_MS - 1 : ms;
}

function collectUsers(node: Node, into: Set<string>): void {
  if (node.kind === 'cond') {
    if (node.field === 'user_id' && node.op === 'eq') into.add(String(node.value).trim());
    return;
  }
  node.children.forEach((c) => collectUsers(c, into));
}

/** The top-level AND's conditions the engine can evaluate, and whether that is all of it. */
function extractPushdown(tree: Node): { pushdown: Pushdown; exact: boolean } {
  const conjuncts = tree.kind === 'and' ? flattenAnd(tree) : [tree];
  const p: Pushdown = {};
  let exact = true;
  for (const c of conjuncts) {
    if (c.kind !== 'cond') { exact = false; continue; }
    if (c.field === 'user_id') continue; // the user is the request's scope, always applied
    if (c.op === 'eq' && typeof c.value === 'string' && (SCOPE_FIELDS as readonly string[]).includes(c.field)) {
      const k = c.field === 'agent_id' ? 'agentId' : c.field === 'run_id' ? 'runId' : 'app';
      if (p[k] === undefined) { p[k] = c.value; continue; }
    } else if (c.field === 'created_at' && (c.op === 'gte' || c.op === 'lte' || c.op === 'eq')) {
      const ms = dateBound(c.op, c.value, 'created_at');
      if (c.op !== 'lte') p.from = Math.max(p.from ?? -Infinity, ms);
      if (c.op !== 'gte') p.to = Math.min(p.to ?? Infinity, ms);
      continue;
    } else if (c.field === 'metadata' && c.op === 'eq' && c.key !== undefined && PUSHABLE_METADATA_KEY.test(c.key) &&
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

function flattenAnd(node: Node): Node[] {
  return node.kind === 'and' ? node.children.flatMap(flattenAnd) : [node];
}

function evaluate(node: Node, m: MemoryRecord): boolean {
  switch (node.kind) {
    case 'and': return node.children.every((c) => evaluate(c, m));
    case 'or': return node.children.some((c) => evaluate(c, m));
    case 'not': return !node.children.some((c) => evaluate(c, m));
    case 'cond': return test(node, m);
  }
}

function fieldValue(field: string, key: string | undefined, m: MemoryRecord): unknown {
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

function test(c: Extract<Node, { kind: 'cond' }>, m: MemoryRecord): boolean {
  const actual = fieldValue(c.field, c.key, m);
  if (c.op === 'any') return actual !== null && actual !== undefined;
  if (c.field === 'categories') {
    const cats = actual as string[];
    if (c.op === 'contains') return cats.some((x) => x.toLowerCase().includes((c.value as string).toLowerCase()));
    const wanted = c.op === 'in' ? (c.value as string[]) : [c.value as string];
    return cats.some((x) => wanted.includes(x));
  }
  if ((DATE_FIELDS as readonly string[]).includes(c.field)) {
    const bound = dateBound(c.op, c.value, c.field);
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
