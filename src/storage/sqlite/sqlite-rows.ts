/**
 * Mapping between SQLite rows of the `memories` family of tables and the public record
 * types. Times are stored as epoch ms and returned as ISO-8601 strings.
 */
import { toIso } from '../../core/clock.js';
import type { AccessLogEntry, HistoryEntry, MemoryRecord, MemoryState, StatusChange } from '../../core/memory.js';

/** A raw `memories` row. */
export interface MemoryRow {
  seq: number;
  id: string;
  user_id: string;
  agent_id: string | null;
  run_id: string | null;
  app: string | null;
  content: string;
  content_hash: string;
  metadata: string;
  categories: string;
  state: MemoryState;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

/** The column list selecting a {@link MemoryRow} from `memories m`. */
export const MEMORY_COLUMNS =
  'm.seq, m.id, m.user_id, m.agent_id, m.run_id, m.app, m.content, m.content_hash, m.metadata, m.categories, m.state, m.created_at, m.updated_at, m.expires_at';

/** Row to public record. */
export function toMemoryRecord(row: MemoryRow): MemoryRecord {
  return {
    id: row.id,
    memory: row.content,
    hash: row.content_hash,
    userId: row.user_id,
    agentId: row.agent_id,
    runId: row.run_id,
    app: row.app,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    categories: JSON.parse(row.categories) as string[],
    state: row.state,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    expiresAt: row.expires_at === null || row.expires_at === undefined ? null : toIso(row.expires_at),
  };
}

/** `memory_history` row to public entry. */
export function toHistoryEntry(row: {
  id: string; memory_id: string; event: HistoryEntry['event']; old_memory: string | null;
  new_memory: string | null; app: string | null; created_at: number;
}): HistoryEntry {
  return {
    id: row.id, memoryId: row.memory_id, event: row.event, oldMemory: row.old_memory,
    newMemory: row.new_memory, app: row.app, createdAt: toIso(row.created_at),
  };
}

/** `memory_status_history` row to public entry. */
export function toStatusChange(row: {
  memory_id: string; old_state: MemoryState | null; new_state: MemoryState; changed_by: string | null; created_at: number;
}): StatusChange {
  return {
    memoryId: row.memory_id, oldState: row.old_state, newState: row.new_state,
    changedBy: row.changed_by, createdAt: toIso(row.created_at),
  };
}

/** `memory_access_log` row to public entry. */
export function toAccessLogEntry(row: {
  memory_id: string; app: string | null; action: AccessLogEntry['action']; query: string | null; score: number | null; created_at: number;
}): AccessLogEntry {
  return {
    memoryId: row.memory_id, app: row.app, action: row.action, query: row.query,
    score: row.score, createdAt: toIso(row.created_at),
  };
}
