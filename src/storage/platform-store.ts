/**
 * The storage contract of mem0's platform features (issue 16): who owns a memory id,
 * which users hold memories, memory times (re-dating, expiry), feedback, project
 * settings, webhooks and export jobs. Part of every {@link MemoryStore}
 * (`store.platform`), on the same database.
 *
 * Failure contract as in store.ts: absent rows are `null`/empty/`false`, never errors;
 * storage faults reject with `MnemoError('INTERNAL')`. Times in are epoch ms.
 */
import type { FeedbackEntry, FeedbackValue, MemoryExport, Webhook, WebhookEvent } from '../core/platform.js';

/** The platform half of a store. */
export interface PlatformStore {
  /** The user owning memory `id` (any state, deleted included), or `null`. */
  memoryOwner(id: string): Promise<string | null>;
  /** Users that hold at least one non-deleted memory, sorted. */
  userIds(): Promise<string[]>;
  /**
   * Re-dates a non-deleted memory of `userId`: `createdAt` (mem0's update `timestamp`)
   * and/or `expiresAt` (`null` = never expires); `at` becomes its `updatedAt`.
   * @returns whether the memory exists.
   */
  setMemoryTimes(id: string, userId: string, times: { createdAt?: number; expiresAt?: number | null }, at: number): Promise<boolean>;

  /** Stores one feedback on a memory of `userId` (the caller checked the memory exists). */
  addFeedback(entry: { id: string; memoryId: string; userId: string; feedback: FeedbackValue | null; reason: string | null; at: number }): Promise<FeedbackEntry>;
  /** Feedback on one memory of `userId`, oldest first. */
  listFeedback(memoryId: string, userId: string): Promise<FeedbackEntry[]>;

  /** Every project setting as parsed JSON, by key. */
  getSettings(): Promise<Record<string, unknown>>;
  /** Upserts settings (`null` values are stored as JSON null), one transaction. */
  putSettings(values: Record<string, unknown>, at: number): Promise<void>;

  /** Stores a webhook. */
  createWebhook(w: { projectId: string; name: string; url: string; eventTypes: WebhookEvent[]; at: number }): Promise<Webhook>;
  /** Webhooks, oldest first; one project's when given. */
  listWebhooks(projectId?: string): Promise<Webhook[]>;
  /** One webhook or `null`. */
  getWebhook(id: number): Promise<Webhook | null>;
  /** Changes a webhook. @returns it, or `null` when absent. */
  updateWebhook(id: number, patch: { name?: string; url?: string; eventTypes?: WebhookEvent[]; isActive?: boolean }, at: number): Promise<Webhook | null>;
  /** Deletes a webhook. @returns whether it existed. */
  deleteWebhook(id: number): Promise<boolean>;

  /** Stores a finished export job. */
  createExport(e: Omit<MemoryExport, 'createdAt'> & { at: number }): Promise<MemoryExport>;
  /** One export of `userId` by id, or its newest when `id` is undefined; `null` when none. */
  getExport(userId: string, id?: string): Promise<MemoryExport | null>;
}
