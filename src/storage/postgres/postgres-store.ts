/**
 * The PostgreSQL backend of {@link MemoryStore}: a `pg` pool on one database that many
 * `mnemo serve` instances share. Migrations run once under an advisory lock
 * (postgres-migrations.ts); full text is a generated `tsvector` with a GIN index ranked
 * by `ts_rank`; vectors are pgvector `vector(d)` with an HNSW index
 * (postgres-vector-index.ts), or absent (`vectorSearch: false` with the reason and how
 * to install pgvector) when the server lacks the extension.
 *
 * Concurrency: every write is one transaction on one pooled client. Deduplication is
 * `INSERT ... ON CONFLICT DO NOTHING` on the partial unique index of live memories, so
 * two instances writing the same text store it once. Nothing is cached across calls
 * (the active vector space is re-read), so a change made through one instance is seen by
 * every other at once.
 *
 * Failure contract: as store.ts; driver errors become `MnemoError('INTERNAL')` through
 * `mapStorageFaults`; a text another live memory holds is `CONFLICT`.
 */
import { MnemoError } from '../../core/errors.js';
import type { AccessLogEntry, ActivityEntry, EntitySummary, HistoryEntry, MemoryRecord, MemoryState, Metadata, StatusChange } from '../../core/memory.js';
import type { Vector } from '../../embedding/embedder.js';
import { mapStorageFaults } from '../fault-mapping.js';
import { type MemoryRow, toAccessLogEntry, toHistoryEntry, toMemoryRecord, toStatusChange } from '../sqlite/sqlite-rows.js';
import type {
  Candidate, InsertOutcome, KeywordQuery, ListOrder, MemoryFilter, MemoryStore, NewMemory, ReindexCursor, StoreCapabilities, StoreStats, VectorSpace,
} from '../store.js';
import { PG_MEMORY_COLUMNS } from './postgres-columns.js';
import { openPool, type PgDb, redactUrl } from './postgres-db.js';
import { filterToSql, tsQuery } from './postgres-filter.js';
import { PostgresGovernanceStore } from './postgres-governance.js';
import { PostgresGraphStore } from './postgres-graph.js';
import { migratePostgres, PG_SCHEMA_VERSION } from './postgres-migrations.js';
import { PostgresPlatformStore } from './postgres-platform.js';
import {
  countVectors, createSpace, deleteVectors, ensurePgvector, knn, type PgActiveSpace, putVector, readActiveSpace, similarities,
} from './postgres-vector-index.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database?sslmode=...&pool_max=...&statement_timeout=...`. */
  url: string;
  /** Pool size (overrides the URL's `pool_max`). @default 10 */
  poolMax?: number | undefined;
  /** Keep the tables in this schema (see `PoolOptions.schema`). @default the role's search_path */
  schema?: string | undefined;
  /** Turn vector search off even when pgvector is installed. @default false */
  disableVectors?: boolean | undefined;
  /** Time source for migration records, epoch ms. */
  now?: (() => number) | undefined;
}

const LIST_ORDER_COLUMNS: Record<ListOrder['by'], string> = {
  created_at: 'm.created_at', updated_at: 'm.updated_at', content: 'lower(m.content)', app: 'm.app',
};

/** PostgreSQL's unique_violation SQLSTATE. */
const UNIQUE_VIOLATION = '23505';

