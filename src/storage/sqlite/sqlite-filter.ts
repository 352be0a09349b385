/**
 * Turns a {@link MemoryFilter} into a parameterised SQL `WHERE` fragment over the
 * `memories` table aliased `m`. Values are always bound, never interpolated.
 */
import { MnemoError } from '../../core/errors.js';
import { METADATA_KEY } from '../../core/limits.js';
import type { MemoryFilter, Visibility } from '../store.js';
import { treeToSql } from './sqlite-filter-tree.js';

/** A SQL condition and its bound parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** A `LIKE` operator whose pattern comes from {@link likePattern}. */
export const LIKE = `LIKE ? ESCAPE '\\'`;

/** The `LIKE` pattern matching `text` as a literal substring (ASCII case-insensitive in SQLite). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * Builds the `WHERE` body for `filter` (without the `WHERE` keyword).
 * @throws MnemoError INVALID_INPUT for a metadata key outside `[A-Za-z0-9_.-]{1,64}`.
 */
export function filterToSql(filter: MemoryFilter): SqlCondition {
  const parts: string[] = ['m.user_id = ?'];
  const params: unknown[] = [filter.userId];
  const states = filter.states ?? ['active'];
  parts.push(`m.state IN (${states.map(() => '?').join(',')})`);
  params.push(...states);
  if (filter.agentId !== undefined) { parts.push('m.agent_id = ?'); params.push(filter.agentId); }
  if (filter.runId !== undefined) { parts.push('m.run_id = ?'); params.push(filter.runId); }
  if (filter.app !== undefined) { parts.push('m.app = ?'); params.push(filter.app); }
  if (filter.notExpiredAt !== undefined) { parts.push('(m.expires_at IS NULL OR m.expires_at > ?)'); params.push(filter.notExpiredAt); }
  if (filter.from !== undefined) { parts.push('m.created_at >= ?'); params.push(filter.from); }
  if (filter.to !== undefined) { parts.push('m.created_at <= ?'); params.push(filter.to); }
  if (filter.ids !== undefined) {
    parts.push(filter.ids.length === 0 ? '0' : `m.id IN (SELECT value FROM json_each(?))`);
    if (filter.ids.length > 0) params.push(JSON.stringify(filter.ids));
  }
  if (filter.excludeIds !== undefined && filter.excludeIds.length > 0) {
    parts.push('m.id NOT IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.excludeIds));
  }
  if (filter.contains !== undefined && filter.contains !== '') {
    parts.push(`m.content ${LIKE}`);
    params.push(likePattern(filter.contains));
  }
  if (filter.visibility !== undefined) {
    const v = visibilityToSql(filter.visibility);
    parts.push(v.sql);
    params.push(...v.params);
  }
  if (filter.categories !== undefined && filter.categories.length > 0) {
    parts.push(HAS_CATEGORY_IN);
    params.push(JSON.stringify(filter.categories));
  }
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    if (!METADATA_KEY.test(key)) {
      throw new MnemoError('INVALID_INPUT', `metadata filter key ${JSON.stringify(key)} must match [A-Za-z0-9_.-]{1,64}`);
    }
    // Both sides through json_extract, so strings, numbers, booleans and objects compare alike.
    parts.push(`json_extract(m.metadata, ?) = json_extract(?, '$')`);
    params.push(`$."${key}"`, JSON.stringify(value));
  }
  if (filter.where !== undefined) {
    const tree = treeToSql(filter.where);
    parts.push(tree.sql);
    params.push(...tree.params);
  }
  return { sql: parts.join(' AND '), params };
}

const HAS_CATEGORY_IN = 'EXISTS (SELECT 1 FROM json_each(m.categories) c WHERE c.value IN (SELECT value FROM json_each(?)))';
const ID_IN = 'm.id IN (SELECT value FROM json_each(?))';

/** The condition of {@link Visibility} (see its docs); fails closed on `denyAll`. */
function visibilityToSql(v: Visibility): SqlCondition {
  if (v.denyAll) return { sql: '0', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  if (v.denyIds.length > 0) { parts.push(`NOT ${ID_IN}`); params.push(JSON.stringify(v.denyIds)); }
  if (v.denyCategories.length > 0) { parts.push(`NOT ${HAS_CATEGORY_IN}`); params.push(JSON.stringify(v.denyCategories)); }
  if (v.restricted) {
    parts.push(`(${ID_IN} OR ${HAS_CATEGORY_IN})`);
    params.push(JSON.stringify(v.allowIds), JSON.stringify(v.allowCategories));
  }
  return parts.length === 0 ? { sql: '1', params } : { sql: parts.join(' AND '), params };
}
