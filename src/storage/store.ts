/**
 * The storage contract: everything the engine needs from a database, as coarse domain
 * operations (each write is one transaction inside the store). The interface is async
 * even over synchronous better-sqlite3 so a networked backend fits the same shape
 * (Kysely's lesson). Backend differences are capability flags, never backend checks.
 * Nothing here is SQLite-shaped: the keyword side takes analysed terms (each backend
 * builds its own full-text query), scores say what they mean through
 * `capabilities.keywordScore`, the reindex cursor is opaque, deduplication is an
 * insert-if-absent on a unique key, and filters carry a backend-neutral tree
 * (core/filter.ts) that each backend compiles into its query language.
 * Every backend must pass the conformance suite in test/support/store-conformance.ts.
 *
 * Failure contract: methods reject with `MnemoError` (`NOT_FOUND` never: absent rows are
 * `null`/empty; `UNAVAILABLE` for a vector operation when `capabilities.vectorSearch` is
 * false; `INTERNAL` for storage faults, see `mapStorageFaults`). A failed write leaves
 * nothing half-written.
 */
import type { FilterNode } from '../core/filter.js';
import type { AccessLogEntry, ActivityEntry, EntitySummary, HistoryEntry, MemoryRecord, MemoryState, Metadata, StatusChange } from '../core/memory.js';
import type { Vector } from '../embedding/embedder.js';
import type { GovernanceStore } from './governance-store.js';
import type { PlatformStore } from './platform-store.js';
import type { GraphStore } from './graph-store.js';

/** What a backend can do. */
export interface StoreCapabilities {
  /** Vector similarity search is available (e.g. sqlite-vec loaded). */
  vectorSearch: boolean;
  /** Why `vectorSearch` is false, for the `notice` users see; `null` when available. */
  vectorUnavailableReason: string | null;
  /**
   * What {@link Candidate.score} of `keywordCandidates` means, so fusion can normalise it:
   * `bm25` — Okapi BM25 (SQLite FTS5's `bm25()` negated), ≥ 0, unbounded, higher is better.
   *   Its corpus statistics (N, document frequencies, average length) are a store's
   *   choice: SQLite's FTS5 path counts every user's rows of the file (and keeps counting
   *   deleted ones until the index is rebuilt: contentless_delete does not lower them);
   *   SQLite's in-memory keyword index (users above KEYWORD_INDEX_MIN_ROWS) counts only
   *   the searching user's live rows, so a user's scores neither depend on nor reveal
   *   other users' memories. Scores are comparable within one result list only;
   * `ts_rank` — PostgreSQL `ts_rank`/`ts_rank_cd`, ≥ 0, typically below 1, higher is better.
   */
  keywordScore: KeywordScore;
  /**
   * `vectorCandidates` considers every stored vector of the filtered rows (exact KNN).
   * At most one of this and `approximateVectorIndex` is true.
   */
  exactVectorSearch: boolean;
  /**
   * An approximate first pass serves `vectorCandidates` (an HNSW or IVF index, or
   * quantised codes): a true neighbour may be missed, so callers wanting a guarantee
   * re-check with `vectorSimilarities`. The scores returned are still exact cosines of the
   * candidates found, and filters are still applied exactly. SQLite: 1-bit sign codes of
   * each user's vectors scanned in memory, the best candidates rescored exactly, for users
   * with at least 3,200 vectors (smaller ones, and filters keeping few rows, are scanned
   * exactly); opened with `vectorIndex: 'exact'` it is exact instead. PostgreSQL: pgvector's
   * HNSW index.
   */
  approximateVectorIndex: boolean;
  /**
   * The store evaluates {@link MemoryFilter.where} itself (compiled into its query
   * language), so pages and counts are exact without reading every row. When `false`, the
   * engine never sets `where` and evaluates the tree in JavaScript over the rows the other
   * filter fields select.
   */
  filterPushdown: boolean;
  /**
   * The store implements {@link MemoryStore.contextNeighbours} (conversation context for
   * ranking, retrieval/context.ts). Optional so backends written before it stay valid:
   * absent or `false` means search ranks each memory on its own text only.
   */
  conversationContext?: boolean;
}

