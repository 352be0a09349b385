/**
 * PostgreSQL implementation of {@link PlatformStore}: memory owners and times, feedback,
 * project settings, webhooks and export jobs, on the pool of the `PostgresStore` that
 * owns it. Single-statement writes are atomic on their own; multi-row ones are one
 * transaction.
 */
import { toIso } from '../../core/clock.js';
import type { FeedbackEntry, FeedbackValue, MemoryExport, Webhook, WebhookEvent } from '../../core/platform.js';
import type { PlatformStore } from '../platform-store.js';
import type { PgDb } from './postgres-db.js';

interface FeedbackRow { id: string; memory_id: string; user_id: string; feedback: FeedbackValue | null; reason: string | null; created_at: number }
interface WebhookRow { id: number; project_id: string; name: string; url: string; event_types: string; is_active: boolean; created_at: number; updated_at: number }
interface ExportRow { id: string; user_id: string; schema: string; filters: string; status: MemoryExport['status']; result: string | null; created_at: number }

const toFeedback = (r: FeedbackRow): FeedbackEntry => ({
  id: r.id, memoryId: r.memory_id, userId: r.user_id, feedback: r.feedback, reason: r.reason, createdAt: toIso(r.created_at),
});
const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id, projectId: r.project_id, name: r.name, url: r.url, eventTypes: JSON.parse(r.event_types) as WebhookEvent[],
  isActive: r.is_active, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
});
const toExport = (r: ExportRow): MemoryExport => ({
  id: r.id, userId: r.user_id, schema: JSON.parse(r.schema), filters: JSON.parse(r.filters) as Record<string, unknown>,
  status: r.status, result: r.result === null ? null : JSON.parse(r.result), createdAt: toIso(r.created_at),
});

/** Platform tables of one PostgreSQL database. Constructed by `PostgresStore`. */
export class PostgresPlatformStore implements PlatformStore {
  constructor(private readonly db: PgDb) {}

  async memoryOwner(id: string): Promise<string | null> {
    return (await this.db.get<{ user_id: string }>('SELECT user_id FROM memories WHERE id = ?', [id]))?.user_id ?? null;
  }

  async userIds(): Promise<string[]> {
    return (await this.db.all<{ user_id: string }>(`SELECT DISTINCT user_id FROM memories WHERE state <> 'deleted' ORDER BY user_id`)).map((r) => r.user_id);
  }

  async setMemoryTimes(id: string, userId: string, times: { createdAt?: number; expiresAt?: number | null }, at: number): Promise<boolean> {
    const sets: string[] = ['updated_at = ?'];
    const params: unknown[] = [at];
    if (times.createdAt !== undefined) { sets.push('created_at = ?'); params.push(times.createdAt); }
    if (times.expiresAt !== undefined) { sets.push('expires_at = ?'); params.push(times.expiresAt); }
    return (await this.db.run(`UPDATE memories SET ${sets.join(', ')} WHERE id = ? AND user_id = ? AND state <> 'deleted'`, [...params, id, userId])) > 0;
  }

  async addFeedback(e: { id: string; memoryId: string; userId: string; feedback: FeedbackValue | null; reason: string | null; at: number }): Promise<FeedbackEntry> {
    await this.db.run('INSERT INTO memory_feedback(id, memory_id, user_id, feedback, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [e.id, e.memoryId, e.userId, e.feedback, e.reason, e.at]);
    return { id: e.id, memoryId: e.memoryId, userId: e.userId, feedback: e.feedback, reason: e.reason, createdAt: toIso(e.at) };
  }

  async listFeedback(memoryId: string, userId: string): Promise<FeedbackEntry[]> {
    return (await this.db.all<FeedbackRow>('SELECT * FROM memory_feedback WHERE memory_id = ? AND user_id = ? ORDER BY seq', [memoryId, userId])).map(toFeedback);
  }

  async getSettings(): Promise<Record<string, unknown>> {
    const rows = await this.db.all<{ key: string; value: string }>('SELECT key, value FROM project_settings');
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }

  async putSettings(values: Record<string, unknown>, at: number): Promise<void> {
    await this.db.tx(async (t) => {
      for (const [key, value] of Object.entries(values)) {
        await t.run(`INSERT INTO project_settings(key, value, updated_at) VALUES (?, ?, ?)
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, [key, JSON.stringify(value ?? null), at]);
      }
    });
  }

  async createWebhook(w: { projectId: string; name: string; url: string; eventTypes: WebhookEvent[]; at: number }): Promise<Webhook> {
    const row = await this.db.get<WebhookRow>(`INSERT INTO webhooks(project_id, name, url, event_types, is_active, created_at, updated_at)
      VALUES (?, ?, ?, ?, TRUE, ?, ?) RETURNING *`, [w.projectId, w.name, w.url, JSON.stringify(w.eventTypes), w.at, w.at]);
    return toWebhook(row!);
  }

  async listWebhooks(projectId?: string): Promise<Webhook[]> {
    const rows = projectId === undefined
      ? await this.db.all<WebhookRow>('SELECT * FROM webhooks ORDER BY id')
      : await this.db.all<WebhookRow>('SELECT * FROM webhooks WHERE project_id = ? ORDER BY id', [projectId]);
    return rows.map(toWebhook);
  }

  async getWebhook(id: number): Promise<Webhook | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.db.get<WebhookRow>('SELECT * FROM webhooks WHERE id = ?', [id]);
    return row ? toWebhook(row) : null;
  }

  async updateWebhook(id: number, patch: { name?: string; url?: string; eventTypes?: WebhookEvent[]; isActive?: boolean }, at: number): Promise<Webhook | null> {
    if (!Number.isSafeInteger(id)) return null;
    const sets: string[] = ['updated_at = ?'];
    const params: unknown[] = [at];
    if (patch.name !== undefined) { sets.push('name = ?'); params.push(patch.name); }
    if (patch.url !== undefined) { sets.push('url = ?'); params.push(patch.url); }
    if (patch.eventTypes !== undefined) { sets.push('event_types = ?'); params.push(JSON.stringify(patch.eventTypes)); }
    if (patch.isActive !== undefined) { sets.push('is_active = ?'); params.push(patch.isActive); }
    const row = await this.db.get<WebhookRow>(`UPDATE webhooks SET ${sets.join(', ')} WHERE id = ? RETURNING *`, [...params, id]);
    return row ? toWebhook(row) : null;
  }

  async deleteWebhook(id: number): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    return (await this.db.run('DELETE FROM webhooks WHERE id = ?', [id])) > 0;
  }

  async createExport(e: Omit<MemoryExport, 'createdAt'> & { at: number }): Promise<MemoryExport> {
    await this.db.run('INSERT INTO memory_exports(id, user_id, schema, filters, status, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [e.id, e.userId, JSON.stringify(e.schema), JSON.stringify(e.filters), e.status, JSON.stringify(e.result ?? null), e.at]);
    return { id: e.id, userId: e.userId, schema: e.schema, filters: e.filters, status: e.status, result: e.result, createdAt: toIso(e.at) };
  }

  async getExport(userId: string, id?: string): Promise<MemoryExport | null> {
    const row = id === undefined
      ? await this.db.get<ExportRow>('SELECT * FROM memory_exports WHERE user_id = ? ORDER BY created_at DESC, seq DESC LIMIT 1', [userId])
      : await this.db.get<ExportRow>('SELECT * FROM memory_exports WHERE user_id = ? AND id = ?', [userId, id]);
    return row ? toExport(row) : null;
  }
}
