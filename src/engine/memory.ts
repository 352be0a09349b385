/**
 * The Memory engine, mnemo's public SDK: remember and recall text for a user, agent or
 * run, on one SQLite file, with local embeddings and hybrid (BM25 + vector) search.
 *
 * Nothing happens at construction: the store opens and the embedder is created on the
 * first call, so `new Memory()` is free and never throws for I/O reasons.
 *
 * Failure contract: methods reject with `MnemoError` — `INVALID_INPUT` for bad
 * arguments (nothing is written), `NOT_FOUND` for an id absent from the caller's scope,
 * `UNAVAILABLE` when storage cannot open, and (with `strict: true`) when vector search
 * is unavailable instead of degrading to keywords with a `notice`.
 */
import { type Clock, parseTime, systemClock } from '../core/clock.js';
import { MnemoError } from '../core/errors.js';
import type { AccessLogEntry, ActivityEntry, EntitySummary, HistoryEntry, MemoryRecord, MemoryState, Metadata, StatusChange } from '../core/memory.js';
import { createEmbedder } from '../embedding/create-embedder.js';
import type { Embedder, EmbeddingConfig, Vector } from '../embedding/embedder.js';
import { rankCandidates } from '../retrieval/rank.js';
import { keywordQuery } from '../retrieval/keyword-query.js';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Candidate, MemoryFilter, MemoryStore, StoreStats } from '../storage/store.js';
import { contentHash, wordJaccard } from './content-hash.js';
import {
  ActivityOptionsSchema, AddInputSchema, AddOptionsSchema, ByIdOptionsSchema, FilterOptionsSchema, ListOptionsSchema, MemoryIdSchema, MemoryTextSchema,
  parseInput, RelatedLimitSchema, ScopeSchema, SearchOptionsSchema, UserIdSchema,
} from './inputs.js';
import type { AddEvent, AddResult, ListResult, RelatedResult, SearchHit, SearchResult } from './search-types.js';
import { reindexStore } from './reindex.js';
import { VectorSide } from './vector-side.js';
import { AccessRules, isVisible } from './access-rules.js';
import { ApiKeys } from './api-keys.js';
import { Apps, assertCanWrite, readerScope, type ReaderScope } from './apps.js';
import { type Categorizer, KeywordCategorizer } from './categorizer.js';
import { exportMemories, exportMemoriesWithHistory, type ExportedMemory, ImportBatchSchema, type ImportMemory, importMemories, type ImportResult } from './transfer.js';
import type { UserStats } from '../core/governance.js';
import type { z } from 'zod';

/** Constructor options of {@link Memory}. */
export interface MemoryOptions {
  /** SQLite file path or `':memory:'`. @default './memory.sqlite' */
  path?: string;
  /** Embedding provider settings. @default { provider: 'local' } (USE Lite, offline) */
  embeddings?: EmbeddingConfig;
  /** A ready embedder instance (overrides `embeddings`); `null` = keyword only. */
  embedder?: Embedder | null;
  /** A ready store (overrides `path`). The Memory closes it on `close()`. */
  store?: MemoryStore;
  /** Name of the app this instance acts as (history, access log, writer of new memories). */
  app?: string;
  /** Time source. @default the system clock */
  clock?: Clock;
  /**
   * Near-duplicate handling on add. A new text whose nearest memory in the same scope
   * has cosine similarity ≥ `similarity` AND word-set Jaccard ≥ `jaccard` updates that
   * memory instead of adding one. Exact duplicates (same normalised text) are always
   * NONE. Defaults measured with USE Lite: "… dark green" vs "… dark green!" has cosine
   * 0.947 and Jaccard 1, while the negation "… not dark green" has cosine 0.936 and
   * Jaccard 0.857; cosine alone cannot tell them apart, so the word overlap decides.
   * @default { enabled: true, similarity: 0.9, jaccard: 0.9 }
   */
  dedupe?: { enabled?: boolean; similarity?: number; jaccard?: number };
  /** Turn degradation (vector side unavailable) into an `UNAVAILABLE` error. @default false */
  strict?: boolean;
  /** Load sqlite-vec from this file (default: the npm package's binary). */
  sqliteVecPath?: string;
  /**
   * Assigns categories to memories added without any (e.g. an `LlmCategorizer`);
   * `null` = leave them uncategorised. @default new KeywordCategorizer()
   */
  categorizer?: Categorizer | null;
}

/** Options of `add`: scope, plus the writer app, metadata, categories and time. */
export type AddOptions = z.input<typeof AddOptionsSchema>;
/**
 * A predicate over memories that the engine's filters cannot express (e.g. mem0's OR/NOT
 * filters). Applied before `limit`/`offset` and before the access log, so only returned
 * memories are logged as read. It runs in JavaScript over every memory the SQL filters
 * keep (a full scan of those for `getAll`), so push down what the filters can say.
 */