/** Meaning of keyword candidate scores (see {@link StoreCapabilities.keywordScore}). */
export type KeywordScore = 'bm25' | 'ts_rank';

/**
 * A keyword query, already analysed by the engine (retrieval/keyword-query.ts): distinct
 * lower-cased word tokens, stopwords removed. A memory matches when it contains ANY term
 * (each backend's full-text tokenizer decides what "contains" means: FTS5 `unicode61`,
 * PostgreSQL `simple`); candidates are ranked by the backend's relevance score. Terms are
 * plain words: a backend must never interpret them as query syntax.
 */
export interface KeywordQuery {
  /** At least one term. */
  terms: string[];
  /**
   * A probe, not a search (the near-duplicate lookup of an add): only memories sharing at
   * least `minShared` of the terms are wanted, most shared first, and `Candidate.score` is
   * the number shared. A store may look only among the memories holding one of the
   * rarest terms, and past a bound only among the newest of them (SQLite: 2,000), so the
   * lookup does not rank every memory holding a common word (a third of a large store).
   * Stores that ignore it rank memories matching any term by relevance, as for a search.
   */
  minShared?: number;
}

/** What {@link MemoryStore.getMemoryTexts} returns of one memory (the same fields of its `MemoryRecord`). */
export type MemoryText = Pick<MemoryRecord, 'id' | 'memory' | 'agentId' | 'runId'>;

/** The conversation neighbours of one memory (see `MemoryStore.contextNeighbours`): ids, nearest first on each side. */
export interface ContextNeighbours {
  before: string[];
  after: string[];
}

/**
 * Where a reindex scan resumes: an opaque string a store hands out and takes back
 * (SQLite: the last row's insertion sequence). `null` starts from the beginning.
 */
export type ReindexCursor = string;

/** What `insertMemories` did with one row, in input order. */
export interface InsertOutcome {
  /** The new memory's id when inserted, else the id of the live memory already holding the key. */
  id: string;
  inserted: boolean;
}

/** A vector space: the embedder that made the stored vectors and their dimension. */
export interface VectorSpace {
  embedderId: string;
  dimensions: number;
}

/** Fields of a new memory row. Times are epoch ms. */
export interface NewMemory {
  id: string;
  content: string;
  hash: string;
  userId: string;
  agentId: string | null;
  runId: string | null;
  app: string | null;
  metadata: Metadata;
  categories: string[];
  createdAt: number;
  /** Initial state (imports keep theirs). @default 'active' */
  state?: Exclude<MemoryState, 'deleted'> | undefined;
  /** Last change time (imports keep theirs). @default createdAt */
  updatedAt?: number | undefined;
  /** Expiry time, epoch ms (mem0's `expiration_date`). @default null (never) */
  expiresAt?: number | null | undefined;
  // --- Imports that carry their past (transfer, issue 12) ---
  /**
   * The memory's edit history, oldest first (an exact-round-trip import). When given it
   * replaces the synthesized `ADD` row. Times are epoch ms; `id` is the history row's id
   * (a fresh UUID is used when it is taken).
   */
  history?: Array<{ id: string; event: 'ADD' | 'UPDATE' | 'DELETE'; oldMemory: string | null; newMemory: string | null; app: string | null; at: number }> | undefined;
  /** Its state changes, oldest first; when given they replace the synthesized first row. Times epoch ms. */
  statusHistory?: Array<{ oldState: MemoryState | null; newState: MemoryState; changedBy: string | null; at: number }> | undefined;
}

/**
 * Row filter shared by list, keyword and vector candidate queries. `userId` is required:
 * every query is user-scoped. Unset fields do not filter. `metadata` matches top-level
 * keys by JSON equality. `from`/`to` bound `createdAt` (epoch ms, inclusive).
 * `states` defaults to `['active']`.
 */
