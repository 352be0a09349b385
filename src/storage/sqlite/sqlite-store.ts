/**
 * The SQLite backend of {@link MemoryStore}: one file (or `:memory:`), better-sqlite3,
 * WAL journal, `busy_timeout`, foreign keys on, migrations at open, FTS5 for BM25 (and,
 * for users above {@link KEYWORD_INDEX_MIN_ROWS} memories, a per-user in-memory BM25
 * index kept in step with the file: sqlite-keyword-index.ts) and sqlite-vec for vectors.
 *
 * Concurrency: every write is a `BEGIN IMMEDIATE` transaction, so two processes on one
 * file queue on the write lock (waiting up to `busyTimeoutMs`) instead of failing with
 * SQLITE_BUSY on a read-to-write upgrade. Durability: WAL with `synchronous=NORMAL`
 * survives a killed process (SQLite docs, "WAL mode ... synchronous=NORMAL"): every
 * committed transaction is in the WAL before the call returns.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { DbKey } from '../../config/db-key.js';
import { MnemoError } from '../../core/errors.js';
import type { AccessLogEntry, ActivityEntry, EntitySummary, HistoryEntry, MemoryRecord, MemoryState, Metadata, StatusChange } from '../../core/memory.js';
import type { Vector } from '../../embedding/embedder.js';
import { mapStorageFaults } from '../fault-mapping.js';
import type {
  Candidate, ContextNeighbours, InsertOutcome, KeywordQuery, ListOrder, MemoryFilter, MemoryStore, MemoryText, NewMemory, ReindexCursor, StoreCapabilities, StoreStats, VectorSpace,
} from '../store.js';
import { AccessLogBuffer, type PendingRead } from './sqlite-access-buffer.js';
import { activityPage } from './sqlite-activity.js';
import { checkKeyFitsFile, loadDriver, unlock } from './sqlite-cipher.js';
import { entitySummaries } from './sqlite-entities.js';
import { filterToSql } from './sqlite-filter.js';
import { registerFilterFunctions } from './sqlite-filter-tree.js';
import { contentMatch, fts5Match, MEMORIES_BM25_WEIGHTS, ownerMatch } from './sqlite-fts.js';
import { SqliteGovernanceStore } from './sqlite-governance.js';
import { isBusy, type LockWait, lockedError, withLockRetry } from './sqlite-lock.js';
import { SqliteGraphStore } from './sqlite-graph.js';
import { mostRecalled, neverRecalled } from './sqlite-reflection.js';
import { migrate, SCHEMA_VERSION } from './sqlite-migrations.js';
import { SqlitePlatformStore } from './sqlite-platform.js';
import {
  MEMORY_COLUMNS, type MemoryRow, toAccessLogEntry, toHistoryEntry, toMemoryRecord, toStatusChange,
} from './sqlite-rows.js';
import {
  type ActiveSpace, countVectors, createSpace, deleteVectors, knn, loadSqliteVec, putVector, readActiveSpace,
} from './sqlite-vector-index.js';
import { CodeIndexCache } from './sqlite-code-index.js';
import { KeywordIndexCache } from './sqlite-keyword-cache.js';
import type { UserKeywordIndex } from './sqlite-keyword-index.js';
import { backfillVectorBlobs, rescore, signCode, similaritiesById } from './sqlite-vector-blobs.js';

/**
 * The first `limit` of `hits` (best first) whose seq `allowed` maps to a memory id (the
 * rows that passed the caller's filter in SQL), as ranked candidates scored by `score`.
 */
function admitted<H extends { seq: number }>(hits: H[], allowed: Map<number, string>, limit: number, score: (hit: H) => number): Candidate[] {
  const out: Candidate[] = [];
  for (const h of hits) {
    if (out.length === limit) break;
    const id = allowed.get(h.seq);
    if (id !== undefined) out.push({ id, rank: out.length + 1, score: score(h) });
  }
  return out;
}

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file path, or `:memory:`. Parent folders are created. */
  path: string;
  /** How long a write waits for another process's lock inside SQLite (blocking the thread), ms. @default 10000 */
  busyTimeoutMs?: number;
  /**
   * After that, how long to keep retrying asynchronously (the event loop stays free)
   * before failing with `UNAVAILABLE`, ms (sqlite-lock.ts). Servers use a short
   * `busyTimeoutMs` and a budget here. @default 0
   */
  lockWaitMs?: number;
  /** Load sqlite-vec from this file instead of the npm package (tests use a bad path to exercise degradation). */
  sqliteVecPath?: string;
  /** Turn vector search off entirely. @default false */
  disableVectors?: boolean;
  /**
   * How `vectorCandidates` finds neighbours. `auto`: users with at least
   * {@link FAST_PATH_MIN_VECTORS} vectors go through the in-memory 1-bit code index with
   * exact rescoring (sqlite-code-index.ts; `capabilities.approximateVectorIndex`), smaller
   * ones through an exact scan. `exact`: always the exact scan (`exactVectorSearch`).
   * @default 'auto'
   */
  vectorIndex?: 'auto' | 'exact' | undefined;
  /**
   * How `keywordCandidates` ranks. `auto`: users with at least `keywordIndexMinRows`
   * memories go through a per-user in-memory BM25 index (sqlite-keyword-index.ts: built
   * on the user's first keyword search, IDF over the user's own rows), smaller ones
   * through FTS5. `fts`: always FTS5, for one-shot processes, whose one search would pay
   * the build (1.0 s at 100k memories against 15 ms for the FTS5 query; see
   * {@link KEYWORD_INDEX_MIN_ROWS}).
   * @default 'auto'
   */
  keywordIndex?: 'auto' | 'fts' | undefined;
  /** Smallest user (memories) served by the keyword index under `keywordIndex: 'auto'`; benchmarks set 0 to force it. @default KEYWORD_INDEX_MIN_ROWS */
  keywordIndexMinRows?: number | undefined;
  /** Time source for migration records, epoch ms. */
  now?: () => number;
  /**
   * The key of an encrypted file (sqlite-cipher.ts): opens it, or creates a new file
   * encrypted. Loads the cipher driver; without a key better-sqlite3 opens the file.
   */
  key?: DbKey | undefined;
}

/**
 * Page cache of an encrypted database, negative = KiB (SQLite `PRAGMA cache_size`): 64 MiB
 * instead of SQLite's 2 MiB default, because each cache miss costs a decryption.
 */
const ENCRYPTED_CACHE_KIB = -65_536;

/**
 * Memory-mapped I/O window of a plaintext file, bytes (SQLite `PRAGMA mmap_size`): 1 GiB.
 * Rescoring reads a few hundred vectors scattered over the BLOB table; through SQLite's
 * 2 MiB page cache each is a read() system call. Measured on a 10k-vector file (2 cores
 * shared and loaded): 400 rescored candidates p50 16.6 ms with the default, 3.5 ms with a
 * 64 MiB page cache, 1.6 ms memory-mapped. Address space only: pages are the OS's file
 * cache, shared between processes. Not used on encrypted files (pages need decrypting).
 */
const MMAP_BYTES = 1024 * 1024 * 1024;

/** sqlite-vec's largest `k` in one KNN query (vec0 rejects more). */
const MAX_KNN_K = 4096;