export type MemoryPredicate = (m: MemoryRecord) => boolean;
/** Options of `search`. */
export type SearchOptions = z.input<typeof SearchOptionsSchema> & { where?: MemoryPredicate | undefined };
/** Options of `getAll`. */
export type ListOptions = z.input<typeof ListOptionsSchema> & { where?: MemoryPredicate | undefined };
/** Options of single-memory calls. */
export type ByIdOptions = z.input<typeof ByIdOptionsSchema>;
/** A scope for `deleteAll`. */
export type ScopeOptions = z.input<typeof ScopeSchema> & { caller?: string };
/** Input of `add`. */
export type AddInput = z.input<typeof AddInputSchema>;

/** Candidate depth of each retriever before fusion (at least this many, or 2 × limit). */
const CANDIDATE_DEPTH = 50;
/** Keyword candidates checked for a near-duplicate of each added text. */
const NEAR_DUPLICATE_CANDIDATES = 10;
/** Rows read per page when `getAll` scans for a `where` predicate (the store's largest sensible page). */
const PREDICATE_SCAN_PAGE = 1_000;
/** Candidates fetched per requested hit when a `where` predicate may drop some (mem0 helper's measure of OR filters). */
const PREDICATE_OVERFETCH = 5;

interface Ready {
  store: MemoryStore;
  embedder: Embedder | null;
  vectors: VectorSide;
}

/**
 * A memory store for AI agents.
 * @example
 * const memory = new Memory({ path: ':memory:' });
 * await memory.add('I prefer green tea', { userId: 'alice' });
 * const { results } = await memory.search('what does alice drink?', { userId: 'alice' });
 * await memory.close();
 */
export class Memory {
  private readonly options: MemoryOptions;
  private readonly clock: Clock;
  private ready: Promise<Ready> | undefined;
  private closed = false;
  private readonly categorizer: Categorizer | null;
  /** The apps of each user: list, pause/resume, what they read. */
  readonly apps: Apps;
  /** Access rules between apps and memories. */
  readonly rules: AccessRules;
  /** API keys of the HTTP server. */
  readonly keys: ApiKeys;

