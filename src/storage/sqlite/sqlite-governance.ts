/**
 * The SQLite implementation of {@link GovernanceStore}: apps, access rules and API keys
 * (migration 2) and dashboard counts, on the database handle of the {@link SqliteStore}
 * that owns it. Writes are `BEGIN IMMEDIATE` transactions like every store write.
 */
import type Database from 'better-sqlite3';
import { type LockWait, withLockRetry } from './sqlite-lock.js';
import type { AccessRule, ApiKeyRecord, AppRecord, UserStats } from '../../core/governance.js';
import type { MemoryRecord } from '../../core/memory.js';
import { APP_TOUCH_INTERVAL_MS, type AppSort, type GovernanceStore } from '../governance-store.js';
import { APP_SELECT, APP_SORT, type AppRow, type KeyRow, type RuleRow, toApp, toKey, toRule } from '../governance-rows.js';
import { LIKE, likePattern } from './sqlite-filter.js';
import { MEMORY_COLUMNS, type MemoryRow, toMemoryRecord } from './sqlite-rows.js';

/** Governance tables of one SQLite database. Constructed by {@link SqliteStore}. */
export class SqliteGovernanceStore implements GovernanceStore {
  /** @param flushReads writes the store's buffered access-log entries (sqlite-access-buffer.ts) before a read of the log. */
  constructor(
    private readonly db: Database.Database, private readonly wait: LockWait = { lockWaitMs: 0 },
    private readonly flushReads: () => Promise<void> = async () => {},
  ) {}

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction, waiting for the lock without blocking (sqlite-lock.ts). */
  private write<T>(fn: () => T): Promise<T> {
    return withLockRetry(() => this.db.transaction(fn).immediate(), this.wait);
  }

  private upsertApp(userId: string, app: string, at: number): void {
    this.db.prepare(`INSERT INTO apps(user_id, name, is_active, created_at, updated_at) VALUES (?, ?, 1, ?, ?)
      ON CONFLICT(user_id, name) DO NOTHING`).run(userId, app, at, at);
  }

  async touchApp(userId: string, app: string, kind: 'read' | 'write', at: number): Promise<boolean> {
    // Read first: a known app needs no write unless its last read is stale by a minute,
    // so reads do not each cost a write transaction (nor wait on another writer).
    const known = this.db.prepare('SELECT is_active, last_accessed_at FROM apps WHERE user_id = ? AND name = ?').get(userId, app) as
      { is_active: number; last_accessed_at: number | null } | undefined;
    if (known && (kind === 'write' || (known.last_accessed_at !== null && at - known.last_accessed_at < APP_TOUCH_INTERVAL_MS))) {
      return known.is_active === 1;
    }
    return this.write(() => {
      this.upsertApp(userId, app, at);
      if (kind === 'read') {
        this.db.prepare(`UPDATE apps SET first_accessed_at = COALESCE(first_accessed_at, ?), last_accessed_at = ?
          WHERE user_id = ? AND name = ?`).run(at, at, userId, app);
      }
      return (this.db.prepare('SELECT is_active FROM apps WHERE user_id = ? AND name = ?').get(userId, app) as { is_active: number }).is_active === 1;
    });
  }

  async setAppActive(userId: string, app: string, active: boolean, at: number): Promise<AppRecord> {
    await this.write(() => {
      this.upsertApp(userId, app, at);
      this.db.prepare('UPDATE apps SET is_active = ?, updated_at = ? WHERE user_id = ? AND name = ?').run(active ? 1 : 0, at, userId, app);
    });
    return (await this.getApp(userId, app))!;
  }

  async getApp(userId: string, app: string): Promise<AppRecord | null> {
    await this.flushReads();
    const row = this.db.prepare(`${APP_SELECT} WHERE a.user_id = ? AND a.name = ?`).get(userId, app) as AppRow | undefined;
    return row ? toApp(row) : null;
  }

  async listApps(userId: string, query: {
    name?: string | undefined; isActive?: boolean | undefined; sortBy: AppSort; direction: 'asc' | 'desc'; limit: number; offset: number;
  }): Promise<{ rows: AppRecord[]; total: number }> {
    await this.flushReads();
    const where = ['a.user_id = ?'];
    const params: unknown[] = [userId];
    if (query.name) { where.push(`a.name ${LIKE}`); params.push(likePattern(query.name)); }
    if (query.isActive !== undefined) { where.push('a.is_active = ?'); params.push(query.isActive ? 1 : 0); }
    const sql = `SELECT * FROM (${APP_SELECT} WHERE ${where.join(' AND ')})`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM (${sql})`).get(...params) as { n: number }).n;
    const dir = query.direction === 'desc' ? 'DESC' : 'ASC';
    const rows = this.db.prepare(`${sql} ORDER BY ${APP_SORT[query.sortBy]} ${dir}, name ASC LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as AppRow[];
    return { rows: rows.map(toApp), total };
  }