export interface MemoryFilter {
  userId: string;
  agentId?: string | undefined;
  runId?: string | undefined;
  app?: string | undefined;
  categories?: string[] | undefined;
  metadata?: Metadata | undefined;
  from?: number | undefined;
  to?: number | undefined;
  states?: MemoryState[] | undefined;
  /** Restrict to these memory ids. */
  ids?: string[] | undefined;
  /** Exclude these memory ids. */
  excludeIds?: string[] | undefined;
  /**
   * Case-insensitive substring of the content, literal (no wildcards). Case folding is
   * at least ASCII (SQLite `LIKE`); a backend may fold more (PostgreSQL `ILIKE`).
   */
  contains?: string | undefined;
  /** What the reading app may see (its access rules); unset = everything. */
  visibility?: Visibility | undefined;
  /**
   * A tree of mnemo's filter language (mem0's grammar, AND/OR/NOT over scope fields,
   * times, categories and metadata; see core/filter.ts) ANDed with the fields above.
   * Only set when `capabilities.filterPushdown` is true; the store must then return
   * exactly the rows `evaluateFilter` keeps.
   */
  where?: FilterNode | undefined;
  /** Hide memories whose expiry is at or before this time, epoch ms; unset = show expired too. */
  notExpiredAt?: number | undefined;
}

/**
 * The memories an app may read, compiled from its access rules (see `AccessRule`).
 * A memory is visible when `!denyAll`, it is not in `denyIds`, none of its categories is
 * in `denyCategories`, and either `restricted` is false or it is in `allowIds` or has a
 * category in `allowCategories`.
 */
export interface Visibility {
  denyAll: boolean;
  /** Only explicitly allowed memories are visible (some allow rule exists, none on `all`). */
  restricted: boolean;
  allowIds: string[];
  allowCategories: string[];
  denyIds: string[];
  denyCategories: string[];
}

/**
 * Sort order for listing. `content` sorts case-insensitively (at least ASCII); ties in
 * any order break by insertion order, in the same direction.
 */
export interface ListOrder {
  by: 'created_at' | 'updated_at' | 'content' | 'app';
  direction: 'asc' | 'desc';
}

/** A ranked candidate from one retriever. `rank` is 1-based. */
export interface Candidate {
  id: string;
  rank: number;
  /**
   * Higher is better. Keyword: as `capabilities.keywordScore` says (e.g. BM25). Vector:
   * cosine similarity in [-1, 1].
   */
  score: number;
}

/** Counts for `stats`. */
export interface StoreStats {
  memories: number;
  byState: Record<string, number>;
  users: number;
  apps: number;
  vectorSpace: VectorSpace | null;
  vectors: number;
  /** Memories (not deleted) with no vector in the active space. */
  missingVectors: number;
  /** Storage the memories take, bytes, as the backend measures it (SQLite: file + WAL; 0 in memory). */
  bytes: number;
  schemaVersion: number;
}

/** The storage backend contract. */
export interface MemoryStore {
  /** Backend name for people (e.g. `sqlite`); never a path or a connection string. */
  readonly kind: string;
  /** Schema version of the opened database. */
  readonly schemaVersion: number;
  readonly capabilities: StoreCapabilities;
  /** Apps, access rules, API keys and dashboard counts, in the same database. */
  readonly governance: GovernanceStore;
  /** mem0 platform features (owners, expiry, feedback, project settings, webhooks, exports). */
  readonly platform: PlatformStore;
  /** The knowledge graph (entities, facts, relations, memory links), in the same database. */
  readonly graph: GraphStore;

  /** The active vector space, or `null` when no vector was stored yet. */
  vectorSpace(): Promise<VectorSpace | null>;
  /**
   * Makes `space` the active vector space, creating its index. Vectors of any previous
   * space are dropped (they are not comparable). Called at first use and by reindex.
   */
  resetVectorSpace(space: VectorSpace): Promise<void>;

