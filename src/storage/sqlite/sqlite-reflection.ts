/**
 * Reflection queries of the SQLite store (access-log aggregates for `reflect`), on the
 * database handle of the {@link SqliteStore}. Read-only; user-scoped through
 * `memory_access_log.user_id` and `memories.user_id` (migration 3's indexes).
 */
import type Database from 'better-sqlite3';
import type { MemoryRecord } from '../../core/memory.js';
import { MEMORY_COLUMNS, type MemoryRow, toMemoryRecord } from './sqlite-rows.js';

/** See `MemoryStore.mostRecalled`. */
export function mostRecalled(db: Database.Database, userId: string, since: number, limit: number): Array<{ memory: MemoryRecord; reads: number; lastReadAt: number }> {
  const rows = db.prepare(`SELECT ${MEMORY_COLUMNS}, r.reads AS reads, r.last_read AS last_read FROM
      (SELECT memory_id, COUNT(*) AS reads, MAX(created_at) AS last_read FROM memory_access_log
        WHERE user_id = ? AND created_at >= ? GROUP BY memory_id) r
      JOIN memories m ON m.id = r.memory_id
    WHERE m.user_id = ? AND m.state = 'active' ORDER BY r.reads DESC, r.last_read DESC LIMIT ?`)
    .all(userId, since, userId, limit) as Array<MemoryRow & { reads: number; last_read: number }>;
  return rows.map((r) => ({ memory: toMemoryRecord(r), reads: r.reads, lastReadAt: r.last_read }));
}

/** See `MemoryStore.neverRecalled`. */
export function neverRecalled(db: Database.Database, userId: string, before: number, limit: number): MemoryRecord[] {
  const rows = db.prepare(`SELECT ${MEMORY_COLUMNS} FROM memories m
    WHERE m.user_id = ? AND m.state = 'active' AND m.created_at < ?
      AND NOT EXISTS (SELECT 1 FROM memory_access_log l WHERE l.memory_id = m.id)
    ORDER BY m.created_at LIMIT ?`).all(userId, before, limit) as MemoryRow[];
  return rows.map(toMemoryRecord);
}