  async appAccessed(userId: string, app: string, page: { limit: number; offset: number }): Promise<{ rows: Array<{ memory: MemoryRecord; accessCount: number }>; total: number }> {
    await this.flushReads();
    const from = `FROM memory_access_log l JOIN memories m ON m.id = l.memory_id
      WHERE l.app = ? AND m.user_id = ? AND m.state <> 'deleted'`;
    const total = (this.db.prepare(`SELECT COUNT(DISTINCT l.memory_id) AS n ${from}`).get(app, userId) as { n: number }).n;
    const rows = this.db.prepare(`SELECT ${MEMORY_COLUMNS}, COUNT(*) AS access_count ${from}
      GROUP BY m.seq ORDER BY access_count DESC, m.seq DESC LIMIT ? OFFSET ?`)
      .all(app, userId, page.limit, page.offset) as Array<MemoryRow & { access_count: number }>;
    return { rows: rows.map((r) => ({ memory: toMemoryRecord(r), accessCount: r.access_count })), total };
  }

  async addRule(rule: Omit<AccessRule, 'createdAt'> & { at: number }): Promise<AccessRule> {
    await this.write(() => {
      this.db.prepare(`INSERT INTO access_rules(id, user_id, app, effect, object_type, object_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`).run(rule.id, rule.userId, rule.app, rule.effect, rule.objectType, rule.objectId, rule.at);
    });
    return toRule(this.db.prepare('SELECT * FROM access_rules WHERE id = ?').get(rule.id) as RuleRow);
  }

  async listRules(userId: string, app?: string): Promise<AccessRule[]> {
    const rows = app === undefined
      ? this.db.prepare('SELECT * FROM access_rules WHERE user_id = ? ORDER BY seq').all(userId)
      : this.db.prepare('SELECT * FROM access_rules WHERE user_id = ? AND app = ? ORDER BY seq').all(userId, app);
    return (rows as RuleRow[]).map(toRule);
  }

  async deleteRule(userId: string, id: string): Promise<boolean> {
    return this.write(() => this.db.prepare('DELETE FROM access_rules WHERE user_id = ? AND id = ?').run(userId, id).changes > 0);
  }

  async createKey(key: { id: string; hash: string; userId: string; app: string | null; name: string | null; at: number; kind?: 'user' | 'project' }): Promise<ApiKeyRecord> {
    await this.write(() => {
      this.db.prepare(`INSERT INTO api_keys(id, key_hash, user_id, app, name, created_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(key.id, key.hash, key.userId, key.app, key.name, key.at, key.kind ?? 'user');
    });
    return toKey(this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(key.id) as KeyRow);
  }

  async useKey(hash: string, at: number): Promise<ApiKeyRecord | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL').get(hash) as KeyRow | undefined;
    if (!row) return null;
    // Stamp at most once a minute: a key used by every request must not turn every read into a write.
    if (row.last_used_at === null || at - row.last_used_at > 60_000) {
      await this.write(() => this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, row.id));
      row.last_used_at = at;
    }
    return toKey(row);
  }

  async listKeys(userId?: string): Promise<ApiKeyRecord[]> {
    const rows = userId === undefined
      ? this.db.prepare('SELECT * FROM api_keys ORDER BY created_at DESC, id').all()
      : this.db.prepare('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at DESC, id').all(userId);
    return (rows as KeyRow[]).map(toKey);
  }

  async revokeKey(id: string, at: number, userId?: string): Promise<boolean> {
    return this.write(() => (userId === undefined
      ? this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
      : this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(at, id, userId)).changes > 0);
  }

  async categories(userId: string): Promise<Array<{ name: string; count: number }>> {
    return this.db.prepare(`SELECT c.value AS name, COUNT(*) AS count FROM memories m, json_each(m.categories) c
      WHERE m.user_id = ? AND m.state IN ('active', 'paused') GROUP BY c.value ORDER BY count DESC, name`).all(userId) as Array<{ name: string; count: number }>;
  }

  async userStats(userId: string): Promise<UserStats> {
    const byState: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT state, COUNT(*) AS n FROM memories WHERE user_id = ? GROUP BY state').all(userId) as Array<{ state: string; n: number }>) {
      byState[r.state] = r.n;
    }
    const apps = this.db.prepare(`SELECT app, COUNT(*) AS memories FROM memories WHERE user_id = ? AND state <> 'deleted'
      GROUP BY app ORDER BY memories DESC`).all(userId) as Array<{ app: string | null; memories: number }>;
    const perDay = this.db.prepare(`SELECT date(created_at / 1000, 'unixepoch') AS day, COUNT(*) AS count FROM memories
      WHERE user_id = ? AND state <> 'deleted' GROUP BY day ORDER BY day`).all(userId) as Array<{ day: string; count: number }>;
    const totalApps = (this.db.prepare('SELECT COUNT(*) AS n FROM apps WHERE user_id = ?').get(userId) as { n: number }).n;
    return {
      userId, totalMemories: Object.entries(byState).filter(([s]) => s !== 'deleted').reduce((a, [, n]) => a + n, 0),
      byState, totalApps, apps, perDay,
    };
  }
}
