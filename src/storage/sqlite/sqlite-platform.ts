/**
 * SQLite implementation of {@link PlatformStore}: memory owners and times, feedback,
 * project settings, webhooks and export jobs (tables of migration 4). Every write is one
 * `BEGIN IMMEDIATE` transaction, like the rest of the store.
 */
import { isBusy, lockedError } from './sqlite-lock.js';
import type Database from 'better-sqlite3';
import { toIso } from '../../core/clock.js';
import type { FeedbackEntry, FeedbackValue, MemoryExport, Webhook, WebhookEvent } from '../../core/platform.js';
import type { PlatformStore } from '../platform-store.js';

interface FeedbackRow { id: string; memory_id: string; user_id: string; feedback: FeedbackValue | null; reason: string | null; created_at: number }
interface WebhookRow { id: number; project_id: string; name: string; url: string; event_types: string; is_active: number; created_at: number; updated_at: number }
interface ExportRow { id: string; user_id: string; schema: string; filters: string; status: MemoryExport['status']; result: string | null; created_at: number }

const toFeedback = (r: FeedbackRow): FeedbackEntry => ({
  id: r.id, memoryId: r.memory_id, userId: r.user_id, feedback: r.feedback, reason: r.reason, createdAt: toIso(r.created_at),
});
const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id, projectId: r.project_id, name: r.name, url: r.url, eventTypes: JSON.parse(r.event_types) as WebhookEvent[],
  isActive: r.is_active === 1, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
});
const toExport = (r: ExportRow): MemoryExport => ({
  id: r.id, userId: r.user_id, schema: JSON.parse(r.schema), filters: JSON.parse(r.filters) as Record<string, unknown>,
  status: r.status, result: r.result === null ? null : JSON.parse(r.result), createdAt: toIso(r.created_at),
});

/** Platform tables of one SQLite database. Constructed by `SqliteStore`. */
export class SqlitePlatformStore implements PlatformStore {
  constructor(private readonly db: Database.Database) {}