/**
 * Opens a PostgreSQL memory store (connecting, migrating, probing pgvector).
 * @throws MnemoError UNAVAILABLE when `pg` is missing or the server is unreachable;
 *   INTERNAL when the schema is newer than this build or migrating fails.
 * @example const store = await openPostgresStore({ url: 'postgres://mnemo@localhost/mnemo' });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const { pool, db } = await openPool({ url: options.url, poolMax: options.poolMax, schema: options.schema });
  const now = options.now ?? Date.now;
  let applied: number[];
  let vec: Awaited<ReturnType<typeof ensurePgvector>>;
  try {
    applied = await migratePostgres(db, now());
    vec = options.disableVectors ? { reason: 'vector search is disabled', iterative: false, version: null } : await ensurePgvector(db);
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new MnemoError('INTERNAL', `cannot migrate database ${redactUrl(options.url)}: ${(cause as Error).message}`, { cause });
  }
  const store = new PostgresStore(db, () => pool.end(), {
    vectorSearch: vec.reason === null,
    vectorUnavailableReason: vec.reason,
    keywordScore: 'ts_rank',
    exactVectorSearch: false,
    approximateVectorIndex: true,
    filterPushdown: false,
  }, vec.iterative, applied);
  return mapStorageFaults(store);
}

/** PostgreSQL implementation of {@link MemoryStore}. Construct with {@link openPostgresStore}. */
export class PostgresStore implements MemoryStore {
  readonly kind = 'postgres';
  readonly schemaVersion = PG_SCHEMA_VERSION;
  readonly capabilities: StoreCapabilities;
  readonly governance: PostgresGovernanceStore;
  readonly platform: PostgresPlatformStore;
  readonly graph: PostgresGraphStore;
  private closed = false;

  /**
   * @param db the connection pool, public for storage tools that move whole tables
   *   (storage/copy/table-copy.ts); the engine never uses it.
   * @param appliedMigrations the schema versions this instance applied at open (empty
   *   when another instance had already migrated), for startup logs and tests.
   */
  constructor(
    readonly db: PgDb,
    private readonly end: () => Promise<void>,
    capabilities: StoreCapabilities,
    private readonly iterativeScan: boolean,
    readonly appliedMigrations: number[] = [],
  ) {
    this.capabilities = capabilities;
    this.governance = new PostgresGovernanceStore(db);
    this.platform = new PostgresPlatformStore(db);
    this.graph = new PostgresGraphStore(db);
  }

  private async activeSpace(db: PgDb = this.db): Promise<PgActiveSpace | null> {
    if (!this.capabilities.vectorSearch) return null;
    return readActiveSpace(db);
  }

  private requireVectors(): void {
    if (!this.capabilities.vectorSearch) {
      throw new MnemoError('UNAVAILABLE', this.capabilities.vectorUnavailableReason ?? 'vector search unavailable');
    }
  }

  async vectorSpace(): Promise<VectorSpace | null> {
    const s = await this.activeSpace();
    return s ? { embedderId: s.embedderId, dimensions: s.dimensions } : null;
  }

  async resetVectorSpace(space: VectorSpace): Promise<void> {
    this.requireVectors();
    await this.db.tx((t) => createSpace(t, space, Date.now()));
  }

