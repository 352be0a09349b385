/**
 * Export and import of one user's memories (the dashboard's Settings → export/import,
 * `GET /api/v1/export` and `POST /api/v1/import`).
 *
 * Export reads a snapshot of the user's non-deleted memory ids first, then the records in
 * pages, so a large export streams and a concurrent write cannot shift a page.
 *
 * Import keeps each memory's text, state (active/paused/archived), times, writer app,
 * categories, metadata, agent and run; ids are new (an id is global, and the file may come
 * from another database or user). Texts are re-embedded with this engine's embedder.
 *
 * Failure contract: every record is validated before anything is written, and all new
 * memories are written by one `insertMemories` call (one transaction), so bad input →
 * `MnemoError('INVALID_INPUT')` naming the record and nothing is stored. A memory whose
 * normalised text hash is already stored in the same user/agent/run scope (or appears
 * earlier in the same file) is skipped, not an error.
 */
import { z } from 'zod';
import { parseTime } from '../core/clock.js';
import type { HistoryEntry, MemoryRecord, StatusChange } from '../core/memory.js';
import type { Vector } from '../embedding/embedder.js';
import type { MemoryStore, NewMemory } from '../storage/store.js';
import type { Categorizer } from './categorizer.js';
import { contentHash } from './content-hash.js';
import { MemoryTextSchema, MetadataInputSchema } from './inputs.js';
import { MAX_CATEGORIES, MAX_CATEGORY_CHARS, MAX_ID_CHARS } from '../core/limits.js';

/** Most memories one import takes: 50k typical memories fit the import body limit, and one transaction stays under a few seconds. */
export const MAX_IMPORT_MEMORIES = 50_000;
/** Texts embedded per call during import (the reindex batch: one forward pass of the local model). */
const EMBED_BATCH = 64;
/** Records read per page during export. */
const EXPORT_PAGE = 500;

const name = z.string().trim().min(1).max(MAX_ID_CHARS);
const time = z.union([z.string(), z.number()]);

/** One memory to import (engine shape; times as ISO strings or Unix seconds / epoch ms). */
export const ImportMemorySchema = z.object({
  content: MemoryTextSchema,
  state: z.enum(['active', 'paused', 'archived']).default('active'),
  createdAt: time.optional(),
  updatedAt: time.optional(),
  /** When the memory expires (mem0's `expiration_date`); absent/null = never. */
  expiresAt: time.nullable().optional(),
  app: name.nullable().optional(),
  categories: z.array(z.string().min(1).max(MAX_CATEGORY_CHARS)).max(MAX_CATEGORIES).optional(),
  metadata: MetadataInputSchema.optional(),
  agentId: name.nullable().optional(),
  runId: name.nullable().optional(),
  /** The memory's id in the file: kept when no row of this database has it (ids are global), else a new one. */
  id: z.string().min(1).max(128).optional(),
  /** Its edit history, oldest first (replaces the synthesized ADD row): an exact round trip. */
  history: z.array(z.object({
    id: z.string().min(1).max(128),
    event: z.enum(['ADD', 'UPDATE', 'DELETE']),
    oldMemory: z.string().nullable(),
    newMemory: z.string().nullable(),
    app: z.string().nullable(),
    createdAt: time,
  })).optional(),
  /** Its state changes, oldest first (replaces the synthesized first row). */
  statusHistory: z.array(z.object({
    oldState: z.enum(['active', 'paused', 'archived', 'deleted']).nullable(),
    newState: z.enum(['active', 'paused', 'archived', 'deleted']),
    changedBy: z.string().nullable(),
    createdAt: time,
  })).optional(),
});
/** @see ImportMemorySchema */
export type ImportMemory = z.input<typeof ImportMemorySchema>;

/** The memories of one import. */
export const ImportBatchSchema = z.array(ImportMemorySchema).max(MAX_IMPORT_MEMORIES, `at most ${MAX_IMPORT_MEMORIES} memories per import`);

/** What an import did. */
export interface ImportResult {
  /** Memories stored. */
  imported: number;
  /** Memories skipped because the same text is already stored in their scope. */
  skipped: number;
  /** Set when vectors could not be made (memories are then found by keywords only). */
  notice?: string;
  /** Indexes (into the records given) of the skipped ones, in order. */
  skippedIndexes?: number[];
  /** True when nothing was written (`dryRun`): `imported` is what would have been stored. */
  dryRun?: boolean;
}

/** What {@link importMemories} needs from the engine. */
export interface ImportContext {
  store: MemoryStore;
  /** Embeds texts (vectors may be `null` when the vector side is off, with a `notice`). */
  embed(texts: string[]): Promise<{ vectors: Array<Vector | null>; notice?: string }>;
  categorizer: Categorizer | null;
  /** Now, epoch ms (for records without times). */
  now: number;
}

/**
 * Imports validated records for `userId`. Times are parsed up front (a bad time fails
 * the whole import before any write). `onProgress(done, total)` is called after each
 * embedding batch with the memories embedded so far and the memories to write.
 * @throws MnemoError INVALID_INPUT for a bad time.
 */
