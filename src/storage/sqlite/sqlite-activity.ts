/**
 * A user's recent activity on SQLite: reads (`memory_access_log`) and writes
 * (`memory_history`, and `memory_status_history` rows that are neither the creation nor
 * the deletion, which the history already holds) merged newest first.
 *
 * Each arm walks its `(user_id, created_at)` index backwards (migration 3), so SQLite
 * merges three ordered streams and stops after `offset + limit` rows instead of sorting
 * the user's whole history; the total is three index range counts. Content is joined
 * only for the page: a content change shows the text it wrote (an ADD shows the text as
 * added, not as later edited); reads and state changes show the current text; a deleted
 * memory shows none.
 */
import type Database from 'better-sqlite3';
import { toIso } from '../../core/clock.js';
import type { ActivityEntry } from '../../core/memory.js';

/** Characters of content shown per event (the dashboard's one-line preview). */
const PREVIEW_CHARS = 200;

interface EventRow {
  kind: ActivityEntry['kind'];
  action: ActivityEntry['action'];
  memory_id: string;
  app: string | null;
  query: string | null;
  created_at: number;
  content: string | null;
}

/** The three arms; `?` placeholders: user, then the app when `byApp`. */
function arms(byApp: boolean): string[] {
  const app = (column: string) => (byApp ? ` AND ${column} = ?` : '');
  return [
    `SELECT 0 AS src, a.seq AS seq, 'read' AS kind, a.action AS action, a.memory_id AS memory_id, a.app AS app, a.query AS query, a.created_at AS created_at, NULL AS text
       FROM memory_access_log a WHERE a.user_id = ?${app('a.app')}`,
    `SELECT 1, h.seq, 'write', lower(h.event), h.memory_id, h.app, NULL, h.created_at, h.new_memory
       FROM memory_history h WHERE h.user_id = ?${app('h.app')}`,
    `SELECT 2, s.seq, 'write', s.new_state, s.memory_id, s.changed_by, NULL, s.created_at, NULL
       FROM memory_status_history s WHERE s.user_id = ? AND s.old_state IS NOT NULL AND s.new_state <> 'deleted'${app('s.changed_by')}`,
  ];
}

/**
 * One page of `userId`'s activity, newest first (ties: reads, then content changes,
 * then state changes; later rows first).
 */
export function activityPage(
  db: Database.Database, userId: string, page: { app?: string | undefined; limit: number; offset: number },
): { rows: ActivityEntry[]; total: number } {
  const byApp = page.app !== undefined;
  const params = byApp ? [userId, page.app] : [userId];
  const parts = arms(byApp);
  const total = parts.reduce((n, sql) => n + (db.prepare(`SELECT COUNT(*) AS n FROM (${sql})`).get(...params) as { n: number }).n, 0);
  const order = 'ORDER BY created_at DESC, src ASC, seq DESC';
  const rows = db.prepare(`SELECT e.kind, e.action, e.memory_id, e.app, e.query, e.created_at,
      CASE WHEN m.state = 'deleted' THEN NULL ELSE substr(COALESCE(e.text, m.content), 1, ${PREVIEW_CHARS}) END AS content
    FROM (${parts.join(' UNION ALL ')} ${order} LIMIT ? OFFSET ?) e
    LEFT JOIN memories m ON m.id = e.memory_id
    ORDER BY e.created_at DESC, e.src ASC, e.seq DESC`).all(...params, ...params, ...params, page.limit, page.offset) as EventRow[];
  return {
    total,
    rows: rows.map((r) => ({
      kind: r.kind, action: r.action, memoryId: r.memory_id, content: r.content, app: r.app, query: r.query, createdAt: toIso(r.created_at),
    })),
  };
}