  /**
   * Runs `fn` in a `BEGIN IMMEDIATE` transaction. Synchronous: it waits only the
   * connection's `busy_timeout` (short in a server), then fails with `UNAVAILABLE` +
   * `retryAfterSeconds` (503 with Retry-After over HTTP; see sqlite-lock.ts), never an
   * opaque internal error.
   */
  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      if (isBusy(error)) throw lockedError(error);
      throw error;
    }
  }

  async memoryOwner(id: string): Promise<string | null> {
    const row = this.db.prepare('SELECT user_id FROM memories WHERE id = ?').get(id) as { user_id: string } | undefined;
    return row?.user_id ?? null;
  }

  async userIds(): Promise<string[]> {
    return (this.db.prepare(`SELECT DISTINCT user_id FROM memories WHERE state <> 'deleted' ORDER BY user_id`).all() as Array<{ user_id: string }>)
      .map((r) => r.user_id);
  }

  async setMemoryTimes(id: string, userId: string, times: { createdAt?: number; expiresAt?: number | null }, at: number): Promise<boolean> {
    return this.write(() => {
      const sets: string[] = ['updated_at = ?'];
      const params: unknown[] = [at];
      if (times.createdAt !== undefined) { sets.push('created_at = ?'); params.push(times.createdAt); }
      if (times.expiresAt !== undefined) { sets.push('expires_at = ?'); params.push(times.expiresAt); }
      return this.db.prepare(`UPDATE memories SET ${sets.join(', ')} WHERE id = ? AND user_id = ? AND state <> 'deleted'`)
        .run(...params, id, userId).changes > 0;
    });
  }

  async addFeedback(e: { id: string; memoryId: string; userId: string; feedback: FeedbackValue | null; reason: string | null; at: number }): Promise<FeedbackEntry> {
    this.write(() => this.db.prepare(`INSERT INTO memory_feedback(id, memory_id, user_id, feedback, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(e.id, e.memoryId, e.userId, e.feedback, e.reason, e.at));
    return { id: e.id, memoryId: e.memoryId, userId: e.userId, feedback: e.feedback, reason: e.reason, createdAt: toIso(e.at) };
  }

  async listFeedback(memoryId: string, userId: string): Promise<FeedbackEntry[]> {
    return (this.db.prepare('SELECT * FROM memory_feedback WHERE memory_id = ? AND user_id = ? ORDER BY seq').all(memoryId, userId) as FeedbackRow[])
      .map(toFeedback);
  }

  async getSettings(): Promise<Record<string, unknown>> {
    const rows = this.db.prepare('SELECT key, value FROM project_settings').all() as Array<{ key: string; value: string }>;
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }

  async putSettings(values: Record<string, unknown>, at: number): Promise<void> {
    const stmt = this.db.prepare(`INSERT INTO project_settings(key, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
    this.write(() => {
      for (const [key, value] of Object.entries(values)) stmt.run(key, JSON.stringify(value ?? null), at);
    });
  }

  async createWebhook(w: { projectId: string; name: string; url: string; eventTypes: WebhookEvent[]; at: number }): Promise<Webhook> {
    const info = this.write(() => this.db.prepare(`INSERT INTO webhooks(project_id, name, url, event_types, is_active, created_at, updated_at)
      VALUES (?, ?, ?, ?, 1, ?, ?)`).run(w.projectId, w.name, w.url, JSON.stringify(w.eventTypes), w.at, w.at));
    return (await this.getWebhook(Number(info.lastInsertRowid)))!;
  }

  async listWebhooks(projectId?: string): Promise<Webhook[]> {
    const rows = projectId === undefined
      ? this.db.prepare('SELECT * FROM webhooks ORDER BY id').all()
      : this.db.prepare('SELECT * FROM webhooks WHERE project_id = ? ORDER BY id').all(projectId);
    return (rows as WebhookRow[]).map(toWebhook);
  }

  async getWebhook(id: number): Promise<Webhook | null> {
    const row = this.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as WebhookRow | undefined;
    return row ? toWebhook(row) : null;
  }

  async updateWebhook(id: number, patch: { name?: string; url?: string; eventTypes?: WebhookEvent[]; isActive?: boolean }, at: number): Promise<Webhook | null> {
    const sets: string[] = ['updated_at = ?'];
    const params: unknown[] = [at];
    if (patch.name !== undefined) { sets.push('name = ?'); params.push(patch.name); }
    if (patch.url !== undefined) { sets.push('url = ?'); params.push(patch.url); }
    if (patch.eventTypes !== undefined) { sets.push('event_types = ?'); params.push(JSON.stringify(patch.eventTypes)); }
    if (patch.isActive !== undefined) { sets.push('is_active = ?'); params.push(patch.isActive ? 1 : 0); }
    const changed = this.write(() => this.db.prepare(`UPDATE webhooks SET ${sets.join(', ')} WHERE id = ?`).run(...params, id).changes);
    return changed > 0 ? this.getWebhook(id) : null;
  }

  async deleteWebhook(id: number): Promise<boolean> {
    return this.write(() => this.db.prepare('DELETE FROM webhooks WHERE id = ?').run(id).changes > 0);
  }

  async createExport(e: Omit<MemoryExport, 'createdAt'> & { at: number }): Promise<MemoryExport> {
    this.write(() => this.db.prepare(`INSERT INTO memory_exports(id, user_id, schema, filters, status, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(e.id, e.userId, JSON.stringify(e.schema), JSON.stringify(e.filters), e.status, JSON.stringify(e.result ?? null), e.at));
    return { id: e.id, userId: e.userId, schema: e.schema, filters: e.filters, status: e.status, result: e.result, createdAt: toIso(e.at) };
  }

  async getExport(userId: string, id?: string): Promise<MemoryExport | null> {
    const row = (id === undefined
      ? this.db.prepare('SELECT * FROM memory_exports WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(userId)
      : this.db.prepare('SELECT * FROM memory_exports WHERE user_id = ? AND id = ?').get(userId, id)) as ExportRow | undefined;
    return row ? toExport(row) : null;
  }
}