export async function importMemories(
  ctx: ImportContext, userId: string, records: Array<z.output<typeof ImportMemorySchema>>,
  options: { dryRun?: boolean; onProgress?: ((done: number, total: number) => void) | undefined } = {},
): Promise<ImportResult> {
  const planned: Array<{ index: number; memory: NewMemory; hasCategories: boolean }> = [];
  const seen = new Set<string>();
  const skippedIndexes: number[] = [];
  let skipped = 0;
  const fileIds = records.flatMap((r) => (r.id === undefined ? [] : [r.id]));
  const takenIds = fileIds.length > 0 ? await ctx.store.existingIds(fileIds) : new Set<string>();
  for (const [i, rec] of records.entries()) {
    const createdAt = rec.createdAt === undefined ? ctx.now : parseTime(rec.createdAt, `memories[${i}].created_at`);
    const updatedAt = rec.updatedAt === undefined ? createdAt : parseTime(rec.updatedAt, `memories[${i}].updated_at`);
    const expiresAt = rec.expiresAt === undefined || rec.expiresAt === null ? null : parseTime(rec.expiresAt, `memories[${i}].expires_at`);
    const hash = contentHash(rec.content);
    const agentId = rec.agentId ?? null;
    const runId = rec.runId ?? null;
    const key = JSON.stringify([hash, agentId, runId]);
    if (seen.has(key) || (await ctx.store.findByHash(userId, agentId, runId, hash))) {
      skipped += 1;
      skippedIndexes.push(i);
      continue;
    }
    seen.add(key);
    const id = rec.id !== undefined && !takenIds.has(rec.id) ? rec.id : crypto.randomUUID();
    if (rec.id !== undefined) takenIds.add(rec.id);
    planned.push({
      index: i,
      hasCategories: rec.categories !== undefined,
      memory: {
        id, content: rec.content, hash, userId, agentId, runId, app: rec.app ?? null,
        metadata: rec.metadata ?? {}, categories: rec.categories ?? [], createdAt, updatedAt: Math.max(updatedAt, createdAt), state: rec.state, expiresAt,
        history: rec.history?.map((h, j) => ({
          id: h.id, event: h.event, oldMemory: h.oldMemory, newMemory: h.newMemory, app: h.app, at: parseTime(h.createdAt, `memories[${i}].history[${j}].created_at`),
        })),
        statusHistory: rec.statusHistory?.map((c, j) => ({
          oldState: c.oldState, newState: c.newState, changedBy: c.changedBy, at: parseTime(c.createdAt, `memories[${i}].status_history[${j}].created_at`),
        })),
      },
    });
  }
  if (options.dryRun) return { imported: planned.length, skipped, skippedIndexes, dryRun: true };
  if (planned.length === 0) return { imported: 0, skipped, skippedIndexes };

  const uncategorised = planned.filter((p) => !p.hasCategories);
  if (ctx.categorizer && uncategorised.length > 0) {
    const categories = await ctx.categorizer.categorize(uncategorised.map((p) => p.memory.content));
    uncategorised.forEach((p, i) => { p.memory.categories = categories[i] ?? []; });
  }
  const vectors: Array<Vector | null> = [];
  let notice: string | undefined;
  for (let i = 0; i < planned.length; i += EMBED_BATCH) {
    const batch = await ctx.embed(planned.slice(i, i + EMBED_BATCH).map((p) => p.memory.content));
    vectors.push(...batch.vectors);
    notice ??= batch.notice;
    options.onProgress?.(vectors.length, planned.length);
  }
  const outcomes = await ctx.store.insertMemories(planned.map((p, i) => ({ memory: p.memory, vector: vectors[i] ?? null })));
  // Rows another writer stored meanwhile (same scope and text) count as skipped.
  const raced = outcomes.filter((o) => !o.inserted).length;
  // Writers become apps of the user (listed, pausable), as migration 2 did for old rows.
  for (const app of new Set(planned.flatMap((p) => (p.memory.app === null ? [] : [p.memory.app])))) {
    await ctx.store.governance.touchApp(userId, app, 'write', ctx.now);
  }
  const imported = planned.length - raced;
  skipped += raced;
  outcomes.forEach((o, i) => { if (!o.inserted) skippedIndexes.push(planned[i]!.index); });
  skippedIndexes.sort((a, b) => a - b);
  return notice === undefined ? { imported, skipped, skippedIndexes } : { imported, skipped, notice, skippedIndexes };
}

/** Every non-deleted memory of `userId`, oldest first, read in pages (not logged as reads). */
export async function* exportMemories(store: MemoryStore, userId: string): AsyncGenerator<MemoryRecord> {
  const filter = { userId, states: ['active', 'paused', 'archived'] as const };
  const ids = await store.listIds({ ...filter, states: [...filter.states] });
  for (let i = 0; i < ids.length; i += EXPORT_PAGE) {
    yield* await store.getMemories(ids.slice(i, i + EXPORT_PAGE), { ...filter, states: [...filter.states] });
  }
}

/** A memory with its edit and state history, as a full export carries it. */
export interface ExportedMemory {
  record: MemoryRecord;
  /** ADD/UPDATE/DELETE rows, oldest first. */
  history: HistoryEntry[];
  /** State changes, oldest first. */
  statusHistory: StatusChange[];
}

/** Every non-deleted memory of `userId` with its history, oldest first (not logged as reads). */
export async function* exportMemoriesWithHistory(store: MemoryStore, userId: string): AsyncGenerator<ExportedMemory> {
  for await (const record of exportMemories(store, userId)) {
    yield { record, history: await store.history(record.id, userId), statusHistory: await store.statusHistory(record.id, userId) };
  }
}
