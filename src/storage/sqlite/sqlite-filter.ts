/**
 * Turns a {@link MemoryFilter} into a parameterised SQL `WHERE` fragment over the
 * `memories` table aliased `m`. Values are always bound, never interpolated.
 */
import { MnemoError } from '../../core/errors.js';
import type { MemoryFilter } from '../store.js';

/** A SQL condition and its bound parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

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
  if (filter.from !== undefined) { parts.push('m.created_at >= ?'); params.push(filter.from); }
  if (filter.to !== undefined) { parts.push('m.created_at <= ?'); params.push(filter.to); }
  if (filter.ids !== undefined) {
    parts.push(filter.ids.length === 0 ? '0' : `m.id IN (SELECT value FROM json_each(?))`);
    if (filter.ids.length > 0) params.push(JSON.stringify(filter.ids));
  }
  if (filter.categories !== undefined && filter.categories.length > 0) {
    parts.push(`EXISTS (SELECT 1 FROM json_each(m.categories) c WHERE c.value IN (SELECT value FROM json_each(?)))`);
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
  return { sql: parts.join(' AND '), params };
}
