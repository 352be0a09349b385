/**
 * The Memory engine, mnemo's public SDK: remember and recall text for a user, agent or
 * run, on one SQLite file, with local embeddings and hybrid (BM25 + vector) search.
 *
 * This class is a facade: each method is one line delegating to a module by concern —
 * write-path.ts (add with near-duplicate detection, update), search-path.ts, read-path.ts
 * (get, list, entities, related), lifecycle.ts (delete and state changes), audit.ts
 * (history, status, access log, activity), administration.ts (transfer, info, stats,
 * reindex). engine-context.ts holds the shared prologue (parse, open, reader scope) and
 * compose.ts picks the concrete store and embedder (loaded lazily).
 *
 * Nothing happens at construction: the store opens and the embedder is created on the
 * first call, so `new Memory()` is free and never throws for I/O reasons.
 *
 * Failure contract: methods reject with `MnemoError` — `INVALID_INPUT` for bad
 * arguments (nothing is written), `NOT_FOUND` for an id absent from the caller's scope,
 * `UNAVAILABLE` when storage cannot open, and (with `strict: true`) when vector search
 * is unavailable instead of degrading to keywords with a `notice`.
 */
import { type Principal, ScopedMemory } from './principal.js';
import type { UserStats } from '../core/governance.js';
import type { AccessLogEntry, ActivityEntry, EntitySummary, HistoryEntry, MemoryRecord, MemoryState, Metadata, StatusChange } from '../core/memory.js';
import type { StoreStats } from '../storage/store.js';
import { AccessRules } from './access-rules.js';
import * as admin from './administration.js';
import type { EngineInfo } from './administration.js';
import { ApiKeys } from './api-keys.js';
import type { MemoryEvents } from './events.js';
import { Exports } from './exports.js';
import { Feedback } from './feedback.js';
import { Project } from './project.js';
import { Webhooks } from './webhooks.js';
import { Apps } from './apps.js';
import * as audit from './audit.js';
import { EngineContext } from './engine-context.js';
import { ModelWarmUp } from './model-warm-up.js';
import * as lifecycle from './lifecycle.js';
import type { AddInput, AddOptions, ByIdOptions, ListOptions, MemoryOptions, ScopeOptions, SearchOptions } from './memory-options.js';
import * as read from './read-path.js';
import { search } from './search-path.js';
import type { AddResult, ListResult, RelatedResult, SearchResult } from './search-types.js';
import type { ExportedMemory, ImportMemory, ImportResult } from './transfer.js';
import * as write from './write-path.js';
import { KnowledgeGraph } from './graph/graph.js';
import { Insights } from './reflection.js';
import { inferAdd } from './infer.js';
import { type AsOf, listAsOf, searchAsOf } from './as-of.js';

export type { AddInput, AddOptions, ByIdOptions, ListOptions, MemoryOptions, MemoryPredicate, ScopeOptions, SearchOptions } from './memory-options.js';
export type { EngineInfo } from './administration.js';

/**
 * A memory store for AI agents.
 * @example
 * const memory = new Memory({ path: ':memory:' });
 * await memory.add('I prefer green tea', { userId: 'alice' });
 * const { results } = await memory.search('what does alice drink?', { userId: 'alice' });
 * await memory.close();
 */
export class Memory {
  /** The engine state (protected so a subclass such as read-pool/pooled-memory.ts can reach the embedder). */
  protected readonly ctx: EngineContext;
  /** The apps of each user: list, pause/resume, what they read. */
  readonly apps: Apps;
  /** Access rules between apps and memories. */
  readonly rules: AccessRules;
  /** API keys of the HTTP server. */
  readonly keys: ApiKeys;
  /** Memory events (add/update/delete) for listeners such as webhooks (events.ts). */
  readonly events: MemoryEvents;
  /** mem0's project: settings, memory owners and users, memory times (project.ts). */
  readonly project: Project;
  /** Feedback on memories (feedback.ts). */
  readonly feedback: Feedback;
  /** mem0's two-step export jobs and LLM-free summaries (exports.ts). */
  readonly exports: Exports;
  /** Stored webhooks (webhooks.ts; delivered by a `WebhookDispatcher`). */
  readonly webhooks: Webhooks;
  /** The knowledge graph: entities, bi-temporal facts and relations (engine/graph/). */
  readonly graph: KnowledgeGraph;
  /** Reflection and session context (`reflect`, `startSession`, `endSession`; reflection.ts). */
  readonly insights: Insights;
  /** The background load of the embedding model started by {@link warmUp} (model-warm-up.ts). */
  readonly model = new ModelWarmUp();