/**
 * Keyword probes: the FTS table ranks alone (`ORDER BY bm25 LIMIT k`, no join per match),
 * then the top rows are checked against the filter. A user holding at most
 * {@link OWNER_MATCH_MAX_SHARE} of the rows is matched through the owner column
 * (migration 8: `owner AND terms`), so FTS5 ranks that user's matches alone; a larger
 * share matches the terms alone (intersecting with an owner doclist that holds most rows
 * costs more than it saves). Scores are the same either way (the owner column weighs 0).
 * k is `limit * KEYWORD_PROBE_FIRST` divided by the share of the rows matched that are
 * the user's (1 through the owner column), then 12 times that when the filter removed
 * more; past that, or past {@link KEYWORD_PROBE_MAX_ROWS}, the exact query (FTS joined to
 * `memories`, only passing rows ranked) answers. Ranking costs about the same for any k
 * (every match is scored); k bounds the id lookups.
 */
const KEYWORD_PROBE_FIRST = 4;
const KEYWORD_PROBE_WIDEN = 12;
const KEYWORD_PROBE_MAX_ROWS = 5000;

/**
 * Largest share of the rows a user may hold and still be matched through the owner
 * column. Measured with bench/write-keyword-scale.ts at 100k memories: 1/100 share,
 * keyword CPU 17.7 -> 4.0 ms with the owner match; 1/1 share, 18.4 -> 26.2 ms (adds
 * 8.1 -> 15.3 ms): the owner phrase's doclist is as long as the index. Between those,
 * not measured: 1/4 is a guess.
 */
const OWNER_MATCH_MAX_SHARE = 0.25;

/** How long a user's share of the rows (which picks the keyword strategy) is reused, ms. */
const USER_SHARE_TTL_MS = 60_000;

/**
 * Window of a {@link KeywordQuery.minShared} probe, rows: the probe considers the newest
 * this-many memories holding one of its driving terms (all of them when those terms are
 * that rare), so its cost is bounded whatever the store's size. Measured with
 * bench/write-keyword-scale.ts at 100k LoCoMo-drawn memories: 48/50 restatements found.
 */
const PROBE_WINDOW_ROWS = 2000;

/** A term's rows are counted up to this many when ranking terms by rarity (each count reads at most this many doclist entries). */
const RARITY_COUNT_CAP = PROBE_WINDOW_ROWS;

/** Distinct SQL texts whose prepared statements are kept (dynamic filters make new texts). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The fast path's two stages. The code index proposes `limit` x CANDIDATES_PER_RESULT
 * candidates by Hamming distance (at least {@link MIN_CANDIDATES}, at most a quarter of
 * the user's vectors), of which the `limit` x {@link RESCORED_PER_RESULT} best by the
 * asymmetric estimate `<q, sign(x)>` (at least {@link MIN_RESCORED}; sign-rerank.ts) are
 * rescored exactly in SQL. Measured with `node dist/bench/latency/vector-threshold.js
 * 10000,100000 100` (record bench/results/vector-threshold-2026-11-29T10-35-20Z.json: one
 * user, fast bag-of-words embedder, LoCoMo sentences, limit 50, 512 dimensions), recall@10
 * / recall@50 against the exact scan at 100k vectors: Hamming 800 rescored exactly (the
 * earlier path) 0.993 / 0.961; 800 then 200 0.991 / 0.915; 1600 then 300 0.994 / 0.962;
 * 1600 then 400 0.996 / 0.979 (at 10k, 1600 then 300: 0.999 / 0.989). 1600 then 300 is the
 * cheapest pair keeping both recalls of the earlier path at depth 50; rescoring costs about
 * 3.3 us per candidate at 100k, the second stage about 0.2 us (bench/README.md, "WASM
 * popcount and two-stage rescoring"). The floors are 800 then 200 (recall@10 0.991 at 100k,
 * 0.994 at 10k, same record): the depth of a default search (limit 10 with conversation
 * context asks for 25) needs the top 10-25 right, not the top 50, and saves about 0.7 ms
 * at 100k (`npm run bench -- breakdown`, bench/README.md "Speed at scale after merging").
 */
const CANDIDATES_PER_RESULT = 32;
/** See {@link CANDIDATES_PER_RESULT}: the Hamming candidates of any depth up to 25. */
const MIN_CANDIDATES = 800;
/** See {@link CANDIDATES_PER_RESULT}: the exactly rescored share of the candidates, per result. */
const RESCORED_PER_RESULT = 6;
/** See {@link CANDIDATES_PER_RESULT}: the rescored count of any depth up to 33. */
const MIN_RESCORED = 200;

/**
 * Users with fewer vectors than this are searched exactly (vec0 KNN), larger ones through
 * the code index: the first pass must cut the candidates to at most a quarter of the
 * user's vectors to pay (the same rule ends widening for selective filters), and below
 * it vec0's exact KNN costs a few milliseconds (about 1.3 ms per 1k vectors, issue 15).
 * 4 x 800, the first pass's count when this was chosen (users this small get a quarter of
 * their vectors as candidates, at least 800, still at least 300 rescored).
 */
export const FAST_PATH_MIN_VECTORS = 3200;

/**
 * Users holding at least this many memories are ranked by the in-memory keyword index
 * (sqlite-keyword-index.ts, sqlite-keyword-cache.ts), smaller ones by FTS5, whose cost
 * grows with the user's matches. Measured with `node --expose-gc dist/bench/latency/keyword-threshold.js
 * --sizes 400,1000,3200,10000,100000` (record bench/results/keyword-threshold-2026-11-29T10-57-32Z.json,
 * CPU p50 per call, limit 50, LoCoMo-style questions), FTS5 / index: 0.53 / 0.38 ms at
 * 1k, 0.95 / 0.40 at 3.2k, 2.02 / 0.40 at 10k, 14.8 / 0.87 at 100k; the build costs
 * 37 ms at 3.2k, 71 ms at 10k, 1.0 s at 100k, and the index about 300 bytes a memory.
 * Below 3,200 the index saves under 0.6 ms a search; the vector side's threshold
 * ({@link FAST_PATH_MIN_VECTORS}) is the same.
 */
export const KEYWORD_INDEX_MIN_ROWS = 3200;

const LIST_ORDER_COLUMNS: Record<ListOrder['by'], string> = {
  created_at: 'm.created_at',
  updated_at: 'm.updated_at',
  content: 'm.content COLLATE NOCASE',
  app: 'm.app',
};

