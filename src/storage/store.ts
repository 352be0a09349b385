/**
 * The storage contract: everything the engine needs from a database, as coarse domain
 * operations (each write is one transaction inside the store). The interface is async
 * even over synchronous better-sqlite3 so a networked backend fits the same shape
 * (Kysely's lesson). Backend differences are capability flags, never backend checks.
 *
 * Failure contract: methods reject with `MnemoError` (`NOT_FOUND` never: absent rows are
 * `null`/empty; `UNAVAILABLE` for a vector operation when `capabilities.vectorSearch` is
 * false; `INTERNAL` for storage faults). A failed write leaves nothing half-written.
 */
import type { AccessLogEntry, ActivityEntry, EntitySummary, HistoryEntry, MemoryRecord, MemoryState, Metadata, StatusChange } from '../core/memory.js';
import type { Vector } from '../embedding/embedder.js';
import type { GovernanceStore } from './governance-store.js';

/** What a backend can do. */
export interface StoreCapabilities {
  /** Vector similarity search is available (e.g. sqlite-vec loaded). */
  vectorSearch: boolean;
  /** Why `vectorSearch` is false, for the `notice` users see; `null` when available. */
  vectorUnavailableReason: string | null;
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
  /** Case-insensitive substring of the content (no wildcards: `%` and `_` match literally). */
  contains?: string | undefined;
  /** What the reading app may see (its access rules); unset = everything. */
  visibility?: Visibility | undefined;
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

/** Sort order for listing. */
export interface ListOrder {
  by: 'created_at' | 'updated_at' | 'content' | 'app';
  direction: 'asc' | 'desc';
}

/** A ranked candidate from one retriever. `rank` is 1-based. */
export interface Candidate {
  id: string;
  rank: number;
  /** Keyword: BM25 as FTS5 reports it negated (higher is better). Vector: cosine similarity. */
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
  /** Database size on disk, bytes (0 for in-memory). */
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

  /** The active vector space, or `null` when no vector was stored yet. */
  vectorSpace(): Promise<VectorSpace | null>;
  /**
   * Makes `space` the active vector space, creating its index. Vectors of any previous
   * space are dropped (they are not comparable). Called at first use and by reindex.
   */
  resetVectorSpace(space: VectorSpace): Promise<void>;

  /**
   * Inserts memories, their vectors (into the active space; `null` = none) and their ADD
   * history rows in one transaction.
   */
  insertMemories(rows: Array<{ memory: NewMemory; vector: Vector | null }>): Promise<void>;
  /**
   * Replaces a memory's content (and optionally merges metadata, replaces categories and
   * vector), recording an UPDATE history row, in one transaction. `vector`: the new one,
   * `null` to drop it (text changed but not embedded), absent to keep the stored one.
   * @returns the updated record, or `null` when no such memory exists for `userId`.
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
  /** A non-deleted memory with this exact content hash in exactly this scope (user, agent, run). */
  findByHash(userId: string, agentId: string | null, runId: string | null, hash: string): Promise<MemoryRecord | null>;
  /** A page of memories matching `filter`, with the total count. */
  listMemories(filter: MemoryFilter, page: { limit: number; offset: number; order?: ListOrder }): Promise<{ rows: MemoryRecord[]; total: number }>;
  /** Ids of all memories matching `filter` (for bulk operations). */
  listIds(filter: MemoryFilter): Promise<string[]>;

  /** Full-text candidates: `match` is an FTS5 query; best first, at most `limit`. */
  keywordCandidates(match: string, filter: MemoryFilter, limit: number): Promise<Candidate[]>;
  /**
   * Nearest neighbours by cosine similarity in the active space; best first, at most
   * `limit`. Exact: every vector of the filtered rows is considered.
   */
  vectorCandidates(vector: Vector, filter: MemoryFilter, limit: number): Promise<Candidate[]>;
  /** Cosine similarity of `vector` to the stored vectors of these memories (ids without a vector are absent). */
  vectorSimilarities(vector: Vector, ids: string[]): Promise<Map<string, number>>;
  /**
   * Pages through non-deleted memories (by insertion order after `afterSeq`) for reindexing.
   * @returns rows with their `seq` cursor; empty when done.
   */
  scanForReindex(afterSeq: number, limit: number): Promise<Array<{ seq: number; id: string; content: string }>>;
  /** Stores vectors into the active space (replacing existing ones for the same ids). */
  putVectors(rows: Array<{ id: string; vector: Vector }>): Promise<void>;

  /** Content history of one memory of `userId`, oldest first. */
  history(id: string, userId: string): Promise<HistoryEntry[]>;
  /** State changes of one memory of `userId`, oldest first. */
  statusHistory(id: string, userId: string): Promise<StatusChange[]>;
  /** Appends reads to the access log (one transaction). */
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
}
