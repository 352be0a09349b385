/**
 * Administration of the engine: export/import of one user's memories, what the engine
 * runs on (`info`), per-user aggregates for the dashboard, store statistics, and
 * re-embedding into a fresh vector space.
 *
 * Failure contract: `MnemoError` — `INVALID_INPUT` for bad options or import records
 * (nothing stored then), `UNAVAILABLE` for `reindex` when embeddings or vector search are off.
 */
import type { UserStats } from '../core/governance.js';
import type { MemoryRecord } from '../core/memory.js';
import type { StoreStats } from '../storage/store.js';
import type { EngineContext } from './engine-context.js';
import { parseInput, UserIdSchema } from './inputs.js';
import { reindexStore } from './reindex.js';
import { exportMemories, exportMemoriesWithHistory, type ExportedMemory, ImportBatchSchema, type ImportMemory, importMemories, type ImportResult } from './transfer.js';

/** What the engine runs on, for people (never a path, URL or key). */
export interface EngineInfo {
  storage: { kind: string; schemaVersion: number; vectorSearch: boolean };
  embedder: { id: string; dimensions: number; ok: boolean } | null;
  categorizer: string | null;
}

/** See `Memory.exportAll`. */
export async function* exportAll(ctx: EngineContext, options: { userId: string }): AsyncGenerator<MemoryRecord> {
  const userId = parseInput(UserIdSchema, options.userId, 'userId');
  const r = await ctx.init();
  yield* exportMemories(r.store, userId);
}

/** See `Memory.importAll`. */
export async function importAll(ctx: EngineContext, records: ImportMemory[], options: { userId: string; dryRun?: boolean; onProgress?: ((done: number, total: number) => void) | undefined }): Promise<ImportResult> {
  const userId = parseInput(UserIdSchema, options.userId, 'userId');
  const valid = parseInput(ImportBatchSchema, records, 'memories');
  const r = await ctx.init();
  return importMemories({ store: r.store, embed: (texts) => ctx.embedAll(r, texts), categorizer: ctx.categorizer, now: ctx.now() }, userId, valid, { dryRun: options.dryRun === true, onProgress: options.onProgress });
}

/** See `Memory.exportWithHistory`. */
export async function* exportWithHistory(ctx: EngineContext, options: { userId: string }): AsyncGenerator<ExportedMemory> {
  const userId = parseInput(UserIdSchema, options.userId, 'userId');
  const r = await ctx.init();
  yield* exportMemoriesWithHistory(r.store, userId);
}

/** See `Memory.info`. */
export async function info(ctx: EngineContext): Promise<EngineInfo> {
  const r = await ctx.init();
  const status = await r.vectors.check();
  return {
    storage: { kind: r.store.kind, schemaVersion: r.store.schemaVersion, vectorSearch: r.store.capabilities.vectorSearch },
    embedder: r.embedder ? { id: r.embedder.id, dimensions: r.embedder.dimensions, ok: status.usable } : null,
    categorizer: ctx.categorizer?.id ?? null,
  };
}

/** See `Memory.categories`. */
export async function categories(ctx: EngineContext, options: { userId: string }): Promise<Array<{ name: string; count: number }>> {
  const userId = parseInput(UserIdSchema, options.userId, 'userId');
  const r = await ctx.init();
  return r.store.governance.categories(userId);
}

/** See `Memory.userStats`. */
export async function userStats(ctx: EngineContext, options: { userId: string }): Promise<UserStats> {
  const userId = parseInput(UserIdSchema, options.userId, 'userId');
  const r = await ctx.init();
  return r.store.governance.userStats(userId);
}

/** See `Memory.reindex`. */
export async function reindex(ctx: EngineContext, options: { onProgress?: (done: number, total: number) => void }): Promise<{ reindexed: number; ms: number }> {
  const r = await ctx.init();
  const started = Date.now();
  const done = await reindexStore(r.store, r.embedder, options.onProgress);
  r.vectors.invalidate();
  return { reindexed: done, ms: Date.now() - started };
}

/** See `Memory.stats`. */
export async function stats(ctx: EngineContext, options: { userId?: string }): Promise<StoreStats & { embedder: string | null; vectorNotice: string | null }> {
  const r = await ctx.init();
  const status = await r.vectors.check();
  return {
    ...(await r.store.stats(options.userId)),
    embedder: r.embedder?.id ?? null,
    vectorNotice: status.usable ? null : status.reason,
  };
}