/**
 * Opens (creating if needed) a SQLite memory store and applies migrations.
 * @throws MnemoError UNAVAILABLE when better-sqlite3 (or, with a key, the cipher driver) is
 *   missing or the file cannot be opened; UNAVAILABLE when the schema is newer than this
 *   build; INTERNAL when a migration fails; FORBIDDEN when the file is encrypted and the
 *   key is missing or wrong; INVALID_INPUT for a key given to a plaintext file.
 * @example const store = await openSqliteStore({ path: ':memory:' });
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const key = options.key;
  checkKeyFitsFile(options.path, key);
  const BetterSqlite = await loadDriver(key !== undefined);
  const now = options.now ?? Date.now;
  let db: Database.Database;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    db = new BetterSqlite(options.path);
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  } catch (cause) {
    throw new MnemoError('UNAVAILABLE', `cannot open database ${options.path}: ${(cause as Error).message}`, { cause });
  }
  if (key !== undefined) {
    try {
      unlock(db, key, options.path); // proves the key with a read before anything writes
      // Every page read from disk is decrypted and checked (HMAC); a larger page cache keeps
      // decrypted pages (vector scans read every page), measured in bench/encryption.ts.
      db.pragma(`cache_size = ${ENCRYPTED_CACHE_KIB}`);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  try {
    if (options.path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    if (key === undefined && options.path !== ':memory:') db.pragma(`mmap_size = ${MMAP_BYTES}`);
    db.pragma('foreign_keys = ON');
    registerFilterFunctions(db);
  } catch (cause) {
    throw new MnemoError('UNAVAILABLE', `cannot open database ${options.path}: ${(cause as Error).message}`, { cause });
  }
  const vecError = options.disableVectors ? 'vector search is disabled' : await loadSqliteVec(db, options.sqliteVecPath);
  try {
    migrate(db, now());
  } catch (cause) {
    db.close();
    if (cause instanceof MnemoError) throw cause;
    throw new MnemoError('INTERNAL', `cannot migrate database ${options.path}: ${(cause as Error).message}`, { cause });
  }
  const exact = options.vectorIndex === 'exact';
  return mapStorageFaults(new SqliteStore(db, options.path, {
    vectorSearch: vecError === null,
    vectorUnavailableReason: vecError,
    keywordScore: 'bm25',
    // Exact scan for small users (or always with vectorIndex 'exact'); above
    // FAST_PATH_MIN_VECTORS a 1-bit first pass may miss a true neighbour (rescored exactly).
    exactVectorSearch: exact,
    approximateVectorIndex: !exact,
    filterPushdown: true,
    conversationContext: true,
  }, { lockWaitMs: options.lockWaitMs ?? 0 }, {
    minRows: options.keywordIndex === 'fts' ? Number.POSITIVE_INFINITY : options.keywordIndexMinRows ?? KEYWORD_INDEX_MIN_ROWS,
  }));
}

/** SQLite implementation of {@link MemoryStore}. Construct with {@link openSqliteStore}. */
export class SqliteStore implements MemoryStore {
  readonly kind = 'sqlite';
  readonly schemaVersion = SCHEMA_VERSION;
  readonly capabilities: StoreCapabilities;
  readonly governance: SqliteGovernanceStore;
  readonly platform: SqlitePlatformStore;
  readonly graph: SqliteGraphStore;
  private space: ActiveSpace | null = null;
  private spaceChecked = false;
  /** Each user's share of the rows, as last counted (keyword strategy, {@link userShare}). */
  private readonly shares = new Map<string, { share: number; at: number }>();
  private readonly statements = new Map<string, Database.Statement>();
  /** Reads waiting to be written to `memory_access_log` (sqlite-access-buffer.ts). */
  private readonly reads: AccessLogBuffer;
  /** `PRAGMA data_version` when the space was last read: it changes when another connection commits. */
  private dataVersion = -1;
  private readonly codes = new CodeIndexCache();
  private readonly keywords = new KeywordIndexCache();

  constructor(
    private readonly db: Database.Database, private readonly path: string, capabilities: StoreCapabilities,
    private readonly wait: LockWait = { lockWaitMs: 0 },
    /** Keyword index: users with at least `minRows` memories use it (infinity: never). */
    private readonly keywordIndex: { minRows: number } = { minRows: KEYWORD_INDEX_MIN_ROWS },
  ) {
    this.capabilities = capabilities;
    this.reads = new AccessLogBuffer((entries) => this.writeAccessLog(entries));
    this.governance = new SqliteGovernanceStore(db, wait, () => this.reads.flush());
    this.platform = new SqlitePlatformStore(db);
    this.graph = new SqliteGraphStore(db);
  }