  /**
   * Inserts memories that are absent, their vectors (into the active space; `null` =
   * none) and their ADD history rows, in one transaction. Unique key: (userId, agentId,
   * runId, hash) among non-deleted memories — a row whose key is already held (by a
   * stored memory or an earlier row of the same call) is not inserted, so two concurrent
   * writers of the same text store it once.
   * @returns one outcome per row, in order: inserted, or the id already holding the key.
   */
  insertMemories(rows: Array<{ memory: NewMemory; vector: Vector | null }>): Promise<InsertOutcome[]>;
  /**
   * Replaces a memory's content (and optionally merges metadata, replaces categories and
   * vector), recording an UPDATE history row, in one transaction. `vector`: the new one,
   * `null` to drop it (text changed but not embedded), absent to keep the stored one.
   * @returns the updated record, or `null` when no such memory exists for `userId`.
   * @throws MnemoError CONFLICT when another non-deleted memory of the same scope already
   *   holds `hash` (the unique key of {@link insertMemories}); nothing changes then.
   */
  updateMemory(
    id: string,
    userId: string,
    change: { content: string; hash: string; vector?: Vector | null | undefined; metadata?: Metadata; categories?: string[]; app: string | null; at: number },
  ): Promise<MemoryRecord | null>;
  /**
   * Sets the state of memories of `userId` (ignores ids that are absent or deleted),
   * recording status history. Moving to `deleted` also removes them from every index and
   * records a DELETE history row.
   * @returns the ids actually changed.
   */
  setState(ids: string[], userId: string, state: MemoryState, changedBy: string | null, at: number): Promise<string[]>;

  /** One memory of `userId` by id, any state except `deleted`; `null` when absent. */
  getMemory(id: string, userId: string): Promise<MemoryRecord | null>;
  /** Memories by ids (order of `ids`), filtered by `filter`. */
  getMemories(ids: string[], filter: MemoryFilter): Promise<MemoryRecord[]>;
  /**
   * The text and scope of memories by ids (order of `ids`), filtered by `filter`: what
   * `getMemories` returns of them, without the rest of each record (metadata, categories,
   * times). Optional: the add path's near-duplicate check reads dozens of candidates this
   * way per added text, and falls back to `getMemories` without it.
   */
  getMemoryTexts?(ids: string[], filter: MemoryFilter): Promise<MemoryText[]>;
  /** A non-deleted memory with this exact content hash in exactly this scope (user, agent, run). */
  findByHash(userId: string, agentId: string | null, runId: string | null, hash: string): Promise<MemoryRecord | null>;
  /** A page of memories matching `filter`, with the total count. */
  listMemories(filter: MemoryFilter, page: { limit: number; offset: number; order?: ListOrder }): Promise<{ rows: MemoryRecord[]; total: number }>;
  /** Ids of all memories matching `filter` (for bulk operations). */
  listIds(filter: MemoryFilter): Promise<string[]>;

  /** Full-text candidates matching any term of `query`; best first, at most `limit`. */
  keywordCandidates(query: KeywordQuery, filter: MemoryFilter, limit: number): Promise<Candidate[]>;
  /**
   * Nearest neighbours by cosine similarity in the active space; best first, at most
   * `limit`. Exact when `capabilities.exactVectorSearch` (every vector of the filtered
   * rows is considered); otherwise as good as the backend's approximate index.
   */
  vectorCandidates(vector: Vector, filter: MemoryFilter, limit: number): Promise<Candidate[]>;
  /** Cosine similarity of `vector` to the stored vectors of these memories (ids without a vector are absent). */
  vectorSimilarities(vector: Vector, ids: string[]): Promise<Map<string, number>>;
  /**
   * Conversation neighbours, for context-aware ranking (implemented when
   * `capabilities.conversationContext`). For each id of `ids` that passes `filter`: up to
   * `radius` memories just before it and up to `radius` just after it in conversation
   * order, i.e. ordered by `createdAt`, then insertion order, among the memories that pass
   * `filter` and have the same `userId`, `agentId` and `runId` and a `createdAt` at most
   * `windowMs` milliseconds from its own. Computed when asked, so an update or delete is
   * reflected at once; ids that do not pass `filter` are absent from the map.
   */
  contextNeighbours?(ids: string[], filter: MemoryFilter, radius: number, windowMs: number): Promise<Map<string, ContextNeighbours>>;
  /**
   * {@link MemoryStore.contextNeighbours} and, in the same read, the cosine similarity of
   * `query.vector` to every memory of the anchors' windows: each id of `ids` that passes
   * `filter` and its neighbours up to `query.radius` places (≤ `radius`) on either side,
   * i.e. what `vectorSimilarities` would answer for those ids. Optional (implemented with
   * `contextNeighbours` where one read is cheaper than two: SQLite reads the vectors by the
   * rowids the neighbour scan found, not by id); the search path falls back to
   * `contextNeighbours` then `vectorSimilarities`.
   * @returns `chains` exactly as `contextNeighbours` returns them; `cosines` by memory id
   *   (memories without a vector in the active space absent).
   * @throws MnemoError UNAVAILABLE when vector search is unavailable (as `vectorSimilarities`).
   */
  contextWindows?(ids: string[], filter: MemoryFilter, radius: number, windowMs: number, query: { vector: Vector; radius: number }):
    Promise<{ chains: Map<string, ContextNeighbours>; cosines: Map<string, number> }>;
  /**
   * Pages through every non-deleted memory (all users) for reindexing, in a stable order
   * that memories added during the scan do not disturb.
   * @param after the `next` of the previous page, `null` for the first.
   * @returns up to `limit` rows and the cursor of the next page (`null` when done).
   */
  scanForReindex(after: ReindexCursor | null, limit: number): Promise<{ rows: Array<{ id: string; content: string }>; next: ReindexCursor | null }>;
  /** Whether any non-deleted memory (of any user) is stored. */
  hasMemories(): Promise<boolean>;
  /** Stores vectors into the active space (replacing existing ones for the same ids). */
  putVectors(rows: Array<{ id: string; vector: Vector }>): Promise<void>;