  async insertMemories(rows: Array<{ memory: NewMemory; vector: Vector | null }>): Promise<InsertOutcome[]> {
    return this.db.tx(async (t) => {
      const space = rows.some((r) => r.vector) ? await this.activeSpace(t) : null;
      const outcomes: InsertOutcome[] = [];
      for (const { memory: m, vector } of rows) {
        const state = m.state ?? 'active';
        const inserted = await t.get<{ seq: number }>(`INSERT INTO memories
          (id, user_id, agent_id, run_id, app, content, content_hash, metadata, categories, state, created_at, updated_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)
          ON CONFLICT (user_id, COALESCE(agent_id, ''), COALESCE(run_id, ''), content_hash) WHERE state <> 'deleted' DO NOTHING
          RETURNING seq`, [m.id, m.userId, m.agentId, m.runId, m.app, m.content, m.hash, JSON.stringify(m.metadata), JSON.stringify(m.categories),
          state, m.createdAt, m.updatedAt ?? m.createdAt, m.expiresAt ?? null]);
        if (!inserted) {
          const holder = await t.get<{ id: string }>(`SELECT id FROM memories WHERE user_id = ? AND content_hash = ?
            AND agent_id IS NOT DISTINCT FROM ? AND run_id IS NOT DISTINCT FROM ? AND state <> 'deleted' ORDER BY seq LIMIT 1`,
          [m.userId, m.hash, m.agentId, m.runId]);
          outcomes.push({ id: holder?.id ?? m.id, inserted: false });
          continue;
        }
        if (m.history && m.history.length > 0) {
          // Imported history keeps its row ids where they are free (ids are global).
          for (const h of m.history) {
            const taken = await t.get<{ one: number }>('SELECT 1 AS one FROM memory_history WHERE id = ?', [h.id]);
            await t.run(`INSERT INTO memory_history(id, memory_id, user_id, event, old_memory, new_memory, app, created_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [taken ? crypto.randomUUID() : h.id, m.id, m.userId, h.event, h.oldMemory, h.newMemory, h.app, h.at]);
          }
        } else {
          await t.run(`INSERT INTO memory_history(id, memory_id, user_id, event, old_memory, new_memory, app, created_at)
            VALUES (?, ?, ?, 'ADD', NULL, ?, ?, ?)`, [crypto.randomUUID(), m.id, m.userId, m.content, m.app, m.createdAt]);
        }
        if (m.statusHistory && m.statusHistory.length > 0) {
          for (const c of m.statusHistory) {
            await t.run(`INSERT INTO memory_status_history(memory_id, user_id, old_state, new_state, changed_by, created_at)
              VALUES (?, ?, ?, ?, ?, ?)`, [m.id, m.userId, c.oldState, c.newState, c.changedBy, c.at]);
          }
        } else {
          await t.run(`INSERT INTO memory_status_history(memory_id, user_id, old_state, new_state, changed_by, created_at)
            VALUES (?, ?, NULL, ?, ?, ?)`, [m.id, m.userId, state, m.app, m.createdAt]);
        }
        if (vector && space && vector.length === space.dimensions) await putVector(t, space, inserted.seq, m.userId, vector);
        outcomes.push({ id: m.id, inserted: true });
      }
      return outcomes;
    });
  }

  private async selectRow(db: PgDb, id: string, userId: string, lock = false): Promise<MemoryRow | undefined> {
    return db.get<MemoryRow>(`SELECT ${PG_MEMORY_COLUMNS} FROM memories m WHERE m.id = ? AND m.user_id = ? AND m.state <> 'deleted'${lock ? ' FOR UPDATE' : ''}`, [id, userId]);
  }

  async updateMemory(
    id: string,
    userId: string,
    change: { content: string; hash: string; vector?: Vector | null | undefined; metadata?: Metadata; categories?: string[]; app: string | null; at: number },
  ): Promise<MemoryRecord | null> {
    try {
      return await this.db.tx(async (t) => {
        const row = await this.selectRow(t, id, userId, true);
        if (!row) return null;
        const holder = change.hash === row.content_hash ? undefined : await t.get<{ id: string }>(`SELECT id FROM memories
          WHERE user_id = ? AND content_hash = ? AND agent_id IS NOT DISTINCT FROM ? AND run_id IS NOT DISTINCT FROM ? AND state <> 'deleted' AND seq <> ? LIMIT 1`,
        [userId, change.hash, row.agent_id, row.run_id, row.seq]);
        if (holder) throw new MnemoError('CONFLICT', `memory ${holder.id} already holds this text in the same scope`, { data: { id: holder.id } });
        const metadata = change.metadata ? { ...JSON.parse(row.metadata), ...change.metadata } : JSON.parse(row.metadata);
        const categories = change.categories ?? JSON.parse(row.categories);
        await t.run('UPDATE memories SET content = ?, content_hash = ?, metadata = ?::jsonb, categories = ?::jsonb, updated_at = ? WHERE seq = ?',
          [change.content, change.hash, JSON.stringify(metadata), JSON.stringify(categories), change.at, row.seq]);
        await t.run(`INSERT INTO memory_history(id, memory_id, user_id, event, old_memory, new_memory, app, created_at)
          VALUES (?, ?, ?, 'UPDATE', ?, ?, ?, ?)`, [crypto.randomUUID(), id, userId, row.content, change.content, change.app, change.at]);
        const space = change.vector === undefined ? null : await this.activeSpace(t);
        if (space) {
          if (change.vector && change.vector.length === space.dimensions) await putVector(t, space, row.seq, userId, change.vector);
          else await deleteVectors(t, space, [row.seq]);
        }
        return toMemoryRecord((await this.selectRow(t, id, userId))!);
      });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new MnemoError('CONFLICT', 'another memory already holds this text in the same scope', { cause: error });
      }
      throw error;
    }
  }

  async setState(ids: string[], userId: string, state: MemoryState, changedBy: string | null, at: number): Promise<string[]> {
    return this.db.tx(async (t) => {
      const changed: string[] = [];
      const space = state === 'deleted' ? await this.activeSpace(t) : null;
      for (const id of ids) {
        const row = await this.selectRow(t, id, userId, true);
        if (!row || row.state === state) continue;
        await t.run('UPDATE memories SET state = ?, updated_at = ? WHERE seq = ?', [state, at, row.seq]);
        await t.run(`INSERT INTO memory_status_history(memory_id, user_id, old_state, new_state, changed_by, created_at)
          VALUES (?, ?, ?, ?, ?, ?)`, [id, userId, row.state, state, changedBy, at]);
        if (state === 'deleted') {
          await t.run(`INSERT INTO memory_history(id, memory_id, user_id, event, old_memory, new_memory, app, created_at)
            VALUES (?, ?, ?, 'DELETE', ?, NULL, ?, ?)`, [crypto.randomUUID(), id, userId, row.content, changedBy, at]);
          if (space) await deleteVectors(t, space, [row.seq]);
        }
        changed.push(id);
      }
      return changed;
    });
  }

  async getMemory(id: string, userId: string): Promise<MemoryRecord | null> {
    const row = await this.selectRow(this.db, id, userId);
    return row ? toMemoryRecord(row) : null;
  }

  async getMemories(ids: string[], filter: MemoryFilter): Promise<MemoryRecord[]> {
    if (ids.length === 0) return [];
    const where = filterToSql({ ...filter, ids });
    const rows = await this.db.all<MemoryRow>(`SELECT ${PG_MEMORY_COLUMNS} FROM memories m WHERE ${where.sql}`, where.params);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toMemoryRecord(row)] : [];
    });
  }

  async findByHash(userId: string, agentId: string | null, runId: string | null, hash: string): Promise<MemoryRecord | null> {
    const row = await this.db.get<MemoryRow>(`SELECT ${PG_MEMORY_COLUMNS} FROM memories m
      WHERE m.user_id = ? AND m.content_hash = ? AND m.agent_id IS NOT DISTINCT FROM ? AND m.run_id IS NOT DISTINCT FROM ? AND m.state <> 'deleted' LIMIT 1`,
    [userId, hash, agentId, runId]);
    return row ? toMemoryRecord(row) : null;
  }

  async listMemories(filter: MemoryFilter, page: { limit: number; offset: number; order?: ListOrder }): Promise<{ rows: MemoryRecord[]; total: number }> {
    const where = filterToSql(filter);
    const order = page.order ?? { by: 'created_at', direction: 'desc' };
    const dir = order.direction === 'asc' ? 'ASC' : 'DESC';
    // NULLS FIRST ascending, as SQLite sorts NULL smallest.
    const nulls = dir === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST';
    const total = (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM memories m WHERE ${where.sql}`, where.params))!.n;
    const rows = await this.db.all<MemoryRow>(`SELECT ${PG_MEMORY_COLUMNS} FROM memories m WHERE ${where.sql}
      ORDER BY ${LIST_ORDER_COLUMNS[order.by]} ${dir} ${nulls}, m.seq ${dir} LIMIT ? OFFSET ?`, [...where.params, page.limit, page.offset]);
    return { rows: rows.map(toMemoryRecord), total };
  }

  async listIds(filter: MemoryFilter): Promise<string[]> {
    const where = filterToSql(filter);
    return (await this.db.all<{ id: string }>(`SELECT m.id FROM memories m WHERE ${where.sql} ORDER BY m.seq`, where.params)).map((r) => r.id);
  }

  async keywordCandidates(query: KeywordQuery, filter: MemoryFilter, limit: number): Promise<Candidate[]> {
    if (query.terms.length === 0) return [];
    const q = tsQuery(query.terms);
    const where = filterToSql(filter);
    // ts_rank's default normalisation (0: none), PostgreSQL docs 12.3.3; fusion knows the scale.
    const rows = await this.db.all<{ id: string; score: number }>(`SELECT m.id, ts_rank(m.tsv, q.q) AS score
      FROM memories m, (SELECT ${q.sql} AS q) q
      WHERE m.tsv @@ q.q AND ${where.sql}
      ORDER BY score DESC, m.seq LIMIT ?`, [...q.params, ...where.params, limit]);
    return rows.map((r, i) => ({ id: r.id, rank: i + 1, score: r.score }));
  }

  async vectorCandidates(vector: Vector, filter: MemoryFilter, limit: number): Promise<Candidate[]> {
    this.requireVectors();
    const space = await this.activeSpace();
    if (!space || vector.length !== space.dimensions) return [];
    const hits = await knn(this.db, space, vector, filterToSql(filter), limit, this.iterativeScan);
    return hits.slice(0, limit).map((h, i) => ({ id: h.id, rank: i + 1, score: h.similarity }));
  }

  async vectorSimilarities(vector: Vector, ids: string[]): Promise<Map<string, number>> {
    this.requireVectors();
    const space = await this.activeSpace();
    if (!space || vector.length !== space.dimensions || ids.length === 0) return new Map();
    return similarities(this.db, space, vector, ids);
  }

  async scanForReindex(after: ReindexCursor | null, limit: number): Promise<{ rows: Array<{ id: string; content: string }>; next: ReindexCursor | null }> {
    // The cursor is the last row's `seq` (BIGSERIAL), as a decimal string.
    const afterSeq = after === null ? 0 : Number(after);
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new MnemoError('INVALID_INPUT', `not a reindex cursor of this store: ${after}`);
    const rows = await this.db.all<{ seq: number; id: string; content: string }>(
      `SELECT seq, id, content FROM memories WHERE seq > ? AND state <> 'deleted' ORDER BY seq LIMIT ?`, [afterSeq, limit]);
    const last = rows[rows.length - 1];
    return { rows: rows.map(({ id, content }) => ({ id, content })), next: last && rows.length === limit ? String(last.seq) : null };
  }

  async hasMemories(): Promise<boolean> {
    return (await this.db.get(`SELECT 1 FROM memories WHERE state <> 'deleted' LIMIT 1`)) !== undefined;
  }

  async putVectors(rows: Array<{ id: string; vector: Vector }>): Promise<void> {
    this.requireVectors();
    await this.db.tx(async (t) => {
      const space = await this.activeSpace(t);
      if (!space) throw new MnemoError('CONFLICT', 'no active vector space');
      for (const { id, vector } of rows) {
        const row = await t.get<{ seq: number; user_id: string }>('SELECT seq, user_id FROM memories WHERE id = ?', [id]);
        if (row) await putVector(t, space, row.seq, row.user_id, vector);
      }
    });
  }

  async history(id: string, userId: string): Promise<HistoryEntry[]> {
    return (await this.db.all<Parameters<typeof toHistoryEntry>[0]>(`SELECT h.* FROM memory_history h JOIN memories m ON m.id = h.memory_id
      WHERE h.memory_id = ? AND m.user_id = ? ORDER BY h.seq`, [id, userId])).map(toHistoryEntry);
  }

  async statusHistory(id: string, userId: string): Promise<StatusChange[]> {
    return (await this.db.all<Parameters<typeof toStatusChange>[0]>(`SELECT s.* FROM memory_status_history s JOIN memories m ON m.id = s.memory_id
      WHERE s.memory_id = ? AND m.user_id = ? ORDER BY s.seq`, [id, userId])).map(toStatusChange);
  }

  async logAccess(entries: Array<Omit<AccessLogEntry, 'createdAt'> & { at: number }>): Promise<void> {
    if (entries.length === 0) return;
    // One statement for the whole batch (a search logs one read per result): arrays unnested
    // in order; the user comes from the memory row, so callers need not pass it. The read
    // log commits without waiting for the WAL flush (`synchronous_commit = off`, PostgreSQL
    // docs 30.4 "Asynchronous Commit"): a crash may lose the last reads logged, never a
    // memory, and a search does not pay a disk flush (measured ~6 ms of 18 ms per search).
    await this.db.tx(async (t) => {
      await t.exec('SET LOCAL synchronous_commit = off');
      await t.run(`INSERT INTO memory_access_log(memory_id, user_id, app, action, query, score, created_at)
      SELECT m.id, m.user_id, e.app, e.action, e.query, e.score, e.at
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::bigint[]) WITH ORDINALITY AS e(memory_id, app, action, query, score, at, n)
      JOIN memories m ON m.id = e.memory_id ORDER BY e.n`,
      [entries.map((e) => e.memoryId), entries.map((e) => e.app), entries.map((e) => e.action), entries.map((e) => e.query), entries.map((e) => e.score), entries.map((e) => e.at)]);
    });
  }

  async activity(userId: string, page: { app?: string | undefined; limit: number; offset: number }): Promise<{ rows: ActivityEntry[]; total: number }> {
    const byApp = page.app !== undefined;
    const params = byApp ? [userId, page.app] : [userId];
    const app = (column: string) => (byApp ? ` AND ${column} = ?` : '');
    const arms = [
      `SELECT 0 AS src, a.seq AS seq, 'read'::text AS kind, a.action AS action, a.memory_id AS memory_id, a.app AS app, a.query AS query, a.created_at AS created_at
         FROM memory_access_log a WHERE a.user_id = ?${app('a.app')}`,
      `SELECT 1, h.seq, 'write', lower(h.event), h.memory_id, h.app, NULL, h.created_at
         FROM memory_history h WHERE h.user_id = ?${app('h.app')}`,
      `SELECT 2, s.seq, 'write', s.new_state, s.memory_id, s.changed_by, NULL, s.created_at
         FROM memory_status_history s WHERE s.user_id = ? AND s.old_state IS NOT NULL AND s.new_state <> 'deleted'${app('s.changed_by')}`,
    ];
    let total = 0;
    for (const sql of arms) total += (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM (${sql}) x`, params))!.n;
    const rows = await this.db.all<{ kind: ActivityEntry['kind']; action: ActivityEntry['action']; memory_id: string; app: string | null; query: string | null; created_at: number; content: string | null }>(
      `SELECT e.kind, e.action, e.memory_id, e.app, e.query, e.created_at,
        CASE WHEN m.state = 'deleted' THEN NULL ELSE substr(m.content, 1, 200) END AS content
      FROM (${arms.join(' UNION ALL ')} ORDER BY created_at DESC, src ASC, seq DESC LIMIT ? OFFSET ?) e
      LEFT JOIN memories m ON m.id = e.memory_id
      ORDER BY e.created_at DESC, e.src ASC, e.seq DESC`, [...params, ...params, ...params, page.limit, page.offset]);
    return {
      total,
      rows: rows.map((r) => ({
        kind: r.kind, action: r.action, memoryId: r.memory_id, content: r.content, app: r.app, query: r.query, createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }

  async entities(filter: MemoryFilter): Promise<EntitySummary[]> {
    const where = filterToSql(filter);
    const order: Record<EntitySummary['type'], number> = { user: 0, agent: 1, run: 2 };
    const arm = (type: EntitySummary['type'], column: string) => `SELECT '${type}'::text AS type, ${order[type]} AS kind_order, ${column} AS id, COUNT(*) AS n,
        MIN(m.created_at) AS created_at, MAX(m.updated_at) AS updated_at
      FROM memories m WHERE ${where.sql} AND ${column} IS NOT NULL GROUP BY ${column}`;
    const rows = await this.db.all<{ type: EntitySummary['type']; id: string; n: number; created_at: number; updated_at: number }>(
      `${arm('user', 'm.user_id')} UNION ALL ${arm('agent', 'm.agent_id')} UNION ALL ${arm('run', 'm.run_id')} ORDER BY kind_order, id`,
      [...where.params, ...where.params, ...where.params]);
    return rows.map((r) => ({ type: r.type, id: r.id, memories: r.n, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString() }));
  }

  async accessLog(id: string, userId: string, page: { limit: number; offset: number }): Promise<{ rows: AccessLogEntry[]; total: number }> {
    const total = (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM memory_access_log a JOIN memories m ON m.id = a.memory_id
      WHERE a.memory_id = ? AND m.user_id = ?`, [id, userId]))!.n;
    const rows = await this.db.all<Parameters<typeof toAccessLogEntry>[0]>(`SELECT a.* FROM memory_access_log a JOIN memories m ON m.id = a.memory_id
      WHERE a.memory_id = ? AND m.user_id = ? ORDER BY a.seq DESC LIMIT ? OFFSET ?`, [id, userId, page.limit, page.offset]);
    return { rows: rows.map(toAccessLogEntry), total };
  }

  async existingIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.all<{ id: string }>('SELECT id FROM memories WHERE id = ANY(?::text[])', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async stats(userId?: string): Promise<StoreStats> {
    const scope = userId === undefined ? '' : 'WHERE user_id = ?';
    const args = userId === undefined ? [] : [userId];
    const byState: Record<string, number> = {};
    for (const r of await this.db.all<{ state: string; n: number }>(`SELECT state, COUNT(*) AS n FROM memories ${scope} GROUP BY state`, args)) {
      byState[r.state] = r.n;
    }
    const live = Object.entries(byState).filter(([s]) => s !== 'deleted').reduce((a, [, n]) => a + n, 0);
    const users = (await this.db.get<{ n: number }>(`SELECT COUNT(DISTINCT user_id) AS n FROM memories ${scope}`, args))!.n;
    const apps = (await this.db.get<{ n: number }>(`SELECT COUNT(DISTINCT app) AS n FROM memories ${scope}`, args))!.n;
    const space = await this.activeSpace();
    const vectors = space ? await countVectors(this.db, space, userId) : 0;
    // Table + indexes + TOAST of the memory tables (and the vector table), as PostgreSQL measures them.
    const tables = ['memories', 'memory_history', 'memory_status_history', 'memory_access_log', ...(space ? [space.tableName] : [])];
    const bytes = (await this.db.get<{ n: number }>('SELECT COALESCE(SUM(pg_total_relation_size(t::regclass)), 0)::bigint AS n FROM unnest(?::text[]) t', [tables]))!.n;
    return {
      memories: live, byState, users, apps,
      vectorSpace: space ? { embedderId: space.embedderId, dimensions: space.dimensions } : null,
      vectors, missingVectors: Math.max(0, live - vectors), bytes, schemaVersion: PG_SCHEMA_VERSION,
    };
  }

  async mostRecalled(userId: string, since: number, limit: number): Promise<Array<{ memory: MemoryRecord; reads: number; lastReadAt: number }>> {
    const rows = await this.db.all<MemoryRow & { reads: number; last_read: number }>(`SELECT ${PG_MEMORY_COLUMNS}, r.reads AS reads, r.last_read AS last_read FROM
        (SELECT memory_id, COUNT(*) AS reads, MAX(created_at) AS last_read FROM memory_access_log
          WHERE user_id = ? AND created_at >= ? GROUP BY memory_id) r
        JOIN memories m ON m.id = r.memory_id
      WHERE m.user_id = ? AND m.state = 'active' ORDER BY r.reads DESC, r.last_read DESC LIMIT ?`, [userId, since, userId, limit]);
    return rows.map((r) => ({ memory: toMemoryRecord(r), reads: r.reads, lastReadAt: r.last_read }));
  }

  async neverRecalled(userId: string, before: number, limit: number): Promise<MemoryRecord[]> {
    const rows = await this.db.all<MemoryRow>(`SELECT ${PG_MEMORY_COLUMNS} FROM memories m
      WHERE m.user_id = ? AND m.state = 'active' AND m.created_at < ?
        AND NOT EXISTS (SELECT 1 FROM memory_access_log l WHERE l.memory_id = m.id)
      ORDER BY m.created_at LIMIT ?`, [userId, before, limit]);
    return rows.map(toMemoryRecord);
  }

  async memoriesChangedAfter(userId: string, at: number, limit: number): Promise<string[]> {
    return (await this.db.all<{ memory_id: string }>(`SELECT memory_id, MAX(created_at) AS last FROM memory_history
      WHERE user_id = ? AND created_at > ? AND event IN ('UPDATE','DELETE') GROUP BY memory_id ORDER BY last DESC LIMIT ?`, [userId, at, limit]))
      .map((r) => r.memory_id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.end();
  }
}
