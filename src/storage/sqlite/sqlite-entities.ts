/**
 * mem0's entities on SQLite: the user, its agents and its runs that hold memories
 * matching a filter, counted with `GROUP BY` in the database instead of reading every
 * memory (so nothing is logged as read and nothing is paged through).
 */
import type Database from 'better-sqlite3';
import { toIso } from '../../core/clock.js';
import type { EntitySummary } from '../../core/memory.js';
import type { MemoryFilter } from '../store.js';
import { filterToSql } from './sqlite-filter.js';

const ORDER: Record<EntitySummary['type'], number> = { user: 0, agent: 1, run: 2 };

/** The entities of the memories matching `filter`: the user, then agents, then runs, each by id. */
export function entitySummaries(db: Database.Database, filter: MemoryFilter): EntitySummary[] {
  const where = filterToSql(filter);
  // A compound SELECT orders by result columns only, hence the `kind_order` column.
  const arm = (type: EntitySummary['type'], column: string) => `SELECT '${type}' AS type, ${ORDER[type]} AS kind_order, ${column} AS id, COUNT(*) AS n,
      MIN(m.created_at) AS created_at, MAX(m.updated_at) AS updated_at
    FROM memories m WHERE ${where.sql} AND ${column} IS NOT NULL GROUP BY ${column}`;
  const rows = db.prepare(`${arm('user', 'm.user_id')} UNION ALL ${arm('agent', 'm.agent_id')} UNION ALL ${arm('run', 'm.run_id')}
    ORDER BY kind_order, id`)
    .all(...where.params, ...where.params, ...where.params) as Array<{ type: EntitySummary['type']; id: string; n: number; created_at: number; updated_at: number }>;
  return rows.map((r) => ({ type: r.type, id: r.id, memories: r.n, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at) }));
}
