/**
 * Column lists of the PostgreSQL store shared by its files. Memory rows are selected in
 * the shape the SQLite row mapper (sqlite-rows.ts, no native dependency) takes: JSONB as
 * text, so one mapper serves both backends.
 */

/** The columns of a `MemoryRow` from `memories m`. */
export const PG_MEMORY_COLUMNS =
  'm.seq, m.id, m.user_id, m.agent_id, m.run_id, m.app, m.content, m.content_hash, m.metadata::text AS metadata, m.categories::text AS categories, m.state, m.created_at, m.updated_at, m.expires_at';