  constructor(options: MemoryOptions = {}) {
    this.ctx = new EngineContext(options);
    const governance = { store: async () => (await this.ctx.init()).store, clock: this.ctx.clock };
    this.apps = new Apps(governance);
    this.rules = new AccessRules(governance);
    this.keys = new ApiKeys(governance);
    this.events = this.ctx.events;
    this.project = new Project(governance);
    this.feedback = new Feedback(governance);
    this.exports = new Exports({ ...governance, list: (o) => this.getAll(o) });
    this.webhooks = new Webhooks(governance);
    this.graph = new KnowledgeGraph({ ...governance, app: options.app ?? null, embed: async (texts) => this.ctx.embedAll(await this.ctx.init(), texts) });
    this.insights = new Insights({
      store: governance.store, now: () => this.ctx.now(), graph: this.graph,
      add: (text, o) => this.add(text, o), getAll: (o) => this.getAll(o),
    });
  }

  /**
   * This engine as one principal (user + acting app): every call of the handle carries
   * both, so access rules, pauses and the access log always apply (see principal.ts for
   * the precedence rule the edges use to resolve it).
   * @example await memory.as({ userId: 'alice', app: 'cursor' }).search('tea')
   */
  as(principal: Principal): ScopedMemory {
    return new ScopedMemory(this, principal);
  }

  /**
   * Opens the store now instead of on the first call, so a server refuses to start
   * (rather than failing every call) when the database cannot be used.
   * @throws MnemoError UNAVAILABLE when the file cannot be opened or its schema is newer than this build.
   */
  async open(): Promise<void> {
    await this.ctx.init();
  }

  /**
   * Starts loading the embedding model in the background (opening the engine first), so
   * a server can answer its clients meanwhile; `memory.model.state` says where the load
   * is. Searches made meanwhile wait for the model as usual unless a surface chooses
   * otherwise (the MCP `search_memory` tool answers them from keyword search with a notice).
   * @returns resolves when the load ends, loaded or failed (never rejects; see model-warm-up.ts).
   */
  warmUp(): Promise<void> {
    return this.model.start(async () => (await this.ctx.init()).embedder);
  }

  /**
   * Stores text verbatim (mem0's `infer=false`): a string is one memory; an array of
   * strings or `{role, content}` messages is one memory per item (system messages
   * skipped), embedded in one batch and written in one transaction.
   * An exact duplicate (same normalised text, same user/agent/run) is not stored again
   * (`NONE`); a near-duplicate updates the existing memory (`UPDATE`, history kept).
   * @param options `userId` (required), `agentId`, `runId`, `app` (writer; default this
   *   instance's app), `metadata` (merged under per-message metadata), `categories`,
   *   `timestamp` (memory time: ISO string, Date, or Unix seconds; default now), `infer`
   *   (true: with `options.extractor`, an LLM extracts facts and decides ADD / UPDATE /
   *   DELETE / NONE against similar memories; without one, or when it fails, the input is
   *   stored verbatim with a `notice`, acknowledgements left out; infer.ts, message-filter.ts).
   * @returns mem0-style events, one per stored item, plus a `notice` if vectors were skipped.
   * @throws MnemoError INVALID_INPUT for empty/oversized text or a missing userId.
   */
  add(input: AddInput, options: AddOptions & { infer?: boolean | undefined }): Promise<AddResult> {
    const { infer, ...rest } = options;
    return infer === true ? inferAdd(this, this.ctx.options.extractor ?? null, input, rest) : write.add(this.ctx, input, rest);
  }

  /**
   * Finds the memories most relevant to `query` within the filters.
   * Modes: `hybrid` (default) fuses the BM25 keyword ranking and the vector ranking, by
   * default with a convex combination of normalised scores (`fusion: 'convex'`, measured
   * better than RRF on LoCoMo; see retrieval/fusion.ts) or Reciprocal Rank Fusion
   * (`fusion: 'rrf'`, k = 60); `keyword` and `vector` use one side. Where the
   * vector side is unavailable, hybrid and vector searches run on keywords and the result
   * carries a `notice` (or throw `UNAVAILABLE` with `strict`).
   * Only `active` memories are returned unless `states` says otherwise. Each returned
   * memory is recorded in the access log with the query and its score.
   * @param options `userId` (required), `agentId`, `runId`, `app` (writer filter),
   *   `categories` (any of), `metadata` (top-level key equality), `from`/`to` (memory
   *   time bounds), `limit` (1-1000, default 10), `threshold` (least calibrated `score`,
   *   in [0, 1]; 0.1 = `DEFAULT_RELEVANCE_FLOOR`, retrieval/calibration.ts), `mode`,
   *   `filter` (a core/filter.ts tree, applied by the store before ranking), `where`
   *   (a JavaScript predicate over the candidates), `asOf` (search the memories as they
   *   were then, texts from history; as-of.ts), `context` (default true: score each
   *   memory together with its conversation neighbours, retrieval/context.ts; `false`
   *   ranks each memory on its own text).
   * @throws MnemoError INVALID_INPUT for an empty/oversized query or bad options.
   */
  search(query: string, options: SearchOptions & AsOf): Promise<SearchResult> {
    return options.asOf === undefined ? search(this.ctx, query, options) : searchAsOf(this.ctx, query, options);
  }

