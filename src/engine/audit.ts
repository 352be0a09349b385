/**
 * The audit trail of the engine: a memory's content history, status history and access
 * log (checked against the caller's view, deleted memories included), and a user's
 * activity feed. None of these reads is itself logged.
 *
 * Failure contract: `MnemoError` — `INVALID_INPUT` for bad ids/options, `NOT_FOUND` when
 * the memory has no trail for this user or is outside the caller's view.
 */
import type { AccessLogEntry, ActivityEntry, HistoryEntry, StatusChange } from '../core/memory.js';
import type { MemoryStore } from '../storage/store.js';
import { type EngineContext, notFound } from './engine-context.js';
import { ActivityOptionsSchema, ByIdOptionsSchema, MemoryIdSchema, parseInput } from './inputs.js';
import type { ByIdOptions } from './memory-options.js';

/** Access-log rows per page when the caller names no limit. */
const ACCESS_LOG_PAGE = 50;

/** Rows of one memory's history table, checked against the caller's view; NOT_FOUND when none. */
async function trail<T>(ctx: EngineContext, id: string, options: ByIdOptions, read: (store: MemoryStore, id: string, userId: string) => Promise<T[]>): Promise<T[]> {
  const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
  const { opts, r } = await ctx.begin(ByIdOptionsSchema, options, 'options');
  await ctx.assertReadable(r, memoryId, opts.userId, opts.caller);
  const rows = await read(r.store, memoryId, opts.userId);
  if (rows.length === 0) throw notFound(memoryId);
  return rows;
}

/** See `Memory.history`. */
export function history(ctx: EngineContext, id: string, options: ByIdOptions): Promise<HistoryEntry[]> {
  return trail(ctx, id, options, (store, memoryId, userId) => store.history(memoryId, userId));
}

/** See `Memory.statusHistory`. */
export function statusHistory(ctx: EngineContext, id: string, options: ByIdOptions): Promise<StatusChange[]> {
  return trail(ctx, id, options, (store, memoryId, userId) => store.statusHistory(memoryId, userId));
}

/** See `Memory.accessLog`. */
export async function accessLog(ctx: EngineContext, id: string, options: ByIdOptions & { limit?: number; offset?: number }): Promise<{ rows: AccessLogEntry[]; total: number }> {
  const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
  const { opts, r } = await ctx.begin(ByIdOptionsSchema, options, 'options');
  await ctx.assertReadable(r, memoryId, opts.userId, opts.caller);
  return r.store.accessLog(memoryId, opts.userId, { limit: options.limit ?? ACCESS_LOG_PAGE, offset: options.offset ?? 0 });
}

/** See `Memory.activity`. */
export async function activity(ctx: EngineContext, options: { userId: string; app?: string | undefined; limit?: number; offset?: number }): Promise<{ rows: ActivityEntry[]; total: number }> {
  const { opts, r } = await ctx.begin(ActivityOptionsSchema, options, 'activity options');
  return r.store.activity(opts.userId, { app: opts.app, limit: opts.limit, offset: opts.offset });
}
