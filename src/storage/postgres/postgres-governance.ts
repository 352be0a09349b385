/**
 * The PostgreSQL implementation of {@link GovernanceStore}: apps, access rules and API
 * keys and dashboard counts, on the pool of the `PostgresStore` that owns it. Every row
 * lives in the shared database and nothing is cached, so a key created, an app paused or
 * a rule added through one `mnemo serve` instance takes effect on every instance at once.
 */
import type { AccessRule, ApiKeyRecord, AppRecord, UserStats } from '../../core/governance.js';
import type { MemoryRecord } from '../../core/memory.js';
import { APP_TOUCH_INTERVAL_MS, type AppSort, type GovernanceStore } from '../governance-store.js';
import { APP_SELECT, APP_SORT, type AppRow, type KeyRow, type RuleRow, toApp, toKey, toRule } from '../governance-rows.js';
import { type MemoryRow, toMemoryRecord } from '../sqlite/sqlite-rows.js';
import type { PgDb } from './postgres-db.js';
import { ILIKE, likePattern } from './postgres-filter.js';
import { PG_MEMORY_COLUMNS as MEMORY_COLUMNS } from './postgres-columns.js';

/** Governance tables of one PostgreSQL database. Constructed by `PostgresStore`. */
export class PostgresGovernanceStore implements GovernanceStore {
  constructor(private readonly db: PgDb) {}

  private async upsertApp(db: PgDb, userId: string, app: string, at: number): Promise<void> {
    await db.run(`INSERT INTO apps(user_id, name, is_active, created_at, updated_at) VALUES (?, ?, TRUE, ?, ?)
      ON CONFLICT (user_id, name) DO NOTHING`, [userId, app, at, at]);
  }

  async touchApp(userId: string, app: string, kind: 'read' | 'write', at: number): Promise<boolean> {
    // Read first: a known app needs no write unless its last read is stale (see APP_TOUCH_INTERVAL_MS).
    const known = await this.db.get<{ is_active: boolean; last_accessed_at: number | string | null }>(
      'SELECT is_active, last_accessed_at FROM apps WHERE user_id = ? AND name = ?', [userId, app]);
    if (known && (kind === 'write' || (known.last_accessed_at !== null && at - Number(known.last_accessed_at) < APP_TOUCH_INTERVAL_MS))) {
      return known.is_active;
    }
    return this.db.tx(async (t) => {
      await this.upsertApp(t, userId, app, at);
      if (kind === 'read') {
        await t.run(`UPDATE apps SET first_accessed_at = COALESCE(first_accessed_at, ?), last_accessed_at = ?
          WHERE user_id = ? AND name = ?`, [at, at, userId, app]);
      }
      return (await t.get<{ is_active: boolean }>('SELECT is_active FROM apps WHERE user_id = ? AND name = ?', [userId, app]))!.is_active;
    });
  }

  async setAppActive(userId: string, app: string, active: boolean, at: number): Promise<AppRecord> {
    await this.db.tx(async (t) => {
      await this.upsertApp(t, userId, app, at);
      await t.run('UPDATE apps SET is_active = ?, updated_at = ? WHERE user_id = ? AND name = ?', [active, at, userId, app]);
    });
    return (await this.getApp(userId, app))!;
  }

  async getApp(userId: string, app: string): Promise<AppRecord | null> {
    const row = await this.db.get<AppRow>(`${APP_SELECT} WHERE a.user_id = ? AND a.name = ?`, [userId, app]);
    return row ? toApp(row) : null;
  }