  /**
   * One memory by id, in the caller's user scope (any state but deleted). Logged as a read.
   * @throws MnemoError NOT_FOUND when absent for this user (also for other users' ids).
   */
  get(id: string, options: ByIdOptions): Promise<MemoryRecord> {
    return read.get(this.ctx, id, options);
  }

  /**
   * A page of memories matching the filters, newest first by default.
   * @param options filters as in `search`, plus `limit` (default 100, max 1000), `offset`,
   *   `orderBy` (`created_at|updated_at|content|app`), `order` (`asc|desc`), `filter`
   *   (a core/filter.ts tree the store evaluates: pages and `total` stay exact without
   *   reading every row), `where` (see {@link MemoryPredicate}; `total` then counts the
   *   memories it keeps), `asOf` (the memories that existed then, with their text then;
   *   as-of.ts).
   */
  getAll(options: ListOptions & AsOf): Promise<ListResult> {
    return options.asOf === undefined ? read.getAll(this.ctx, options) : listAsOf(this.ctx, options);
  }

  /**
   * The entities holding the memories a caller may see (mem0's `GET /v1/entities/`): the
   * user, its agents and its runs, with memory counts and first/last times. Counted in the
   * store, so no memory is read or logged.
   * @param options `userId`, `caller` (its access rules apply; a paused app sees none),
   *   `states`. @default states ['active']
   * @example await memory.entities({ userId: 'alice' }) // [{ type: 'user', id: 'alice', memories: 3, ... }, { type: 'agent', ... }]
   */
  entities(options: Pick<ListOptions, 'userId' | 'caller' | 'states'>): Promise<EntitySummary[]> {
    return read.entities(this.ctx, options);
  }

  /**
   * One user's recent activity, newest first: reads (with app and query) and writes
   * (`add|update|delete`, and state changes as their new state). Not itself logged.
   * @param options `userId`, `app` (only that app's events), `limit` (1-1000), `offset`.
   *   @default limit 10, offset 0
   * @throws MnemoError INVALID_INPUT for bad options.
   */
  activity(options: { userId: string; app?: string | undefined; limit?: number; offset?: number }): Promise<{ rows: ActivityEntry[]; total: number }> {
    return audit.activity(this.ctx, options);
  }

  /**
   * Replaces a memory's text (re-embedded; the old text stays in `history`), optionally
   * merging `metadata`. With `text` undefined only the metadata changes (mem0's
   * `update(id, {metadata})`): the text and its vector stay, and history records an
   * UPDATE whose old and new text are equal.
   * @throws MnemoError NOT_FOUND; INVALID_INPUT for bad text, or neither text nor metadata.
   */
  update(id: string, text: string | undefined, options: ByIdOptions & { metadata?: Metadata }): Promise<MemoryRecord> {
    return write.update(this.ctx, id, text, options);
  }

  /**
   * Deletes one memory: it leaves the keyword and vector indexes at once; its history
   * (with a DELETE row) remains readable.
   * @throws MnemoError NOT_FOUND.
   */
  delete(id: string, options: ByIdOptions): Promise<{ id: string }> {
    return lifecycle.remove(this.ctx, id, options);
  }

  /**
   * Deletes every memory of one scope: `userId` is required (never global); `agentId`
   * and `runId` narrow it.
   * @returns how many memories were deleted.
   */
  deleteAll(scope: ScopeOptions): Promise<{ deleted: number }> {
    return lifecycle.removeAll(this.ctx, scope);
  }

  /**
   * Moves memories of `userId` to another state (`active|paused|archived|deleted`),
   * recorded in the status history with the caller.
   * @returns ids actually changed (absent ids and no-op changes are skipped).
   */
  setState(ids: string[], state: MemoryState, options: ByIdOptions): Promise<string[]> {
    return lifecycle.setState(this.ctx, ids, state, options);
  }

  /**
   * Moves every memory of `userId` matching a filter to `state` (OpenMemory's pause by
   * app, by category or of everything), within what the caller may see. Not logged as reads.
   * @param options `userId`, `caller`, `app` (writer), `categories` (any of), `states`
   *   (which states to change). @default states: all but deleted
   * @returns ids actually changed.
   */
  setStateWhere(options: Pick<ListOptions, 'userId' | 'caller' | 'app' | 'categories' | 'states'>, state: MemoryState): Promise<string[]> {
    return lifecycle.setStateWhere(this.ctx, options, state);
  }