  /** Content history of one memory of `userId`, oldest first. */
  history(id: string, userId: string): Promise<HistoryEntry[]>;
  /** State changes of one memory of `userId`, oldest first. */
  statusHistory(id: string, userId: string): Promise<StatusChange[]>;
  /**
   * Appends reads to the access log. A store may buffer them and write them shortly after
   * in one transaction (SQLite: within 100 ms, sqlite-access-buffer.ts); it then writes
   * them before any read of the log it serves (`accessLog`, `activity`, `mostRecalled`,
   * `neverRecalled`, app statistics) and on `close`, so none is lost on a clean shutdown.
   */
  logAccess(entries: Array<Omit<AccessLogEntry, 'createdAt'> & { at: number }>): Promise<void>;
  /**
   * One user's reads (access log) and writes (content history; state changes other than
   * creation and deletion, as their new state), newest first, paginated; `app` keeps
   * only that app's events. Served from a (user, time) index per table.
   */
  activity(userId: string, page: { app?: string | undefined; limit: number; offset: number }): Promise<{ rows: ActivityEntry[]; total: number }>;
  /**
   * The entities holding memories that match `filter` (the user, each agent id, each run
   * id) with counts and times: the user first, then agents, then runs, by id. Not a read
   * of any memory (nothing to log).
   */
  entities(filter: MemoryFilter): Promise<EntitySummary[]>;
  /** Access log of one memory, newest first, paginated. */
  accessLog(id: string, userId: string, page: { limit: number; offset: number }): Promise<{ rows: AccessLogEntry[]; total: number }>;

  /** Counts for `mnemo stats`. */
  stats(userId?: string): Promise<StoreStats>;

  // --- Transfer (issue 12) ---
  /**
   * Which of `ids` are taken by any memory row (any user, any state, deleted included):
   * an import keeps a file's ids only where they are free, since ids are global.
   */
  existingIds(ids: string[]): Promise<Set<string>>;
  /** Closes the database. Further calls reject. */
  close(): Promise<void>;

  // --- Time travel (as_of reads, engine/as-of.ts) ---
  /**
   * Ids of `userId`'s memories whose text or existence changed (UPDATE or DELETE history
   * rows) after `at` (epoch ms), most recently changed first, at most `limit`: the
   * memories whose text as of `at` differs from the indexed one.
   */
  memoriesChangedAfter(userId: string, at: number, limit: number): Promise<string[]>;

  // --- Reflection (engine/reflection.ts) ---
  /**
   * `userId`'s active memories most read (access log rows) at or after `since`, most read
   * first, at most `limit`, with their read counts and last read time.
   */
  mostRecalled(userId: string, since: number, limit: number): Promise<Array<{ memory: MemoryRecord; reads: number; lastReadAt: number }>>;
  /** `userId`'s active memories created before `before` and never read, oldest first, at most `limit`. */
  neverRecalled(userId: string, before: number, limit: number): Promise<MemoryRecord[]>;
}