  constructor(options: MemoryOptions = {}) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.categorizer = options.categorizer === undefined ? new KeywordCategorizer() : options.categorizer;
    const ctx = { store: async () => (await this.init()).store, clock: this.clock };
    this.apps = new Apps(ctx);
    this.rules = new AccessRules(ctx);
    this.keys = new ApiKeys(ctx);
  }

  /** The app acting in a call: its `caller`, else this instance's app, else none. */
  private actor(caller: string | undefined): string | null {
    return caller ?? this.options.app ?? null;
  }

  /** What `caller` may read of `userId`'s memories (records the read on the app). */
  private reader(r: Ready, userId: string, caller: string | undefined): Promise<ReaderScope> {
    return readerScope(r.store.governance, userId, this.actor(caller), this.clock.now());
  }

  /**
   * A memory `caller` may see, or NOT_FOUND (also for paused apps and denied memories,
   * so a rule never reveals that a memory exists).
   */
  private async visibleRecord(r: Ready, id: string, userId: string, caller: string | undefined): Promise<MemoryRecord> {
    const scope = await this.reader(r, userId, caller);
    const record = scope.blocked ? null : await r.store.getMemory(id, userId);
    if (!record || !isVisible(scope.visibility, record)) throw notFound(id);
    return record;
  }

  /** Like {@link visibleRecord} for reads that also cover deleted memories (history). */
  private async assertReadable(r: Ready, id: string, userId: string, caller: string | undefined): Promise<void> {
    const scope = await this.reader(r, userId, caller);
    if (scope.blocked) throw notFound(id);
    if (scope.visibility === undefined) return;
    const ids = await r.store.listIds({ userId, ids: [id], states: ['active', 'paused', 'archived', 'deleted'], visibility: scope.visibility });
    if (ids.length === 0) throw notFound(id);
  }

  private init(): Promise<Ready> {
    if (this.closed) return Promise.reject(new MnemoError('UNAVAILABLE', 'this Memory is closed'));
    this.ready ??= (async () => {
      const store = this.options.store ?? await openSqliteStore({
        path: this.options.path ?? './memory.sqlite',
        ...(this.options.sqliteVecPath === undefined ? {} : { sqliteVecPath: this.options.sqliteVecPath }),
      });
      const embedder = this.options.embedder !== undefined ? this.options.embedder : await createEmbedder(this.options.embeddings);
      return { store, embedder, vectors: new VectorSide(store, embedder) };
    })();
    this.ready.catch(() => { this.ready = undefined; });
    return this.ready;
  }

  /** Embeds texts if the vector side is usable; otherwise returns the reason. */
  private async embedAll(r: Ready, texts: string[]): Promise<{ vectors: Array<Vector | null>; notice?: string }> {
    const status = await r.vectors.check();
    if (!status.usable) return this.degrade(status.reason, texts.length);
    try {
      const vectors = await status.embedder.embed(texts);
      if (vectors[0]) await r.vectors.ensureSpaceFor(vectors[0]);
      return { vectors };
    } catch (error) {
      if (error instanceof MnemoError && error.code === 'UNAVAILABLE') {
        return this.degrade(`embedding failed (${error.message})`, texts.length);
      }
      throw error;
    }
  }

  private degrade(reason: string, n: number): { vectors: Array<Vector | null>; notice: string } {
    if (this.options.strict) throw new MnemoError('UNAVAILABLE', reason);
    return { vectors: new Array<Vector | null>(n).fill(null), notice: reason };
  }

  /**
   * Stores text verbatim (mem0's `infer=false`): a string is one memory; an array of
   * strings or `{role, content}` messages is one memory per item (system messages
   * skipped), embedded in one batch and written in one transaction.
   * An exact duplicate (same normalised text, same user/agent/run) is not stored again
   * (`NONE`); a near-duplicate updates the existing memory (`UPDATE`, history kept).
   * @param options `userId` (required), `agentId`, `runId`, `app` (writer; default this
   *   instance's app), `metadata` (merged under per-message metadata), `categories`,
   *   `timestamp` (memory time: ISO string, Date, or Unix seconds; default now).
   * @returns mem0-style events, one per stored item, plus a `notice` if vectors were skipped.
   * @throws MnemoError INVALID_INPUT for empty/oversized text or a missing userId.
   */
  async add(input: AddInput, options: AddOptions): Promise<AddResult> {
    const items = parseInput(AddInputSchema, input, 'memory input');
    const opts = parseInput(AddOptionsSchema, options, 'add options');
    const r = await this.init();
    const app = opts.app ?? opts.caller ?? this.options.app ?? null;
    await assertCanWrite(r.store.governance, opts.userId, app, this.clock.now());
    const baseTime = opts.timestamp === undefined ? this.clock.now() : parseTime(opts.timestamp);
    const list = (typeof items === 'string' ? [items] : items)
      .map((item) => (typeof item === 'string' ? { role: 'user' as const, content: item } : item))
      .filter((m) => m.role !== 'system')
      .map((m) => ({
        text: m.content,
        metadata: { ...opts.metadata, ...('metadata' in m ? m.metadata : undefined), ...('name' in m && m.name ? { name: m.name } : {}), ...(typeof items === 'string' ? {} : { role: m.role }) } as Metadata,
        createdAt: 'timestamp' in m && m.timestamp !== undefined ? parseTime(m.timestamp) : baseTime,
      }));
    if (list.length === 0) return { results: [] };

    const { vectors, notice } = await this.embedAll(r, list.map((m) => m.text));
    const events: AddEvent[] = [];
    const inserts: Parameters<MemoryStore['insertMemories']>[0] = [];
    const seenInBatch = new Map<string, string>();
    const dedupe = { enabled: true, similarity: 0.9, jaccard: 0.9, ...this.options.dedupe };
    for (const [i, m] of list.entries()) {
      const hash = contentHash(m.text);
      const vector = vectors[i] ?? null;
      const existing = seenInBatch.get(hash) ?? (await r.store.findByHash(opts.userId, opts.agentId ?? null, opts.runId ?? null, hash))?.id;
      if (existing) {
        events.push({ id: existing, memory: m.text, event: 'NONE' });
        continue;
      }
      const near = dedupe.enabled && vector ? await this.nearDuplicate(r, opts, m.text, vector, dedupe) : null;
      if (near) {
        const updated = await r.store.updateMemory(near.id, opts.userId, {
          content: m.text, hash, vector, metadata: m.metadata, app, at: this.clock.now(),
        });
        if (updated) {
          events.push({ id: near.id, memory: m.text, event: 'UPDATE', previousMemory: near.memory });
          seenInBatch.set(hash, near.id);
          continue;
        }
      }
      const id = crypto.randomUUID();
      seenInBatch.set(hash, id);
      inserts.push({
        memory: {
          id, content: m.text, hash, userId: opts.userId, agentId: opts.agentId ?? null, runId: opts.runId ?? null,
          app, metadata: m.metadata, categories: opts.categories ?? [], createdAt: m.createdAt,
        },
        vector,
      });
      events.push({ id, memory: m.text, event: 'ADD' });
    }
    if (inserts.length > 0) {
      if (opts.categories === undefined && this.categorizer) {
        const categories = await this.categorizer.categorize(inserts.map((x) => x.memory.content));
        inserts.forEach((x, i) => { x.memory.categories = categories[i] ?? []; });
      }
      await r.store.insertMemories(inserts);
    }
    return notice === undefined ? { results: events } : { results: events, notice };
  }

  /**
   * The memory a new text near-duplicates, if any. Candidates come from the keyword index
   * (a near-duplicate shares nearly all its words, so BM25 ranks it at the top) rather
   * than a vector scan, which costs O(memories) per added item; the word-set Jaccard and
   * the cosine similarity of the few candidates then decide.
   */
  private async nearDuplicate(
    r: Ready, scope: { userId: string; agentId?: string | undefined; runId?: string | undefined }, text: string, vector: Vector,
    dedupe: { similarity: number; jaccard: number },
  ): Promise<MemoryRecord | null> {
    const match = keywordQuery(text);
    if (!match) return null;
    const filter: MemoryFilter = { userId: scope.userId, agentId: scope.agentId, runId: scope.runId, states: ['active', 'paused', 'archived'] };
    const candidates = await r.store.keywordCandidates(match, filter, NEAR_DUPLICATE_CANDIDATES);
    const lexical = (await r.store.getMemories(candidates.map((c) => c.id), filter)).filter((m) =>
      (m.agentId ?? undefined) === scope.agentId && (m.runId ?? undefined) === scope.runId
      && wordJaccard(m.memory, text) >= dedupe.jaccard);
    if (lexical.length === 0) return null;
    const similarity = await r.store.vectorSimilarities(vector, lexical.map((m) => m.id));
    return lexical.find((m) => (similarity.get(m.id) ?? -1) >= dedupe.similarity) ?? null;
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
   *   time bounds), `limit` (1-1000, default 10), `threshold` (minimum `score`), `mode`.
   * @throws MnemoError INVALID_INPUT for an empty/oversized query or bad options.
   */
  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    const text = parseInput(MemoryTextSchema, query, 'query');
    const opts = parseInput(SearchOptionsSchema, options, 'search options');
    const r = await this.init();
    const scope = await this.reader(r, opts.userId, opts.caller);
    if (scope.blocked) return { results: [], mode: opts.mode };
    const filter = { ...this.toFilter(opts), visibility: scope.visibility };
    const where = options.where;
    const depth = Math.max(CANDIDATE_DEPTH, opts.limit * (where ? PREDICATE_OVERFETCH : 2));
    let mode = opts.mode;
    let notice: string | undefined;

    let vectorHits: Candidate[] = [];
    if (mode !== 'keyword') {
      const { vectors: [vector], notice: why } = await this.embedAll(r, [text]);
      if (vector) vectorHits = await r.store.vectorCandidates(vector, filter, depth);
      else {
        notice = `${why ?? 'vector search unavailable'}; results come from keyword search`;
        mode = 'keyword';
      }
    }
    let keywordHits: Candidate[] = [];
    const match = keywordQuery(text);
    if (mode !== 'vector' && match) keywordHits = await r.store.keywordCandidates(match, filter, depth);

    let ranked = rankCandidates(mode, opts.fusion, keywordHits, vectorHits);
    if (opts.threshold !== undefined) ranked = ranked.filter((c) => c.score >= opts.threshold!);
    if (!where) ranked = ranked.slice(0, opts.limit);
    const records = await r.store.getMemories(ranked.map((c) => c.id), filter);
    const byId = new Map(records.map((m) => [m.id, m]));
    const results: SearchHit[] = ranked.flatMap((c) => {
      const m = byId.get(c.id);
      return m && (!where || where(m)) ? [{ ...m, score: c.score, ranks: c.ranks }] : [];
    }).slice(0, opts.limit);
    if (opts.log) await this.logReads(r, results.map((h) => ({ id: h.id, score: h.score })), 'search', text, opts.caller);
    return notice === undefined ? { results, mode } : { results, mode, notice };
  }

  private toFilter(opts: z.output<typeof SearchOptionsSchema> | z.output<typeof ListOptionsSchema>): MemoryFilter {
    return {
      userId: opts.userId, agentId: opts.agentId, runId: opts.runId, app: opts.app, categories: opts.categories,
      metadata: opts.metadata, states: opts.states,
      from: opts.from === undefined ? undefined : parseTime(opts.from, 'from'),
      to: opts.to === undefined ? undefined : parseTime(opts.to, 'to'),
    };
  }

  private async logReads(r: Ready, reads: Array<{ id: string; score: number | null }>, action: AccessLogEntry['action'], query: string | null, caller?: string): Promise<void> {
    const app = this.actor(caller);
    const at = this.clock.now();
    await r.store.logAccess(reads.map((x) => ({ memoryId: x.id, app, action, query, score: x.score, at })));
  }

  /**
   * One memory by id, in the caller's user scope (any state but deleted). Logged as a read.
   * @throws MnemoError NOT_FOUND when absent for this user (also for other users' ids).
   */
  async get(id: string, options: ByIdOptions): Promise<MemoryRecord> {
    const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
    const opts = parseInput(ByIdOptionsSchema, options, 'options');
    const r = await this.init();
    const record = await this.visibleRecord(r, memoryId, opts.userId, opts.caller);
    if (opts.log) await this.logReads(r, [{ id: record.id, score: null }], 'get', null, opts.caller);
    return record;
  }

  /**
   * A page of memories matching the filters, newest first by default.
   * @param options filters as in `search`, plus `limit` (default 100, max 1000), `offset`,
   *   `orderBy` (`created_at|updated_at|content|app`), `order` (`asc|desc`), `where`
   *   (see {@link MemoryPredicate}; `total` then counts the memories it keeps).
   */
  async getAll(options: ListOptions): Promise<ListResult> {
    const opts = parseInput(ListOptionsSchema, options, 'list options');
    const r = await this.init();
    const scope = await this.reader(r, opts.userId, opts.caller);
    if (scope.blocked) return { results: [], total: 0, limit: opts.limit, offset: opts.offset };
    const filter: MemoryFilter = { ...this.toFilter(opts), contains: opts.contains, visibility: scope.visibility };
    const order = { by: opts.orderBy, direction: opts.order } as const;
    let page: { rows: MemoryRecord[]; total: number };
    if (options.where) {
      const matches: MemoryRecord[] = [];
      for (let offset = 0; ; offset += PREDICATE_SCAN_PAGE) {
        const { rows, total } = await r.store.listMemories(filter, { limit: PREDICATE_SCAN_PAGE, offset, order });
        matches.push(...rows.filter(options.where));
        if (rows.length === 0 || offset + PREDICATE_SCAN_PAGE >= total) break;
      }
      page = { rows: matches.slice(opts.offset, opts.offset + opts.limit), total: matches.length };
    } else {
      page = await r.store.listMemories(filter, { limit: opts.limit, offset: opts.offset, order });
    }
    if (opts.log) await this.logReads(r, page.rows.map((m) => ({ id: m.id, score: null })), 'list', null, opts.caller);
    return { results: page.rows, total: page.total, limit: opts.limit, offset: opts.offset };
  }

  /**
   * The entities holding the memories a caller may see (mem0's `GET /v1/entities/`): the
   * user, its agents and its runs, with memory counts and first/last times. Counted in the
   * store, so no memory is read or logged.
   * @param options `userId`, `caller` (its access rules apply; a paused app sees none),
   *   `states`. @default states ['active']
   * @example await memory.entities({ userId: 'alice' }) // [{ type: 'user', id: 'alice', memories: 3, ... }, { type: 'agent', ... }]
   */
  async entities(options: Pick<ListOptions, 'userId' | 'caller' | 'states'>): Promise<EntitySummary[]> {
    const opts = parseInput(FilterOptionsSchema, options, 'entity options');
    const r = await this.init();
    const scope = await this.reader(r, opts.userId, opts.caller);
    if (scope.blocked) return [];
    return r.store.entities({ userId: opts.userId, states: opts.states, visibility: scope.visibility });
  }

  /**
   * One user's recent activity, newest first: reads (with app and query) and writes
   * (`add|update|delete`, and state changes as their new state). Not itself logged.
   * @param options `userId`, `app` (only that app's events), `limit` (1-1000), `offset`.
   *   @default limit 10, offset 0
   * @throws MnemoError INVALID_INPUT for bad options.
   */
  async activity(options: { userId: string; app?: string | undefined; limit?: number; offset?: number }): Promise<{ rows: ActivityEntry[]; total: number }> {
    const opts = parseInput(ActivityOptionsSchema, options, 'activity options');
    const r = await this.init();
    return r.store.activity(opts.userId, { app: opts.app, limit: opts.limit, offset: opts.offset });
  }

  /**
   * Replaces a memory's text (re-embedded; the old text stays in `history`), optionally
   * merging `metadata`. With `text` undefined only the metadata changes (mem0's
   * `update(id, {metadata})`): the text and its vector stay, and history records an
   * UPDATE whose old and new text are equal.
   * @throws MnemoError NOT_FOUND; INVALID_INPUT for bad text, or neither text nor metadata.
   */
  async update(id: string, text: string | undefined, options: ByIdOptions & { metadata?: Metadata }): Promise<MemoryRecord> {
    const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
    const content = text === undefined ? undefined : parseInput(MemoryTextSchema, text, 'text');
    const opts = parseInput(ByIdOptionsSchema, options, 'options');
    if (content === undefined && options.metadata === undefined) throw new MnemoError('INVALID_INPUT', 'update needs text or metadata');
    const r = await this.init();
    const current = await this.visibleRecord(r, memoryId, opts.userId, opts.caller);
    await assertCanWrite(r.store.governance, opts.userId, this.actor(opts.caller), this.clock.now());
    const change = content === undefined
      ? { content: current.memory, hash: current.hash }
      : { content, hash: contentHash(content), vector: (await this.embedAll(r, [content])).vectors[0] ?? null };
    const updated = await r.store.updateMemory(memoryId, opts.userId, {
      ...change, app: this.actor(opts.caller), at: this.clock.now(),
      ...(options.metadata ? { metadata: options.metadata } : {}),
    });
    if (!updated) throw notFound(memoryId);
    return updated;
  }

  /**
   * Deletes one memory: it leaves the keyword and vector indexes at once; its history
   * (with a DELETE row) remains readable.
   * @throws MnemoError NOT_FOUND.
   */
  async delete(id: string, options: ByIdOptions): Promise<{ id: string }> {
    const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
    const opts = parseInput(ByIdOptionsSchema, options, 'options');
    const r = await this.init();
    await this.visibleRecord(r, memoryId, opts.userId, opts.caller);
    await assertCanWrite(r.store.governance, opts.userId, this.actor(opts.caller), this.clock.now());
    const changed = await r.store.setState([memoryId], opts.userId, 'deleted', this.actor(opts.caller), this.clock.now());
    if (changed.length === 0) throw notFound(memoryId);
    return { id: memoryId };
  }

  /**
   * Deletes every memory of one scope: `userId` is required (never global); `agentId`
   * and `runId` narrow it.
   * @returns how many memories were deleted.
   */
  async deleteAll(scope: ScopeOptions): Promise<{ deleted: number }> {
    const opts = parseInput(ScopeSchema.extend({ caller: ByIdOptionsSchema.shape.caller }), scope, 'scope');
    const r = await this.init();
    await assertCanWrite(r.store.governance, opts.userId, this.actor(opts.caller), this.clock.now());
    const reader = await this.reader(r, opts.userId, opts.caller);
    if (reader.blocked) return { deleted: 0 };
    const ids = await r.store.listIds({
      userId: opts.userId, agentId: opts.agentId, runId: opts.runId, states: ['active', 'paused', 'archived'], visibility: reader.visibility,
    });
    const changed = await r.store.setState(ids, opts.userId, 'deleted', this.actor(opts.caller), this.clock.now());
    return { deleted: changed.length };
  }

  /**
   * Moves memories of `userId` to another state (`active|paused|archived|deleted`),
   * recorded in the status history with the caller.
   * @returns ids actually changed (absent ids and no-op changes are skipped).
   */
  async setState(ids: string[], state: MemoryState, options: ByIdOptions): Promise<string[]> {
    const memoryIds = ids.map((id) => parseInput(MemoryIdSchema, id, 'memory id'));
    const opts = parseInput(ByIdOptionsSchema, options, 'options');
    const r = await this.init();
    await assertCanWrite(r.store.governance, opts.userId, this.actor(opts.caller), this.clock.now());
    const scope = await this.reader(r, opts.userId, opts.caller);
    if (scope.blocked) return [];
    const visible = scope.visibility === undefined ? memoryIds
      : await r.store.listIds({ userId: opts.userId, ids: memoryIds, states: ['active', 'paused', 'archived'], visibility: scope.visibility });
    return r.store.setState(visible, opts.userId, state, this.actor(opts.caller), this.clock.now());
  }

  /**
   * Moves every memory of `userId` matching a filter to `state` (OpenMemory's pause by
   * app, by category or of everything), within what the caller may see. Not logged as reads.
   * @param options `userId`, `caller`, `app` (writer), `categories` (any of), `states`
   *   (which states to change). @default states: all but deleted
   * @returns ids actually changed.
   */
  async setStateWhere(options: Pick<ListOptions, 'userId' | 'caller' | 'app' | 'categories' | 'states'>, state: MemoryState): Promise<string[]> {
    const opts = parseInput(FilterOptionsSchema, options, 'filter');
    const r = await this.init();
    await assertCanWrite(r.store.governance, opts.userId, this.actor(opts.caller), this.clock.now());
    const reader = await this.reader(r, opts.userId, opts.caller);
    if (reader.blocked) return [];
    const ids = await r.store.listIds({
      userId: opts.userId, app: opts.app, categories: opts.categories, states: opts.states ?? ['active', 'paused', 'archived'], visibility: reader.visibility,
    });
    return r.store.setState(ids, opts.userId, state, this.actor(opts.caller), this.clock.now());
  }

  /**
   * Content history of a memory (ADD, UPDATE, DELETE with old and new text), oldest first
   * — mem0's `history(id)`. Works for deleted memories too.
   * @throws MnemoError NOT_FOUND when the id has no history for this user.
   */
  async history(id: string, options: ByIdOptions): Promise<HistoryEntry[]> {
    return this.trail(id, options, (store, memoryId, userId) => store.history(memoryId, userId));
  }

  /** Rows of one memory's history table, checked against the caller's view; NOT_FOUND when none. */
  private async trail<T>(id: string, options: ByIdOptions, read: (store: MemoryStore, id: string, userId: string) => Promise<T[]>): Promise<T[]> {
    const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
    const opts = parseInput(ByIdOptionsSchema, options, 'options');
    const r = await this.init();
    await this.assertReadable(r, memoryId, opts.userId, opts.caller);
    const rows = await read(r.store, memoryId, opts.userId);
    if (rows.length === 0) throw notFound(memoryId);
    return rows;
  }

  /** State changes of a memory, oldest first. @throws MnemoError NOT_FOUND. */
  async statusHistory(id: string, options: ByIdOptions): Promise<StatusChange[]> {
    return this.trail(id, options, (store, memoryId, userId) => store.statusHistory(memoryId, userId));
  }

  /** Reads of a memory (newest first, paginated). */
  async accessLog(id: string, options: ByIdOptions & { limit?: number; offset?: number }): Promise<{ rows: AccessLogEntry[]; total: number }> {
    const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
    const opts = parseInput(ByIdOptionsSchema, options, 'options');
    const r = await this.init();
    await this.assertReadable(r, memoryId, opts.userId, opts.caller);
    return r.store.accessLog(memoryId, opts.userId, { limit: options.limit ?? 50, offset: options.offset ?? 0 });
  }

  /**
   * Memories related to one memory: those sharing a category (most recent first, as
   * OpenMemory) and the nearest by vector similarity (empty when vectors are off).
   * Only active memories the caller may see; logged as reads.
   * @param options `userId`, `caller`, `limit` per list (1-100). @default limit 5
   * @throws MnemoError NOT_FOUND when the memory is absent or not visible to the caller.
   */
  async related(id: string, options: ByIdOptions & { limit?: number }): Promise<RelatedResult> {
    const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
    const opts = parseInput(ByIdOptionsSchema, options, 'options');
    const limit = parseInput(RelatedLimitSchema, options.limit, 'limit');
    const r = await this.init();
    const source = await this.visibleRecord(r, memoryId, opts.userId, opts.caller);
    const { visibility } = await this.reader(r, opts.userId, opts.caller);
    const filter: MemoryFilter = { userId: opts.userId, excludeIds: [memoryId], visibility };
    const byCategory = source.categories.length === 0 ? []
      : (await r.store.listMemories({ ...filter, categories: source.categories }, { limit, offset: 0 })).rows;
    let bySimilarity: RelatedResult['bySimilarity'] = [];
    const status = await r.vectors.check();
    if (status.usable) {
      const { vectors: [vector] } = await this.embedAll(r, [source.memory]);
      const hits = vector ? await r.store.vectorCandidates(vector, filter, limit) : [];
      const records = new Map((await r.store.getMemories(hits.map((h) => h.id), filter)).map((m) => [m.id, m]));
      bySimilarity = hits.flatMap((h) => {
        const m = records.get(h.id);
        return m ? [{ ...m, score: h.score }] : [];
      });
    }
    const reads = new Map([...byCategory, ...bySimilarity].map((m) => [m.id, { id: m.id, score: null }]));
    if (opts.log) await this.logReads(r, [...reads.values()], 'list', null, opts.caller);
    return { byCategory, bySimilarity };
  }

  /**
   * Every non-deleted memory of one user, oldest first, streamed in pages. For the user
   * acting directly (export): no app's rules apply and nothing is logged as read.
   * @example for await (const m of memory.exportAll({ userId: 'alice' })) out.write(JSON.stringify(m))
   */
  async *exportAll(options: { userId: string }): AsyncGenerator<MemoryRecord> {
    const userId = parseInput(UserIdSchema, options.userId, 'userId');
    const r = await this.init();
    yield* exportMemories(r.store, userId);
  }

  /** Like {@link exportAll}, each memory with its edit and state history (the v2 export envelope). */
  async *exportWithHistory(options: { userId: string }): AsyncGenerator<ExportedMemory> {
    const userId = parseInput(UserIdSchema, options.userId, 'userId');
    const r = await this.init();
    yield* exportMemoriesWithHistory(r.store, userId);
  }

  /**
   * Imports memories for one user (see transfer.ts): validated first, re-embedded, written
   * in one transaction; state, times, app, categories, metadata, agent and run kept; same
   * text already in the scope → skipped.
   * @throws MnemoError INVALID_INPUT naming the bad record; nothing is stored then.
   */
  async importAll(records: ImportMemory[], options: { userId: string; dryRun?: boolean }): Promise<ImportResult> {
    const userId = parseInput(UserIdSchema, options.userId, 'userId');
    const valid = parseInput(ImportBatchSchema, records, 'memories');
    const r = await this.init();
    return importMemories({ store: r.store, embed: (texts) => this.embedAll(r, texts), categorizer: this.categorizer, now: this.clock.now() }, userId, valid, { dryRun: options.dryRun === true });
  }

  /**
   * What this engine runs on, for people (never a path, URL or key): the storage backend,
   * its schema version and vector support, the embedder's id and dimensions and whether
   * vectors work, and the categorizer's id (`llm:<model>`, `keyword`, or `null`).
   */
  async info(): Promise<{
    storage: { kind: string; schemaVersion: number; vectorSearch: boolean };
    embedder: { id: string; dimensions: number; ok: boolean } | null;
    categorizer: string | null;
  }> {
    const r = await this.init();
    const status = await r.vectors.check();
    return {
      storage: { kind: r.store.kind, schemaVersion: r.store.schemaVersion, vectorSearch: r.store.capabilities.vectorSearch },
      embedder: r.embedder ? { id: r.embedder.id, dimensions: r.embedder.dimensions, ok: status.usable } : null,
      categorizer: this.categorizer?.id ?? null,
    };
  }

  /** Categories of the user's active and paused memories with counts, most used first. */
  async categories(options: { userId: string }): Promise<Array<{ name: string; count: number }>> {
    const userId = parseInput(UserIdSchema, options.userId, 'userId');
    const r = await this.init();
    return r.store.governance.categories(userId);
  }

  /** Totals of one user: memories by state, apps, memories per app and per day. */
  async userStats(options: { userId: string }): Promise<UserStats> {
    const userId = parseInput(UserIdSchema, options.userId, 'userId');
    const r = await this.init();
    return r.store.governance.userStats(userId);
  }

  /**
   * Re-embeds every stored memory with the configured embedder into a fresh vector
   * space (dropping vectors of any other embedder), in batches of 64.
   * @param onProgress called after each batch with (done, total) memory counts.
   * @returns how many memories were embedded and the elapsed time, ms.
   * @throws MnemoError UNAVAILABLE when embeddings are off or sqlite-vec is missing.
   */
  async reindex(options: { onProgress?: (done: number, total: number) => void } = {}): Promise<{ reindexed: number; ms: number }> {
    const r = await this.init();
    const started = Date.now();
    const done = await reindexStore(r.store, r.embedder, options.onProgress);
    r.vectors.invalidate();
    return { reindexed: done, ms: Date.now() - started };
  }

  /**
   * Counts and index state: memories by state, users, apps, vector space, vectors,
   * memories missing a vector, bytes on disk, schema version, and the configured embedder
   * with the vector status (`vectorNotice` says why vectors are off, if they are).
   */
  async stats(options: { userId?: string } = {}): Promise<StoreStats & { embedder: string | null; vectorNotice: string | null }> {
    const r = await this.init();
    const status = await r.vectors.check();
    return {
      ...(await r.store.stats(options.userId)),
      embedder: r.embedder?.id ?? null,
      vectorNotice: status.usable ? null : status.reason,
    };
  }

  /** Closes the store and the embedder. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const ready = this.ready;
    this.ready = undefined;
    if (!ready) return;
    const r = await ready.catch(() => null);
    if (!r) return;
    await r.store.close();
    await r.embedder?.close?.();
  }
}

function notFound(id: string): MnemoError {
  return new MnemoError('NOT_FOUND', `memory ${id} not found`);
}