  async listApps(userId: string, query: {
    name?: string | undefined; isActive?: boolean | undefined; sortBy: AppSort; direction: 'asc' | 'desc'; limit: number; offset: number;
  }): Promise<{ rows: AppRecord[]; total: number }> {
    const where = ['a.user_id = ?'];
    const params: unknown[] = [userId];
    if (query.name) { where.push(`a.name ${ILIKE}`); params.push(likePattern(query.name)); }
    if (query.isActive !== undefined) { where.push('a.is_active = ?'); params.push(query.isActive); }
    const sql = `SELECT * FROM (${APP_SELECT} WHERE ${where.join(' AND ')}) x`;
    const total = (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM (${sql}) y`, params))!.n;
    const dir = query.direction === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.db.all<AppRow>(`${sql} ORDER BY ${APP_SORT[query.sortBy]} ${dir}, name ASC LIMIT ? OFFSET ?`, [...params, query.limit, query.offset]);
    return { rows: rows.map(toApp), total };
  }

  async appAccessed(userId: string, app: string, page: { limit: number; offset: number }): Promise<{ rows: Array<{ memory: MemoryRecord; accessCount: number }>; total: number }> {
    const from = `FROM memory_access_log l JOIN memories m ON m.id = l.memory_id
      WHERE l.app = ? AND m.user_id = ? AND m.state <> 'deleted'`;
    const total = (await this.db.get<{ n: number }>(`SELECT COUNT(DISTINCT l.memory_id) AS n ${from}`, [app, userId]))!.n;
    const rows = await this.db.all<MemoryRow & { access_count: number }>(`SELECT ${MEMORY_COLUMNS}, COUNT(*) AS access_count ${from}
      GROUP BY m.seq ORDER BY access_count DESC, m.seq DESC LIMIT ? OFFSET ?`, [app, userId, page.limit, page.offset]);
    return { rows: rows.map((r) => ({ memory: toMemoryRecord(r), accessCount: r.access_count })), total };
  }

  async addRule(rule: Omit<AccessRule, 'createdAt'> & { at: number }): Promise<AccessRule> {
    const row = await this.db.get<RuleRow>(`INSERT INTO access_rules(id, user_id, app, effect, object_type, object_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`, [rule.id, rule.userId, rule.app, rule.effect, rule.objectType, rule.objectId, rule.at]);
    return toRule(row!);
  }

  async listRules(userId: string, app?: string): Promise<AccessRule[]> {
    const rows = app === undefined
      ? await this.db.all<RuleRow>('SELECT * FROM access_rules WHERE user_id = ? ORDER BY seq', [userId])
      : await this.db.all<RuleRow>('SELECT * FROM access_rules WHERE user_id = ? AND app = ? ORDER BY seq', [userId, app]);
    return rows.map(toRule);
  }

  async deleteRule(userId: string, id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM access_rules WHERE user_id = ? AND id = ?', [userId, id])) > 0;
  }

  async createKey(key: { id: string; hash: string; userId: string; app: string | null; name: string | null; at: number; kind?: 'user' | 'project' }): Promise<ApiKeyRecord> {
    const row = await this.db.get<KeyRow>(`INSERT INTO api_keys(id, key_hash, user_id, app, name, created_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [key.id, key.hash, key.userId, key.app, key.name, key.at, key.kind ?? 'user']);
    return toKey(row!);
  }

  async useKey(hash: string, at: number): Promise<ApiKeyRecord | null> {
    const row = await this.db.get<KeyRow>('SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL', [hash]);
    if (!row) return null;
    // Stamp at most once a minute: a key used by every request must not turn every read into a write.
    if (row.last_used_at === null || at - row.last_used_at > 60_000) {
      await this.db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, row.id]);
      row.last_used_at = at;
    }
    return toKey(row);
  }

  async listKeys(userId?: string): Promise<ApiKeyRecord[]> {
    const rows = userId === undefined
      ? await this.db.all<KeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, id')
      : await this.db.all<KeyRow>('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at DESC, id', [userId]);
    return rows.map(toKey);
  }

  async revokeKey(id: string, at: number, userId?: string): Promise<boolean> {
    return (userId === undefined
      ? await this.db.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])
      : await this.db.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL', [at, id, userId])) > 0;
  }

  async categories(userId: string): Promise<Array<{ name: string; count: number }>> {
    return this.db.all(`SELECT c.v AS name, COUNT(*) AS count FROM memories m, jsonb_array_elements_text(m.categories) c(v)
      WHERE m.user_id = ? AND m.state IN ('active', 'paused') GROUP BY c.v ORDER BY count DESC, name`, [userId]);
  }

  async userStats(userId: string): Promise<UserStats> {
    const byState: Record<string, number> = {};
    for (const r of await this.db.all<{ state: string; n: number }>('SELECT state, COUNT(*) AS n FROM memories WHERE user_id = ? GROUP BY state', [userId])) {
      byState[r.state] = r.n;
    }
    const apps = await this.db.all<{ app: string | null; memories: number }>(`SELECT app, COUNT(*) AS memories FROM memories WHERE user_id = ? AND state <> 'deleted'
      GROUP BY app ORDER BY memories DESC`, [userId]);
    const perDay = await this.db.all<{ day: string; count: number }>(`SELECT to_char(to_timestamp(created_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, COUNT(*) AS count
      FROM memories WHERE user_id = ? AND state <> 'deleted' GROUP BY day ORDER BY day`, [userId]);
    const totalApps = (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM apps WHERE user_id = ?', [userId]))!.n;
    return {
      userId, totalMemories: Object.entries(byState).filter(([s]) => s !== 'deleted').reduce((a, [, n]) => a + n, 0),
      byState, totalApps, apps, perDay,
    };
  }
}