  /**
   * Content history of a memory (ADD, UPDATE, DELETE with old and new text), oldest first
   * — mem0's `history(id)`. Works for deleted memories too.
   * @throws MnemoError NOT_FOUND when the id has no history for this user.
   */
  history(id: string, options: ByIdOptions): Promise<HistoryEntry[]> {
    return audit.history(this.ctx, id, options);
  }

  /** State changes of a memory, oldest first. @throws MnemoError NOT_FOUND. */
  statusHistory(id: string, options: ByIdOptions): Promise<StatusChange[]> {
    return audit.statusHistory(this.ctx, id, options);
  }

  /** Reads of a memory (newest first, paginated). */
  accessLog(id: string, options: ByIdOptions & { limit?: number; offset?: number }): Promise<{ rows: AccessLogEntry[]; total: number }> {
    return audit.accessLog(this.ctx, id, options);
  }

  /**
   * Memories related to one memory: those sharing a category (most recent first, as
   * OpenMemory) and the nearest by vector similarity (empty when vectors are off).
   * Only active memories the caller may see; logged as reads.
   * @param options `userId`, `caller`, `limit` per list (1-100). @default limit 5
   * @throws MnemoError NOT_FOUND when the memory is absent or not visible to the caller.
   */
  related(id: string, options: ByIdOptions & { limit?: number }): Promise<RelatedResult> {
    return read.related(this.ctx, id, options);
  }

  /**
   * Every non-deleted memory of one user, oldest first, streamed in pages. For the user
   * acting directly (export): no app's rules apply and nothing is logged as read.
   * @example for await (const m of memory.exportAll({ userId: 'alice' })) out.write(JSON.stringify(m))
   */
  exportAll(options: { userId: string }): AsyncGenerator<MemoryRecord> {
    return admin.exportAll(this.ctx, options);
  }

  /**
   * Imports memories for one user (see transfer.ts): validated first, re-embedded, written
   * in one transaction; state, times, app, categories, metadata, agent and run kept; same
   * text already in the scope → skipped. `onProgress(done, total)`: memories embedded so
   * far of those to write, after each embedding batch.
   * @throws MnemoError INVALID_INPUT naming the bad record; nothing is stored then.
   */
  importAll(records: ImportMemory[], options: { userId: string; dryRun?: boolean; onProgress?: ((done: number, total: number) => void) | undefined }): Promise<ImportResult> {
    return admin.importAll(this.ctx, records, options);
  }

  /** Like {@link exportAll}, each memory with its edit and state history (the v2 export envelope, src/transfer/mnemo-envelope.ts). */
  exportWithHistory(options: { userId: string }): AsyncGenerator<ExportedMemory> {
    return admin.exportWithHistory(this.ctx, options);
  }

  /**
   * What this engine runs on, for people (never a path, URL or key): the storage backend,
   * its schema version and vector support, the embedder's id and dimensions and whether
   * vectors work, and the categorizer's id (`llm:<model>`, `keyword`, or `null`).
   */
  info(): Promise<EngineInfo> {
    return admin.info(this.ctx);
  }

  /** Categories of the user's active and paused memories with counts, most used first. */
  categories(options: { userId: string }): Promise<Array<{ name: string; count: number }>> {
    return admin.categories(this.ctx, options);
  }

  /** Totals of one user: memories by state, apps, memories per app and per day. */
  userStats(options: { userId: string }): Promise<UserStats> {
    return admin.userStats(this.ctx, options);
  }

  /**
   * Re-embeds every stored memory with the configured embedder into a fresh vector
   * space (dropping vectors of any other embedder), in batches of 64.
   * @param onProgress called after each batch with (done, total) memory counts.
   * @returns how many memories were embedded and the elapsed time, ms.
   * @throws MnemoError UNAVAILABLE when embeddings are off or sqlite-vec is missing.
   */
  reindex(options: { onProgress?: (done: number, total: number) => void } = {}): Promise<{ reindexed: number; ms: number }> {
    return admin.reindex(this.ctx, options);
  }

  /**
   * Counts and index state: memories by state, users, apps, vector space, vectors,
   * memories missing a vector, bytes on disk, schema version, and the configured embedder
   * with the vector status (`vectorNotice` says why vectors are off, if they are).
   */
  stats(options: { userId?: string } = {}): Promise<StoreStats & { embedder: string | null; vectorNotice: string | null }> {
    return admin.stats(this.ctx, options);
  }

  /** Closes the store and the embedder. Safe to call twice. */
  close(): Promise<void> {
    return this.ctx.close();
  }
}
