/**
 * Turns a {@link MemoryFilter} into a parameterised PostgreSQL `WHERE` fragment over the
 * `memories` table aliased `m` (`?` placeholders, numbered by postgres-db.ts). Values are
 * always bound, never interpolated. Filter trees (`where`) are not compiled: the store
 * declares `filterPushdown: false` and the engine evaluates them (core/filter.ts), so
 * JavaScript's Unicode case folding and JSON comparisons stay the one definition.
 */
import { MnemoError } from '../../core/errors.js';
import { METADATA_KEY } from '../../core/limits.js';
import type { MemoryFilter, Visibility } from '../store.js';

/** A SQL condition and its bound parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** An `ILIKE` operator whose pattern comes from {@link likePattern}. */
export const ILIKE = `ILIKE ? ESCAPE '\\'`;

/** The `LIKE` pattern matching `text` as a literal substring. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

const HAS_CATEGORY_IN = 'EXISTS (SELECT 1 FROM jsonb_array_elements_text(m.categories) c(v) WHERE c.v = ANY(?::text[]))';
const ID_IN = 'm.id = ANY(?::text[])';

/**
 * Builds the `WHERE` body for `filter` (without the `WHERE` keyword).
 * @throws MnemoError INVALID_INPUT for a metadata key outside `[A-Za-z0-9_.-]{1,64}`;
 *   INTERNAL when `where` is set (this store does not push filter trees down).
 */
export function filterToSql(filter: MemoryFilter): SqlCondition {
  const parts: string[] = ['m.user_id = ?'];
  const params: unknown[] = [filter.userId];
  parts.push('m.state = ANY(?::text[])');
  params.push(filter.states ?? ['active']);
  if (filter.agentId !== undefined) { parts.push('m.agent_id = ?'); params.push(filter.agentId); }
  if (filter.runId !== undefined) { parts.push('m.run_id = ?'); params.push(filter.runId); }
  if (filter.app !== undefined) { parts.push('m.app = ?'); params.push(filter.app); }
  if (filter.notExpiredAt !== undefined) { parts.push('(m.expires_at IS NULL OR m.expires_at > ?)'); params.push(filter.notExpiredAt); }
  if (filter.from !== undefined) { parts.push('m.created_at >= ?'); params.push(filter.from); }
  if (filter.to !== undefined) { parts.push('m.created_at <= ?'); params.push(filter.to); }
  if (filter.ids !== undefined) { parts.push(ID_IN); params.push(filter.ids); }
  if (filter.excludeIds !== undefined && filter.excludeIds.length > 0) { parts.push(`NOT ${ID_IN}`); params.push(filter.excludeIds); }
  if (filter.contains !== undefined && filter.contains !== '') { parts.push(`m.content ${ILIKE}`); params.push(likePattern(filter.contains)); }
  if (filter.visibility !== undefined) {
    const v = visibilityToSql(filter.visibility);
    parts.push(v.sql);
    params.push(...v.params);
  }
  if (filter.categories !== undefined && filter.categories.length > 0) { parts.push(HAS_CATEGORY_IN); params.push(filter.categories); }
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    if (!METADATA_KEY.test(key)) {
      throw new MnemoError('INVALID_INPUT', `metadata filter key ${JSON.stringify(key)} must match [A-Za-z0-9_.-]{1,64}`);
    }
    // JSONB equality: strings, numbers, booleans and objects compare by value.
    parts.push('(m.metadata -> ?) = ?::jsonb');
    params.push(key, JSON.stringify(value));
  }
  if (filter.where !== undefined) {
    throw new MnemoError('INTERNAL', 'the postgres store does not push filter trees down (filterPushdown is false)');
  }
  return { sql: parts.join(' AND '), params };
}

/** The condition of {@link Visibility} (see its docs); fails closed on `denyAll`. */
function visibilityToSql(v: Visibility): SqlCondition {
  if (v.denyAll) return { sql: 'FALSE', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  if (v.denyIds.length > 0) { parts.push(`NOT ${ID_IN}`); params.push(v.denyIds); }
  if (v.denyCategories.length > 0) { parts.push(`NOT ${HAS_CATEGORY_IN}`); params.push(v.denyCategories); }
  if (v.restricted) {
    parts.push(`(${ID_IN} OR ${HAS_CATEGORY_IN})`);
    params.push(v.allowIds, v.allowCategories);
  }
  return parts.length === 0 ? { sql: 'TRUE', params } : { sql: parts.join(' AND '), params };
}

/**
 * The tsquery expression of analysed terms: each term through `plainto_tsquery` (which
 * never parses operators) under the `mnemo_text` configuration, ORed with `||`.
 * @returns SQL with one `?` per term, and the terms as params.
 */
export function tsQuery(terms: string[]): SqlCondition {
  return { sql: `(${terms.map(() => "plainto_tsquery('mnemo_text', ?)").join(' || ')})`, params: terms };
}