  /**
   * Runs `fn` in a `BEGIN IMMEDIATE` transaction.
   * @throws MnemoError CONFLICT when it would store a second live memory with the same
   *   text in one scope (unique index of migration 4), e.g. an edit to another memory's text.
   */
  private async write<T>(fn: () => T): Promise<T> {
    try {
      return await withLockRetry(() => this.db.transaction(fn).immediate(), this.wait);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new MnemoError('CONFLICT', 'a memory with the same text already exists in this scope', { cause: error });
      }
      if (isBusy(error)) throw lockedError(error);
      throw error;
    }
  }

  /** The prepared statement of `sql`, prepared once and kept (least recently prepared dropped past {@link STATEMENT_CACHE_SIZE}). */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Re-reads the active space (another process may have reindexed). */
  private activeSpace(): ActiveSpace | null {
    if (!this.capabilities.vectorSearch) return null;
    this.space = readActiveSpace(this.db);
    this.spaceChecked = true;
    return this.space;
  }

  async vectorSpace(): Promise<VectorSpace | null> {
    const s = this.activeSpace();
    return s ? { embedderId: s.embedderId, dimensions: s.dimensions } : null;
  }

  async resetVectorSpace(space: VectorSpace): Promise<void> {
    this.requireVectors();
    this.space = await this.write(() => createSpace(this.db, space, Date.now()));
    this.codes.clear();
  }

  /**
   * The active space for a read: re-read when another connection committed since
   * (a reindex in another process), and its BLOB copy made if the file predates it.
   */
  private async searchSpace(): Promise<ActiveSpace | null> {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    let space = this.spaceChecked && version === this.dataVersion ? this.space : this.activeSpace();
    this.dataVersion = version;
    if (space && !space.blobCopy) {
      const old = space;
      await this.write(() => backfillVectorBlobs(this.db, old.id, old.tableName));
      space = this.activeSpace();
    }
    return space;
  }

  private requireVectors(): void {
    if (!this.capabilities.vectorSearch) {
      throw new MnemoError('UNAVAILABLE', this.capabilities.vectorUnavailableReason ?? 'vector search unavailable');
    }
  }

  async insertMemories(rows: Array<{ memory: NewMemory; vector: Vector | null }>): Promise<InsertOutcome[]> {
    const insert = this.stmt(`INSERT INTO memories
      (id, user_id, agent_id, run_id, app, content, content_hash, metadata, categories, state, created_at, updated_at, expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const history = this.stmt(`INSERT INTO memory_history(id, memory_id, user_id, event, old_memory, new_memory, app, created_at)
      VALUES (?, ?, ?, 'ADD', NULL, ?, ?, ?)`);
    const status = this.stmt(`INSERT INTO memory_status_history(memory_id, user_id, old_state, new_state, changed_by, created_at)
      VALUES (?, ?, NULL, ?, ?, ?)`);
    const pastHistory = this.stmt(`INSERT INTO memory_history(id, memory_id, user_id, event, old_memory, new_memory, app, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const historyIdTaken = this.stmt('SELECT 1 FROM memory_history WHERE id = ?');
    const pastStatus = this.stmt(`INSERT INTO memory_status_history(memory_id, user_id, old_state, new_state, changed_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`);
    const held = this.stmt(`SELECT id FROM memories
      WHERE user_id = ? AND content_hash = ? AND agent_id IS ? AND run_id IS ? AND state <> 'deleted' ORDER BY seq LIMIT 1`);
    // The check and the insert share one BEGIN IMMEDIATE transaction, so a concurrent
    // writer (another process on the file) cannot slip the same key in between; the unique
    // index of migration 4 backs it. An older copy kept by that migration answers too
    // (the oldest holder is reported).
    return this.write(() => {
      const space = rows.some((r) => r.vector) ? this.activeSpace() : null;
      const outcomes: InsertOutcome[] = [];
      for (const { memory: m, vector } of rows) {
        const existing = held.get(m.userId, m.hash, m.agentId, m.runId) as { id: string } | undefined;
        if (existing) {
          outcomes.push({ id: existing.id, inserted: false });
          continue;
        }
        const state = m.state ?? 'active';
        const info = insert.run(m.id, m.userId, m.agentId, m.runId, m.app, m.content, m.hash,
          JSON.stringify(m.metadata), JSON.stringify(m.categories), state, m.createdAt, m.updatedAt ?? m.createdAt, m.expiresAt ?? null);
        if (m.history && m.history.length > 0) {
          for (const h of m.history) {
            const id = historyIdTaken.get(h.id) ? crypto.randomUUID() : h.id;
            pastHistory.run(id, m.id, m.userId, h.event, h.oldMemory, h.newMemory, h.app, h.at);
          }
        } else history.run(crypto.randomUUID(), m.id, m.userId, m.content, m.app, m.createdAt);
        if (m.statusHistory && m.statusHistory.length > 0) {
          for (const c of m.statusHistory) pastStatus.run(m.id, m.userId, c.oldState, c.newState, c.changedBy, c.at);
        } else status.run(m.id, m.userId, state, m.app, m.createdAt);
        if (vector && space && vector.length === space.dimensions) {
          putVector(this.db, space, Number(info.lastInsertRowid), m.userId, vector);
        }
        outcomes.push({ id: m.id, inserted: true });
      }
      return outcomes;
    });
  }

  async updateMemory(
    id: string,
    userId: string,
    change: { content: string; hash: string; vector?: Vector | null | undefined; metadata?: Metadata; categories?: string[]; app: string | null; at: number },
  ): Promise<MemoryRecord | null> {
    return this.write(() => {
      const row = this.selectRow(id, userId);
      if (!row) return null;
      // Only a change of text can take another memory's key (an older copy kept by
      // migration 4 may still change its metadata).
      const holder = change.hash === row.content_hash ? undefined : this.stmt(`SELECT id FROM memories
        WHERE user_id = ? AND content_hash = ? AND agent_id IS ? AND run_id IS ? AND state <> 'deleted' AND seq <> ? ORDER BY seq LIMIT 1`)
        .get(userId, change.hash, row.agent_id, row.run_id, row.seq) as { id: string } | undefined;
      if (holder) {
        throw new MnemoError('CONFLICT', `memory ${holder.id} already holds this text in the same scope`, { data: { id: holder.id } });
      }
      const metadata = change.metadata ? { ...JSON.parse(row.metadata), ...change.metadata } : JSON.parse(row.metadata);
      const categories = change.categories ?? JSON.parse(row.categories);
      this.stmt(`UPDATE memories SET content = ?, content_hash = ?, metadata = ?, categories = ?, updated_at = ?
        WHERE seq = ?`).run(change.content, change.hash, JSON.stringify(metadata), JSON.stringify(categories), change.at, row.seq);
      this.stmt(`INSERT INTO memory_history(id, memory_id, user_id, event, old_memory, new_memory, app, created_at)
        VALUES (?, ?, ?, 'UPDATE', ?, ?, ?, ?)`).run(crypto.randomUUID(), id, userId, row.content, change.content, change.app, change.at);
      const space = change.vector === undefined ? null : this.activeSpace();
      if (space) {
        if (change.vector && change.vector.length === space.dimensions) putVector(this.db, space, row.seq, userId, change.vector);
        else deleteVectors(this.db, space, [row.seq]);
      }
      return toMemoryRecord(this.selectRow(id, userId)!);
    });
  }

  async setState(ids: string[], userId: string, state: MemoryState, changedBy: string | null, at: number): Promise<string[]> {
    return this.write(() => {
      const changed: string[] = [];
      const space = state === 'deleted' ? this.activeSpace() : null;
      for (const id of ids) {
        const row = this.selectRow(id, userId);
        if (!row || row.state === state) continue;
        this.db.prepare('UPDATE memories SET state = ?, updated_at = ? WHERE seq = ?').run(state, at, row.seq);
        this.db.prepare(`INSERT INTO memory_status_history(memory_id, user_id, old_state, new_state, changed_by, created_at)
          VALUES (?, ?, ?, ?, ?, ?)`).run(id, userId, row.state, state, changedBy, at);
        if (state === 'deleted') {
          this.db.prepare(`INSERT INTO memory_history(id, memory_id, user_id, event, old_memory, new_memory, app, created_at)
            VALUES (?, ?, ?, 'DELETE', ?, NULL, ?, ?)`).run(crypto.randomUUID(), id, userId, row.content, changedBy, at);
          if (space) deleteVectors(this.db, space, [row.seq]);
        }
        changed.push(id);
      }
      return changed;
    });
  }

  /** A non-deleted row of `userId` by id. */
  private selectRow(id: string, userId: string): MemoryRow | undefined {
    return this
      .stmt(`SELECT ${MEMORY_COLUMNS} FROM memories m WHERE m.id = ? AND m.user_id = ? AND m.state <> 'deleted'`)
      .get(id, userId) as MemoryRow | undefined;
  }

  async getMemory(id: string, userId: string): Promise<MemoryRecord | null> {
    const row = this.selectRow(id, userId);
    return row ? toMemoryRecord(row) : null;
  }

  async getMemories(ids: string[], filter: MemoryFilter): Promise<MemoryRecord[]> {
    if (ids.length === 0) return [];
    // Through the id index (CROSS JOIN keeps json_each outermost): left to itself the
    // planner walks the user's whole memories_user_state_created range, O(memories).
    const where = filterToSql({ ...filter, ids: undefined });
    const rows = this.stmt(`SELECT ${MEMORY_COLUMNS} FROM json_each(?) j CROSS JOIN memories m ON m.id = j.value WHERE ${where.sql}`)
      .all(JSON.stringify(ids), ...where.params) as MemoryRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toMemoryRecord(row)] : [];
    });
  }

  async getMemoryTexts(ids: string[], filter: MemoryFilter): Promise<MemoryText[]> {
    if (ids.length === 0) return [];
    // As getMemories (through the id index), four columns, no record built per row.
    const where = filterToSql({ ...filter, ids: undefined });
    const rows = this.stmt(`SELECT m.id, m.content, m.agent_id, m.run_id FROM json_each(?) j CROSS JOIN memories m ON m.id = j.value WHERE ${where.sql}`)
      .raw().all(JSON.stringify(ids), ...where.params) as Array<[string, string, string | null, string | null]>;
    const byId = new Map(rows.map((r) => [r[0], r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ id, memory: r[1], agentId: r[2], runId: r[3] }] : [];
    });
  }

  async findByHash(userId: string, agentId: string | null, runId: string | null, hash: string): Promise<MemoryRecord | null> {
    const row = this.stmt(`SELECT ${MEMORY_COLUMNS} FROM memories m
      WHERE m.user_id = ? AND m.content_hash = ? AND m.agent_id IS ? AND m.run_id IS ? AND m.state <> 'deleted' LIMIT 1`)
      .get(userId, hash, agentId, runId) as MemoryRow | undefined;
    return row ? toMemoryRecord(row) : null;
  }

  async listMemories(filter: MemoryFilter, page: { limit: number; offset: number; order?: ListOrder }): Promise<{ rows: MemoryRecord[]; total: number }> {
    const where = filterToSql(filter);
    const order = page.order ?? { by: 'created_at', direction: 'desc' };
    const dir = order.direction === 'asc' ? 'ASC' : 'DESC';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM memories m WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${MEMORY_COLUMNS} FROM memories m WHERE ${where.sql}
        ORDER BY ${LIST_ORDER_COLUMNS[order.by]} ${dir}, m.seq ${dir} LIMIT ? OFFSET ?`)
      .all(...where.params, page.limit, page.offset) as MemoryRow[];
    return { rows: rows.map(toMemoryRecord), total };
  }

  async listIds(filter: MemoryFilter): Promise<string[]> {
    const where = filterToSql(filter);
    return (this.db.prepare(`SELECT m.id FROM memories m WHERE ${where.sql} ORDER BY m.seq`).all(...where.params) as Array<{ id: string }>)
      .map((r) => r.id);
  }

  async keywordCandidates(query: KeywordQuery, filter: MemoryFilter, limit: number): Promise<Candidate[]> {
    if (query.terms.length === 0) return [];
    // A large user: the in-memory index (it answers null when it cannot: a phrase-like
    // term, or a filter removing too many of its best rows). A filter naming a few ids
    // goes to FTS5, which ranks only those.
    const few = filter.ids !== undefined && filter.ids.length < KEYWORD_INDEX_MIN_ROWS;
    const index = Number.isFinite(this.keywordIndex.minRows) && !few ? this.keywords.index(this.db, filter.userId, this.keywordIndex.minRows) : null;
    if (index) {
      const found = query.minShared !== undefined
        ? this.indexSharedCandidates(index, query.terms, query.minShared, filter, limit)
        : this.indexKeywordCandidates(index, query.terms, filter, limit);
      if (found) return found;
    }
    // A small share: only the user's rows match (owner column, migration 8), so FTS5
    // ranks that user's matches alone, however many other users the file holds.
    const share = this.userShare(filter.userId);
    const scope = share <= OWNER_MATCH_MAX_SHARE ? (expr: string) => ownerMatch(filter.userId, expr) : contentMatch;
    const match = scope(fts5Match(query));
    const where = filterToSql(filter);
    try {
      if (query.minShared !== undefined) return this.sharedTermCandidates(query.terms, query.minShared, filter, limit, scope);
      // The FTS table ranks alone, then its top rows are looked up by rowid and filtered
      // (ranking joined to memories costs a row lookup per match: ~2.5x slower at 100k).
      // A row's BM25 is the same in either query, so the filtered top rows of the FTS
      // ranking are exactly the top rows among the filtered ones.
      const mine = scope === contentMatch ? share : 1;
      const first = Math.max(40, Math.ceil((limit * KEYWORD_PROBE_FIRST) / Math.max(mine, 1e-9)));
      for (const k of [first, first * KEYWORD_PROBE_WIDEN].filter((x) => x <= KEYWORD_PROBE_MAX_ROWS)) {
        // bm25() rather than the rank column: 14 vs 22 ms of CPU per query at 100k (the FTS5 sorter behind `rank` costs more).
        const hits = this.stmt(`SELECT rowid AS seq, bm25(memories_fts, ${MEMORIES_BM25_WEIGHTS}) AS bm25 FROM memories_fts WHERE memories_fts MATCH ? ORDER BY bm25 LIMIT ?`)
          .all(match, k) as Array<{ seq: number; bm25: number }>;
        const allowed = new Map((this.stmt(`SELECT m.seq, m.id FROM json_each(?) j CROSS JOIN memories m ON m.seq = j.value WHERE ${where.sql}`)
          .all(JSON.stringify(hits.map((h) => h.seq)), ...where.params) as Array<{ seq: number; id: string }>).map((r) => [r.seq, r.id]));
        const out = admitted(hits, allowed, limit, (h) => -h.bm25);
        if (out.length >= limit || hits.length < k) return out;
      }
      // The filter removed most top rows (another user's, other states...): rank only the passing rows.
      const rows = this.stmt(`SELECT m.id, bm25(memories_fts, ${MEMORIES_BM25_WEIGHTS}) AS bm25
          FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
          WHERE memories_fts MATCH ? AND ${where.sql}
          ORDER BY bm25 LIMIT ?`)
        .all(match, ...where.params, limit) as Array<{ id: string; bm25: number }>;
      return rows.map((r, i) => ({ id: r.id, rank: i + 1, score: -r.bm25 }));
    } catch (cause) {
      throw new MnemoError('INVALID_INPUT', `keyword query could not be parsed: ${(cause as Error).message}`, { cause });
    }
  }

  /**
   * Resolves when the in-memory keyword index of `userId` is built, if a build is in
   * progress (users above 10k memories are indexed in steps while FTS5 answers:
   * sqlite-keyword-cache.ts); at once otherwise. SQLite-specific, for benchmarks and
   * tests that measure the index's steady state.
   */
  keywordIndexReady(userId: string): Promise<void> {
    return this.keywords.ready(userId);
  }

  /**
   * Keyword candidates from `index`: its best k by BM25 (exact, per-user IDF), the ones
   * passing `filter` kept in order (one SQL statement), k widened like the FTS5 probe.
   * @returns `null` when the index cannot answer (a phrase-like term) or the filter
   *   removed too many rows (the FTS5 path then ranks the passing rows only).
   */
  private indexKeywordCandidates(index: UserKeywordIndex, terms: string[], filter: MemoryFilter, limit: number): Candidate[] | null {
    const first = Math.max(40, limit * KEYWORD_PROBE_FIRST);
    for (let k = first; k <= KEYWORD_PROBE_MAX_ROWS; k *= KEYWORD_PROBE_WIDEN) {
      const hits = index.top(terms, k);
      if (hits === null) return null;
      const allowed = this.allowedSeqs(hits.map((h) => h.seq), filter);
      const out = admitted(hits, allowed, limit, (h) => h.score);
      if (out.length >= limit || hits.length < k) return out;
    }
    return null;
  }

  /**
   * The {@link KeywordQuery.minShared} probe from `index` (UserKeywordIndex.shared: the
   * newest {@link PROBE_WINDOW_ROWS} memories holding one of the rarest terms), the ones
   * passing `filter` kept. `null` when the index cannot answer (a phrase-like term).
   */
  private indexSharedCandidates(index: UserKeywordIndex, terms: string[], minShared: number, filter: MemoryFilter, limit: number): Candidate[] | null {
    const hits = index.shared(terms, minShared, PROBE_WINDOW_ROWS);
    if (hits === null) return null;
    // Confirmed a chunk at a time (best first): usually the first chunk fills `limit`.
    const out: Candidate[] = [];
    for (let from = 0, size = Math.max(64, limit * 2); from < hits.length && out.length < limit; from += size, size *= 4) {
      const chunk = hits.slice(from, from + size);
      const allowed = this.allowedSeqs(chunk.map((h) => h.seq), filter);
      for (const h of chunk) {
        const id = allowed.get(h.seq);
        if (id !== undefined) out.push({ id, rank: out.length + 1, score: h.score });
        if (out.length === limit) break;
      }
    }
    return out;
  }

  /** seq -> id of the memories among `seqs` passing `filter` (one statement, through the seq index). */
  private allowedSeqs(seqs: number[], filter: MemoryFilter): Map<number, string> {
    if (seqs.length === 0) return new Map();
    const where = filterToSql(filter);
    return new Map((this.stmt(`SELECT m.seq, m.id FROM json_each(?) j CROSS JOIN memories m ON m.seq = j.value WHERE ${where.sql}`)
      .all(JSON.stringify(seqs), ...where.params) as Array<{ seq: number; id: string }>).map((r) => [r.seq, r.id]));
  }

  /**
   * The share of all rows (non-deleted or not: `MAX(seq)` bounds their number) that are
   * `userId`'s, in [0, 1]; counted through its index at most every {@link USER_SHARE_TTL_MS}.
   */
  private userShare(userId: string): number {
    const now = Date.now();
    let known = this.shares.get(userId);
    if (!known || now - known.at > USER_SHARE_TTL_MS) {
      const rows = this.stmt('SELECT COUNT(*) AS n FROM memories WHERE user_id = ?').get(userId) as { n: number };
      const total = this.stmt('SELECT MAX(seq) AS n FROM memories').get() as { n: number | null };
      known = { share: total.n ? Math.min(1, rows.n / total.n) : 1, at: now };
      if (this.shares.size >= STATEMENT_CACHE_SIZE) this.shares.clear();
      this.shares.set(userId, known);
    }
    return known.share;
  }

  /**
   * The {@link KeywordQuery.minShared} probe, over the rows `scope` matches (the user's
   * alone through the owner column when the user holds a small share). A memory sharing at least `minShared` of
   * the `n` terms holds at least one of any `n - minShared + 1` of them. The drivers are
   * the rarest of the terms (rows counted over every user's, up to {@link RARITY_COUNT_CAP}: an
   * upper bound of the user's own; counting only the user's rows reads a common term's
   * doclist past the cap, 8.5 vs 5.4 ms of CPU per add at 100k memories over 100 users,
   * bench/write-keyword-scale.ts): the
   * rarest one, then more while their rows together fit the window, up to that bound
   * (when they all fit, every such memory is found). Each term is intersected with the
   * drivers (FTS5 AND: doclist seeks, no BM25, whose IDF step reads every matching row of
   * every term), the shared terms are counted per row, and the rows passing `filter`
   * that share at least `minShared` come back, most shared first (ties: newest first).
   * When the drivers match more than the window, only the user's newest window is considered.
   */
  private sharedTermCandidates(terms: string[], minShared: number, filter: MemoryFilter, limit: number, own: (expr: string) => string): Candidate[] {
    const quoted = terms.map((term) => fts5Match({ terms: [term] }));
    const count = this.stmt(`SELECT COUNT(*) FROM (SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? LIMIT ${RARITY_COUNT_CAP + 1})`).pluck();
    const byRarity = quoted.map((q, i) => ({ q, i, rows: count.get(contentMatch(q)) as number })).sort((a, b) => a.rows - b.rows || a.i - b.i);
    // The rarest term always drives; more while their rows fit the window together.
    const picked = [byRarity[0]!];
    let rows = picked[0]!.rows;
    for (const d of byRarity.slice(1, Math.max(1, terms.length - minShared + 1))) {
      if (d.rows > RARITY_COUNT_CAP || rows + d.rows > PROBE_WINDOW_ROWS) break;
      picked.push(d);
      rows += d.rows;
    }
    const drivers = picked.map((d) => d.q).join(' OR ');
    const floor = (this.stmt(`SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ${PROBE_WINDOW_ROWS}`)
      .pluck().get(own(drivers)) as number | undefined) ?? 0;
    const where = filterToSql(filter);
    const arms = quoted.map(() => 'SELECT rowid AS seq FROM memories_fts WHERE memories_fts MATCH ? AND rowid >= ?').join(' UNION ALL ');
    const found = this.stmt(`SELECT m.id, c.n FROM (SELECT seq, COUNT(*) AS n FROM (${arms}) GROUP BY seq HAVING n >= ?) c
        CROSS JOIN memories m ON m.seq = c.seq WHERE ${where.sql} ORDER BY c.n DESC, c.seq DESC LIMIT ?`)
      .all(...quoted.flatMap((q) => [own(`(${drivers}) AND ${q}`), floor]), Math.max(1, minShared), ...where.params, limit) as Array<{ id: string; n: number }>;
    return found.map((r, i) => ({ id: r.id, rank: i + 1, score: r.n }));
  }

  async vectorCandidates(vector: Vector, filter: MemoryFilter, limit: number): Promise<Candidate[]> {
    this.requireVectors();
    const space = await this.searchSpace();
    if (!space || vector.length !== space.dimensions || limit <= 0) return [];
    const where = filterToSql(filter);
    const few = filter.ids !== undefined && filter.ids.length < FAST_PATH_MIN_VECTORS;
    if (!this.capabilities.approximateVectorIndex || few) return this.exactVectorCandidates(space, vector, where, filter.userId, limit);
    const index = this.codes.index(this.db, space.id, space.dimensions, filter.userId);
    // Hamming first pass over the user's codes, the best of those by <q, sign(x)>, then
    // exact cosine (and the filter, in SQL) on them; widen until `limit` candidates pass
    // the filter. Small users, and a filter keeping too few rows, go to the exact path.
    const first = Math.max(limit * CANDIDATES_PER_RESULT, MIN_CANDIDATES);
    const keep = Math.max(limit * RESCORED_PER_RESULT, MIN_RESCORED);
    for (let widen = 1; ; widen *= 4) {
      const count = widen === 1 ? Math.min(first, Math.floor(index.live / 4)) : first * widen;
      if (index.live < FAST_PATH_MIN_VECTORS || count * 4 > index.live) return this.exactVectorCandidates(space, vector, where, filter.userId, limit);
      const hits = rescore(this.db, vector, index.candidates(vector, count, keep * widen), where, limit);
      if (hits.length >= limit) return hits.map((h, i) => ({ id: h.id, rank: i + 1, score: h.score }));
    }
  }

  /**
   * Exact nearest neighbours: KNN over the user's vec0 partition, then the other
   * filters; widen k until enough filtered hits are found or every vector of the user was
   * considered. Past sqlite-vec's largest k, an exact scan of the filtered rows takes over.
   */
  private exactVectorCandidates(space: ActiveSpace, vector: Vector, where: { sql: string; params: unknown[] }, userId: string, limit: number): Candidate[] {
    let k = Math.min(Math.max(limit * 4, 64), MAX_KNN_K);
    for (;;) {
      const hits = knn(this.db, space, vector, userId, k);
      const seqs = hits.map((h) => h.seq);
      const allowed = new Map(
        (this.db.prepare(`SELECT m.seq, m.id FROM memories m WHERE m.seq IN (SELECT value FROM json_each(?)) AND ${where.sql}`)
          .all(JSON.stringify(seqs), ...where.params) as Array<{ seq: number; id: string }>).map((r) => [r.seq, r.id]),
      );
      const out = admitted(hits, allowed, limit, (h) => h.similarity);
      if (out.length >= limit || hits.length < k) return out;
      if (k >= MAX_KNN_K) return this.scanVectorCandidates(space, vector, where, limit);
      k = Math.min(k * 4, MAX_KNN_K);
    }
  }

  /** Exact nearest neighbours among the rows passing `where` (a full scan of them). */
  private scanVectorCandidates(space: ActiveSpace, vector: Vector, where: { sql: string; params: unknown[] }, limit: number): Candidate[] {
    const rows = this.db.prepare(`SELECT m.id, vec_distance_cosine(v.embedding, ?) AS distance
        FROM memories m JOIN "${space.tableName}" v ON v.rowid = m.seq
        WHERE ${where.sql} ORDER BY distance LIMIT ?`)
      .all(vector, ...where.params, limit) as Array<{ id: string; distance: number }>;
    return rows.map((r, i) => ({ id: r.id, rank: i + 1, score: 1 - r.distance }));
  }

  async vectorSimilarities(vector: Vector, ids: string[]): Promise<Map<string, number>> {
    this.requireVectors();
    const space = await this.searchSpace();
    if (!space || vector.length !== space.dimensions || ids.length === 0) return new Map();
    return similaritiesById(this.db, vector, ids);
  }

  async contextNeighbours(ids: string[], filter: MemoryFilter, radius: number, windowMs: number): Promise<Map<string, ContextNeighbours>> {
    const out = new Map<string, ContextNeighbours>();
    if (ids.length === 0 || radius < 1) return out;
    for (const [id, , before, after] of this.chainRows(ids, filter, radius, windowMs, false)) {
      out.set(id, { before: JSON.parse(before) as string[], after: JSON.parse(after) as string[] });
    }
    return out;
  }

  async contextWindows(ids: string[], filter: MemoryFilter, radius: number, windowMs: number, query: { vector: Vector; radius: number }):
    Promise<{ chains: Map<string, ContextNeighbours>; cosines: Map<string, number> }> {
    this.requireVectors();
    const chains = new Map<string, ContextNeighbours>();
    const cosines = new Map<string, number>();
    if (ids.length === 0 || radius < 1) return { chains, cosines };
    // The neighbour scan reports each memory's seq beside its id, so the vectors of the
    // windows are read by rowid (memory_vectors' key): no second lookup of every id
    // through the id index, which was about a third of the cosine read's time at 100k.
    const window = new Map<number, string>();
    const near = Math.min(query.radius, radius);
    for (const [id, seq, before, after] of this.chainRows(ids, filter, radius, windowMs, true)) {
      const b = JSON.parse(before) as Array<[string, number]>;
      const a = JSON.parse(after) as Array<[string, number]>;
      chains.set(id, { before: b.map((x) => x[0]), after: a.map((x) => x[0]) });
      window.set(seq, id);
      for (let i = 0; i < near && i < b.length; i++) window.set(b[i]![1], b[i]![0]);
      for (let i = 0; i < near && i < a.length; i++) window.set(a[i]![1], a[i]![0]);
    }
    const space = await this.searchSpace();
    if (!space || query.vector.length !== space.dimensions || window.size === 0) return { chains, cosines };
    for (const [seq, distance] of this.stmt(`SELECT v.seq, vec_distance_cosine(v.embedding, ?) FROM json_each(?) j
        CROSS JOIN memory_vectors v ON v.seq = j.value WHERE v.embedding IS NOT NULL AND length(v.embedding) = ?`).raw()
      .all(Buffer.from(query.vector.buffer, query.vector.byteOffset, query.vector.byteLength), JSON.stringify([...window.keys()]), query.vector.byteLength) as Array<[number, number]>) {
      cosines.set(window.get(seq)!, 1 - distance);
    }
    return { chains, cosines };
  }

  /**
   * One row per anchor of `ids` passing `filter`: its id, its seq, and its `radius`
   * neighbours before and after as JSON arrays, nearest first, of ids (or, `withSeqs`,
   * of `[id, seq]` pairs). One statement for all anchors: conversation order is
   * (created_at, seq), and the memories_user_state_created index (whose entries end in
   * the rowid, seq) serves each side as two bounded seeks: the anchor's own timestamp
   * from its seq on (`created_at = ? AND seq < ?`), then the earlier (later) timestamps
   * within the window. A row value `(created_at, seq) < (?, ?)` seeks on created_at only,
   * so memories stored in one call (one timestamp) were walked one by one up to the
   * anchor: 10x slower for 50 anchors in batches of 500, and LoCoMo stamps whole sessions
   * with one time (bench/README.md, "Speed at scale: context step and add path"). The
   * anchors are looked up by id (CROSS JOIN keeps json_each outermost): otherwise the
   * planner walks the user's whole (user_id, state) index range to find them.
   */
  private chainRows(ids: string[], filter: MemoryFilter, radius: number, windowMs: number, withSeqs: boolean): Array<[string, number, string, string]> {
    const where = filterToSql(filter);
    const item = withSeqs ? 'json_array(x.id, x.seq)' : 'x.id';
    const scope = `${where.sql} AND m.agent_id IS a.agent AND m.run_id IS a.run`;
    const side = (cmp: '<' | '>', dir: 'ASC' | 'DESC', window: string) => `(SELECT json_group_array(${item}) FROM (
        SELECT * FROM (SELECT m.id, m.seq FROM memories m WHERE ${scope} AND m.created_at = a.at AND m.seq ${cmp} a.seq
          ORDER BY m.seq ${dir} LIMIT ?)
        UNION ALL
        SELECT * FROM (SELECT m.id, m.seq FROM memories m WHERE ${scope} AND ${window}
          ORDER BY m.created_at ${dir}, m.seq ${dir} LIMIT ?)
        LIMIT ?) x)`;
    const sideParams = [...where.params, radius, ...where.params, windowMs, radius, radius];
    return this.stmt(`WITH a(id, seq, at, agent, run) AS (
        SELECT m.id, m.seq, m.created_at, m.agent_id, m.run_id FROM json_each(?) j CROSS JOIN memories m ON m.id = j.value
        WHERE ${where.sql})
      SELECT a.id, a.seq, ${side('<', 'DESC', 'm.created_at >= a.at - ? AND m.created_at < a.at')} AS before,
        ${side('>', 'ASC', 'm.created_at > a.at AND m.created_at <= a.at + ?')} AS after FROM a`)
      .raw().all(JSON.stringify(ids), ...where.params, ...sideParams, ...sideParams) as Array<[string, number, string, string]>;
  }

  async scanForReindex(after: ReindexCursor | null, limit: number): Promise<{ rows: Array<{ id: string; content: string }>; next: ReindexCursor | null }> {
    // The cursor is the last row's insertion sequence (rowid), as a decimal string.
    const afterSeq = after === null ? 0 : Number(after);
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new MnemoError('INVALID_INPUT', `not a reindex cursor of this store: ${after}`);
    const rows = this.db.prepare(`SELECT seq, id, content FROM memories WHERE seq > ? AND state <> 'deleted' ORDER BY seq LIMIT ?`)
      .all(afterSeq, limit) as Array<{ seq: number; id: string; content: string }>;
    const last = rows[rows.length - 1];
    return { rows: rows.map(({ id, content }) => ({ id, content })), next: last && rows.length === limit ? String(last.seq) : null };
  }

  async hasMemories(): Promise<boolean> {
    return this.db.prepare(`SELECT 1 FROM memories WHERE state <> 'deleted' LIMIT 1`).get() !== undefined;
  }

  async putVectors(rows: Array<{ id: string; vector: Vector }>): Promise<void> {
    this.requireVectors();
    await this.write(() => {
      const space = this.activeSpace();
      if (!space) throw new MnemoError('CONFLICT', 'no active vector space');
      const lookup = this.db.prepare('SELECT seq, user_id FROM memories WHERE id = ?');
      for (const { id, vector } of rows) {
        const row = lookup.get(id) as { seq: number; user_id: string } | undefined;
        if (row) putVector(this.db, space, row.seq, row.user_id, vector);
      }
    });
  }

  async history(id: string, userId: string): Promise<HistoryEntry[]> {
    return (this.db.prepare(`SELECT h.* FROM memory_history h JOIN memories m ON m.id = h.memory_id
      WHERE h.memory_id = ? AND m.user_id = ? ORDER BY h.seq`).all(id, userId) as Parameters<typeof toHistoryEntry>[0][])
      .map(toHistoryEntry);
  }

  async statusHistory(id: string, userId: string): Promise<StatusChange[]> {
    return (this.db.prepare(`SELECT s.* FROM memory_status_history s JOIN memories m ON m.id = s.memory_id
      WHERE s.memory_id = ? AND m.user_id = ? ORDER BY s.seq`).all(id, userId) as Parameters<typeof toStatusChange>[0][])
      .map(toStatusChange);
  }

  async logAccess(entries: Array<Omit<AccessLogEntry, 'createdAt'> & { at: number }>): Promise<void> {
    if (!this.db.open) throw new MnemoError('UNAVAILABLE', 'the store is closed');
    // Buffered: written within ACCESS_LOG_DELAY_MS in one transaction, or before any read of the log.
    this.reads.add(entries);
  }

  /** Writes buffered reads in one transaction (the user comes from the memory row, by its unique id). */
  private async writeAccessLog(entries: PendingRead[]): Promise<void> {
    const insert = this.stmt(`INSERT INTO memory_access_log(memory_id, user_id, app, action, query, score, created_at)
      SELECT m.id, m.user_id, ?, ?, ?, ?, ? FROM memories m WHERE m.id = ?`);
    await this.write(() => {
      for (const e of entries) insert.run(e.app, e.action, e.query, e.score, e.at, e.memoryId);
    });
  }

  /** Writes the buffered access-log entries now (reads of the log and `close` call it). */
  async flushAccessLog(): Promise<void> {
    await this.reads.flush();
  }

  async activity(userId: string, page: { app?: string | undefined; limit: number; offset: number }): Promise<{ rows: ActivityEntry[]; total: number }> {
    await this.reads.flush();
    return activityPage(this.db, userId, page);
  }

  async entities(filter: MemoryFilter): Promise<EntitySummary[]> {
    return entitySummaries(this.db, filter);
  }

  async accessLog(id: string, userId: string, page: { limit: number; offset: number }): Promise<{ rows: AccessLogEntry[]; total: number }> {
    await this.reads.flush();
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM memory_access_log a JOIN memories m ON m.id = a.memory_id
      WHERE a.memory_id = ? AND m.user_id = ?`).get(id, userId) as { n: number }).n;
    const rows = this.db.prepare(`SELECT a.* FROM memory_access_log a JOIN memories m ON m.id = a.memory_id
      WHERE a.memory_id = ? AND m.user_id = ? ORDER BY a.seq DESC LIMIT ? OFFSET ?`)
      .all(id, userId, page.limit, page.offset) as Parameters<typeof toAccessLogEntry>[0][];
    return { rows: rows.map(toAccessLogEntry), total };
  }

  // --- Transfer (issue 12) ---
  async existingIds(ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const check = this.db.prepare('SELECT 1 FROM memories WHERE id = ?').pluck();
    for (const id of ids) if (check.get(id)) found.add(id);
    return found;
  }

  async stats(userId?: string): Promise<StoreStats> {
    const scope = userId === undefined ? '' : 'WHERE user_id = ?';
    const args = userId === undefined ? [] : [userId];
    const byState: Record<string, number> = {};
    for (const r of this.db.prepare(`SELECT state, COUNT(*) AS n FROM memories ${scope} GROUP BY state`).all(...args) as Array<{ state: string; n: number }>) {
      byState[r.state] = r.n;
    }
    const live = Object.entries(byState).filter(([s]) => s !== 'deleted').reduce((a, [, n]) => a + n, 0);
    const users = (this.db.prepare(`SELECT COUNT(DISTINCT user_id) AS n FROM memories ${scope}`).get(...args) as { n: number }).n;
    const apps = (this.db.prepare(`SELECT COUNT(DISTINCT app) AS n FROM memories ${scope}`).get(...args) as { n: number }).n;
    const space = this.activeSpace();
    const vectors = space ? countVectors(this.db, space, userId) : 0;
    let bytes = 0;
    if (this.path !== ':memory:') {
      for (const suffix of ['', '-wal']) {
        try { bytes += statSync(this.path + suffix).size; } catch { /* absent WAL */ }
      }
    }
    return {
      memories: live, byState, users, apps,
      vectorSpace: space ? { embedderId: space.embedderId, dimensions: space.dimensions } : null,
      vectors, missingVectors: Math.max(0, live - vectors), bytes, schemaVersion: SCHEMA_VERSION,
    };
  }

  async mostRecalled(userId: string, since: number, limit: number): Promise<Array<{ memory: MemoryRecord; reads: number; lastReadAt: number }>> {
    await this.reads.flush();
    return mostRecalled(this.db, userId, since, limit);
  }

  async neverRecalled(userId: string, before: number, limit: number): Promise<MemoryRecord[]> {
    await this.reads.flush();
    return neverRecalled(this.db, userId, before, limit);
  }

  async memoriesChangedAfter(userId: string, at: number, limit: number): Promise<string[]> {
    return (this.db.prepare(`SELECT memory_id, MAX(created_at) AS last FROM memory_history
      WHERE user_id = ? AND created_at > ? AND event IN ('UPDATE','DELETE') GROUP BY memory_id ORDER BY last DESC LIMIT ?`)
      .all(userId, at, limit) as Array<{ memory_id: string }>).map((r) => r.memory_id);
  }

  /** Writes the buffered access-log entries, then closes the file (also when that write fails, rethrowing its error). */
  async close(): Promise<void> {
    this.codes.clear();
    this.keywords.clear();
    if (!this.db.open) return;
    try {
      await this.reads.close();
    } finally {
      this.statements.clear();
      this.db.close();
    }
  }
}
