/**
 * The SQLite implementation of {@link GraphStore} (migration 4), on the database handle
 * of the {@link SqliteStore} that owns it. Writes are `BEGIN IMMEDIATE` transactions;
 * every statement carries the user id, so no call reaches another user's rows.
 * Embeddings are Float32 BLOBs (little-endian, as the platform's Float32Array).
 */
import { immediateOrLocked } from './sqlite-lock.js';
import type Database from 'better-sqlite3';
import { MnemoError } from '../../core/errors.js';
import { type Entity, type MemoryEntityLink, normalizeName, type Observation, type Relation } from '../../core/graph.js';
import type { Vector } from '../../embedding/embedder.js';
import type { Closing, GraphStore, TemporalQuery } from '../graph-store.js';
import { ENTITY_COLUMNS, type EntityRow, OBSERVATION_COLUMNS, type ObservationRow, RELATION_COLUMNS, type RelationRow, toEntity, toObservation, toRelation } from '../graph-rows.js';
import type { Candidate, KeywordQuery } from '../store.js';
import { fts5Match } from './sqlite-fts.js';
import { LIKE, likePattern } from './sqlite-filter.js';

/** A Float32Array as a BLOB (a copy of its bytes). */
function toBlob(v: Vector | null): Buffer | null {
  return v === null ? null : Buffer.from(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

/** A BLOB back to a Float32Array (copied, so it is 4-byte aligned). */
function fromBlob(b: Buffer): Vector {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

/** Joins a link (`l`) to its memory when that memory is not deleted: deleted memories keep their links for history but are not counted or listed. */
const LIVE_MEMORY = "JOIN memories lm ON lm.id = l.memory_id AND lm.state <> 'deleted'";

const marks = (n: number): string => new Array<string>(n).fill('?').join(',');

/** SQL and params of a {@link TemporalQuery} over a table aliased `t`. */
function temporalWhere(query: TemporalQuery, now: number, entityColumns: string[]): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (query.entityIds !== undefined) {
    if (query.entityIds.length === 0) return { sql: '0', params: [] };
    parts.push(`(${entityColumns.map((c) => `t.${c} IN (${marks(query.entityIds!.length)})`).join(' OR ')})`);
    for (let i = 0; i < entityColumns.length; i++) params.push(...query.entityIds);
  }
  if (query.ids !== undefined) {
    if (query.ids.length === 0) return { sql: '0', params: [] };
    parts.push(`t.id IN (${marks(query.ids.length)})`);
    params.push(...query.ids);
  }
  if (!query.includeInvalid) {
    const at = query.asOf ?? now;
    parts.push('t.valid_at <= ? AND (t.invalid_at IS NULL OR t.invalid_at > ?)');
    params.push(at, at);
  }
  if (query.createdFrom !== undefined) { parts.push('t.created_at >= ?'); params.push(query.createdFrom); }
  if (query.createdTo !== undefined) { parts.push('t.created_at <= ?'); params.push(query.createdTo); }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}

/** SQLite implementation of {@link GraphStore}. */
export class SqliteGraphStore implements GraphStore {
  constructor(private readonly db: Database.Database) {}

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction (see {@link immediateOrLocked}). */
  private write<T>(fn: () => T): T {
    return immediateOrLocked(this.db, fn);
  }

  /** Rewrites the search document of entities: name, aliases, type, observations valid at `now`. */
  private refreshDocs(entityIds: string[], now: number): void {
    const get = this.db.prepare(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE id = ?`);
    const obs = this.db.prepare(`SELECT content FROM graph_observations
      WHERE entity_id = ? AND valid_at <= ? AND (invalid_at IS NULL OR invalid_at > ?) ORDER BY valid_at`);
    const del = this.db.prepare('DELETE FROM graph_fts WHERE rowid = ?');
    const ins = this.db.prepare('INSERT INTO graph_fts(rowid, text) VALUES (?, ?)');
    for (const id of new Set(entityIds)) {
      const e = get.get(id) as EntityRow | undefined;
      if (!e) continue;
      const texts = (obs.all(id, now, now) as Array<{ content: string }>).map((o) => o.content);
      del.run(e.seq);
      ins.run(e.seq, [e.name, ...(JSON.parse(e.aliases) as string[]), e.type, ...texts].join('\n'));
    }
  }

  /** Bumps the names version of `userId` (inside the caller's transaction). */
  private bumpNames(userId: string): void {
    this.db.prepare('INSERT INTO graph_name_versions(user_id, version) VALUES (?, 1) ON CONFLICT(user_id) DO UPDATE SET version = version + 1').run(userId);
  }

  async namesVersion(userId: string): Promise<number> {
    return (this.db.prepare('SELECT version FROM graph_name_versions WHERE user_id = ?').get(userId) as { version: number } | undefined)?.version ?? 0;
  }

  async insertEntities(rows: Array<{ entity: Entity; vector: Vector | null }>): Promise<void> {
    const ins = this.db.prepare(`INSERT INTO graph_entities(id, user_id, name, name_key, type, type_key, aliases, summary, vector, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    try {
      this.write(() => {
        for (const { entity: e, vector } of rows) {
          ins.run(e.id, e.userId, e.name, normalizeName(e.name), e.type, normalizeName(e.type), JSON.stringify(e.aliases), e.summary, toBlob(vector), e.createdAt, e.updatedAt);
        }
        this.refreshDocs(rows.map((r) => r.entity.id), rows[0]?.entity.createdAt ?? 0);
        for (const u of new Set(rows.map((r) => r.entity.userId))) this.bumpNames(u);
      });
    } catch (cause) {
      if ((cause as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new MnemoError('CONFLICT', 'an entity with this name and type already exists', { cause });
      }
      throw cause;
    }
  }

  async updateEntity(userId: string, id: string, change: { aliases?: string[]; summary?: string | null; updatedAt: number }): Promise<Entity | null> {
    return this.write(() => {
      const sets: string[] = ['updated_at = ?'];
      const params: unknown[] = [change.updatedAt];
      if (change.aliases !== undefined) { sets.push('aliases = ?'); params.push(JSON.stringify(change.aliases)); }
      if (change.summary !== undefined) { sets.push('summary = ?'); params.push(change.summary); }
      const res = this.db.prepare(`UPDATE graph_entities SET ${sets.join(', ')} WHERE id = ? AND user_id = ?`).run(...params, id, userId);
      if (res.changes === 0) return null;
      if (change.aliases !== undefined) this.bumpNames(userId);
      this.refreshDocs([id], change.updatedAt);
      return toEntity(this.db.prepare(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE id = ?`).get(id) as EntityRow);
    });
  }

  async getEntity(userId: string, id: string): Promise<Entity | null> {
    const r = this.db.prepare(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE id = ? AND user_id = ?`).get(id, userId) as EntityRow | undefined;
    return r ? toEntity(r) : null;
  }

  async entitiesByName(userId: string, normalizedNames: string[]): Promise<Entity[]> {
    if (normalizedNames.length === 0) return [];
    const rows = this.db.prepare(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE user_id = ? AND name_key IN (${marks(normalizedNames.length)}) ORDER BY seq`)
      .all(userId, ...normalizedNames) as EntityRow[];
    return rows.map(toEntity);
  }

  async entitiesById(userId: string, ids: string[]): Promise<Entity[]> {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE user_id = ? AND id IN (${marks(ids.length)}) ORDER BY seq`)
      .all(userId, ...ids) as EntityRow[];
    return rows.map(toEntity);
  }

  async listEntities(userId: string, query: { type?: string | undefined; contains?: string | undefined; limit: number; offset: number }): Promise<{ rows: Entity[]; total: number }> {
    const parts = ['user_id = ?'];
    const params: unknown[] = [userId];
    if (query.type !== undefined) { parts.push('type_key = ?'); params.push(normalizeName(query.type)); }
    if (query.contains !== undefined) { parts.push(`name_key ${LIKE}`); params.push(likePattern(normalizeName(query.contains))); }
    const where = parts.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM graph_entities WHERE ${where}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE ${where} ORDER BY name_key, seq LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as EntityRow[];
    return { rows: rows.map(toEntity), total };
  }

  async entityNames(userId: string): Promise<Array<Pick<Entity, 'id' | 'name' | 'aliases'>>> {
    const rows = this.db.prepare('SELECT id, name, aliases FROM graph_entities WHERE user_id = ? ORDER BY seq').all(userId) as Array<{ id: string; name: string; aliases: string }>;
    return rows.map((r) => ({ id: r.id, name: r.name, aliases: JSON.parse(r.aliases) as string[] }));
  }

  async deleteEntities(userId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.write(() => {
      const rows = this.db.prepare(`SELECT seq, id FROM graph_entities WHERE user_id = ? AND id IN (${marks(ids.length)})`).all(userId, ...ids) as Array<{ seq: number; id: string }>;
      const delFts = this.db.prepare('DELETE FROM graph_fts WHERE rowid = ?');
      const del = this.db.prepare('DELETE FROM graph_entities WHERE seq = ?');
      for (const r of rows) { delFts.run(r.seq); del.run(r.seq); }
      if (rows.length > 0) this.bumpNames(userId);
      return rows.map((r) => r.id);
    });
  }

  async writeObservations(userId: string, rows: Array<{ observation: Observation; vector: Vector | null }>, closings: Closing[]): Promise<void> {
    const ins = this.db.prepare(`INSERT INTO graph_observations(id, user_id, entity_id, content, predicate, value, confidence, source_memory_ids,
      valid_at, invalid_at, created_at, expired_at, superseded_by, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.write(() => {
      const touched: string[] = [];
      for (const { observation: o, vector } of rows) {
        if (o.userId !== userId) throw new MnemoError('INTERNAL', 'observation of another user');
        ins.run(o.id, o.userId, o.entityId, o.content, o.predicate, o.value, o.confidence, JSON.stringify(o.sourceMemoryIds),
          o.validAt, o.invalidAt, o.createdAt, o.expiredAt, o.supersededBy, toBlob(vector));
        touched.push(o.entityId);
      }
      touched.push(...this.applyClosings('graph_observations', userId, closings).entityIds);
      this.refreshDocs(touched, Date.now());
    });
  }

  /** Applies closings inside the caller's transaction. */
  private applyClosings(table: 'graph_observations' | 'graph_relations', userId: string, closings: Closing[]): { ids: string[]; entityIds: string[] } {
    const owner = table === 'graph_observations' ? 'entity_id' : 'from_id';
    const upd = this.db.prepare(`UPDATE ${table} SET invalid_at = ?, expired_at = ?, superseded_by = ? WHERE id = ? AND user_id = ? RETURNING ${owner} AS owner`);
    const ids: string[] = [];
    const entityIds: string[] = [];
    for (const c of closings) {
      const r = upd.get(c.invalidAt, c.expiredAt, c.supersededBy, c.id, userId) as { owner: string } | undefined;
      if (r) { ids.push(c.id); entityIds.push(r.owner); }
    }
    return { ids, entityIds };
  }

  async observations(userId: string, query: TemporalQuery, now: number): Promise<Observation[]> {
    const w = temporalWhere(query, now, ['entity_id']);
    const rows = this.db.prepare(`SELECT ${OBSERVATION_COLUMNS} FROM graph_observations t WHERE t.user_id = ? AND ${w.sql} ORDER BY t.valid_at, t.seq`)
      .all(userId, ...w.params) as ObservationRow[];
    return rows.map(toObservation);
  }

  async factsOf(userId: string, entityId: string, predicate: string): Promise<Observation[]> {
    const rows = this.db.prepare(`SELECT ${OBSERVATION_COLUMNS} FROM graph_observations
      WHERE user_id = ? AND entity_id = ? AND predicate = ? ORDER BY valid_at, seq`).all(userId, entityId, predicate) as ObservationRow[];
    return rows.map(toObservation);
  }

  async closeObservations(userId: string, closings: Closing[]): Promise<string[]> {
    return this.write(() => {
      const r = this.applyClosings('graph_observations', userId, closings);
      this.refreshDocs(r.entityIds, Date.now());
      return r.ids;
    });
  }

  async deleteObservations(userId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.write(() => {
      const rows = this.db.prepare(`DELETE FROM graph_observations WHERE user_id = ? AND id IN (${marks(ids.length)}) RETURNING id, entity_id`)
        .all(userId, ...ids) as Array<{ id: string; entity_id: string }>;
      this.refreshDocs(rows.map((r) => r.entity_id), Date.now());
      return rows.map((r) => r.id);
    });
  }

  async observationVectors(userId: string, ids: string[]): Promise<Map<string, Vector>> {
    const out = new Map<string, Vector>();
    if (ids.length === 0) return out;
    const rows = this.db.prepare(`SELECT id, vector FROM graph_observations WHERE user_id = ? AND vector IS NOT NULL AND id IN (${marks(ids.length)})`)
      .all(userId, ...ids) as Array<{ id: string; vector: Buffer }>;
    for (const r of rows) out.set(r.id, fromBlob(r.vector));
    return out;
  }

  async writeRelations(userId: string, rows: Relation[], closings: Closing[]): Promise<void> {
    const ins = this.db.prepare(`INSERT INTO graph_relations(id, user_id, from_id, to_id, type, weight, valid_at, invalid_at, created_at,
      expired_at, superseded_by, source_memory_ids, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.write(() => {
      for (const r of rows) {
        if (r.userId !== userId) throw new MnemoError('INTERNAL', 'relation of another user');
        ins.run(r.id, r.userId, r.fromId, r.toId, r.type, r.weight, r.validAt, r.invalidAt, r.createdAt, r.expiredAt, r.supersededBy,
          JSON.stringify(r.provenance.sourceMemoryIds), r.provenance.source);
      }
      this.applyClosings('graph_relations', userId, closings);
    });
  }

  async relations(userId: string, query: TemporalQuery, now: number): Promise<Relation[]> {
    const w = temporalWhere(query, now, ['from_id', 'to_id']);
    const rows = this.db.prepare(`SELECT ${RELATION_COLUMNS} FROM graph_relations t WHERE t.user_id = ? AND ${w.sql} ORDER BY t.valid_at, t.seq`)
      .all(userId, ...w.params) as RelationRow[];
    return rows.map(toRelation);
  }

  async relationsFrom(userId: string, fromId: string, type: string): Promise<Relation[]> {
    const rows = this.db.prepare(`SELECT ${RELATION_COLUMNS} FROM graph_relations
      WHERE user_id = ? AND from_id = ? AND type = ? ORDER BY valid_at, seq`).all(userId, fromId, type) as RelationRow[];
    return rows.map(toRelation);
  }

  async closeRelations(userId: string, closings: Closing[]): Promise<string[]> {
    return this.write(() => this.applyClosings('graph_relations', userId, closings).ids);
  }

  async deleteRelations(userId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.write(() => (this.db.prepare(`DELETE FROM graph_relations WHERE user_id = ? AND id IN (${marks(ids.length)}) RETURNING id`)
      .all(userId, ...ids) as Array<{ id: string }>).map((r) => r.id));
  }

  async entityKeywordCandidates(userId: string, query: KeywordQuery, limit: number): Promise<Candidate[]> {
    const rows = this.db.prepare(`SELECT e.id AS id, -bm25(graph_fts) AS score FROM graph_fts JOIN graph_entities e ON e.seq = graph_fts.rowid
      WHERE graph_fts MATCH ? AND e.user_id = ? ORDER BY bm25(graph_fts) LIMIT ?`).all(fts5Match(query), userId, limit) as Array<{ id: string; score: number }>;
    return rows.map((r, i) => ({ id: r.id, rank: i + 1, score: r.score }));
  }

  async entityVectors(userId: string, now: number): Promise<Array<{ entityId: string; vector: Vector }>> {
    const rows = this.db.prepare(`SELECT id AS entity_id, vector FROM graph_entities WHERE user_id = ? AND vector IS NOT NULL
      UNION ALL SELECT entity_id, vector FROM graph_observations WHERE user_id = ? AND vector IS NOT NULL
        AND valid_at <= ? AND (invalid_at IS NULL OR invalid_at > ?)`).all(userId, userId, now, now) as Array<{ entity_id: string; vector: Buffer }>;
    return rows.map((r) => ({ entityId: r.entity_id, vector: fromBlob(r.vector) }));
  }

  async link(rows: MemoryEntityLink[]): Promise<void> {
    if (rows.length === 0) return;
    const ins = this.db.prepare(`INSERT OR IGNORE INTO graph_memory_links(memory_id, entity_id, user_id, reason, created_at)
      SELECT ?, e.id, ?, ?, ? FROM graph_entities e WHERE e.id = ? AND e.user_id = ?`);
    this.write(() => { for (const l of rows) ins.run(l.memoryId, l.userId, l.reason, l.createdAt, l.entityId, l.userId); });
  }

  async linksOfMemories(userId: string, memoryIds: string[]): Promise<MemoryEntityLink[]> {
    if (memoryIds.length === 0) return [];
    const rows = this.db.prepare(`SELECT memory_id, entity_id, user_id, reason, created_at FROM graph_memory_links
      WHERE user_id = ? AND memory_id IN (${marks(memoryIds.length)})`).all(userId, ...memoryIds) as LinkRow[];
    return rows.map(toLink);
  }

  async linksOfEntity(userId: string, entityId: string, page: { limit: number; offset: number }): Promise<{ rows: MemoryEntityLink[]; total: number }> {
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM graph_memory_links l ${LIVE_MEMORY} WHERE l.user_id = ? AND l.entity_id = ?`).get(userId, entityId) as { n: number }).n;
    const rows = this.db.prepare(`SELECT l.memory_id, l.entity_id, l.user_id, l.reason, l.created_at FROM graph_memory_links l ${LIVE_MEMORY}
      WHERE l.user_id = ? AND l.entity_id = ? ORDER BY l.created_at DESC, l.rowid DESC LIMIT ? OFFSET ?`).all(userId, entityId, page.limit, page.offset) as LinkRow[];
    return { rows: rows.map(toLink), total };
  }

  async linkCounts(userId: string, entityIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (entityIds.length === 0) return out;
    const rows = this.db.prepare(`SELECT l.entity_id, COUNT(*) AS n FROM graph_memory_links l ${LIVE_MEMORY} WHERE l.user_id = ? AND l.entity_id IN (${marks(entityIds.length)}) GROUP BY l.entity_id`)
      .all(userId, ...entityIds) as Array<{ entity_id: string; n: number }>;
    for (const r of rows) out.set(r.entity_id, r.n);
    return out;
  }

  async hotEntities(userId: string, since: number, limit: number): Promise<Array<{ entity: Entity; observations: number; links: number }>> {
    const rows = this.db.prepare(`SELECT e.seq, e.id, e.user_id, e.name, e.type, e.aliases, e.summary, e.created_at, e.updated_at,
        (SELECT COUNT(*) FROM graph_observations o WHERE o.entity_id = e.id AND o.created_at >= ?) AS obs,
        (SELECT COUNT(*) FROM graph_memory_links l ${LIVE_MEMORY} WHERE l.entity_id = e.id AND l.created_at >= ?) AS links
      FROM graph_entities e WHERE e.user_id = ?`).all(since, since, userId) as Array<EntityRow & { obs: number; links: number }>;
    return rows.filter((r) => r.obs + r.links > 0).sort((a, b) => b.obs + b.links - (a.obs + a.links)).slice(0, limit)
      .map((r) => ({ entity: toEntity(r), observations: r.obs, links: r.links }));
  }

  async dismiss(userId: string, key: string, at: number): Promise<void> {
    this.write(() => this.db.prepare('INSERT OR IGNORE INTO graph_dismissals(user_id, key, created_at) VALUES (?, ?, ?)').run(userId, key, at));
  }

  async dismissed(userId: string, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = this.db.prepare(`SELECT key FROM graph_dismissals WHERE user_id = ? AND key IN (${marks(keys.length)})`).all(userId, ...keys) as Array<{ key: string }>;
    return new Set(rows.map((r) => r.key));
  }
}

interface LinkRow { memory_id: string; entity_id: string; user_id: string; reason: MemoryEntityLink['reason']; created_at: number }

function toLink(r: LinkRow): MemoryEntityLink {
  return { memoryId: r.memory_id, entityId: r.entity_id, userId: r.user_id, reason: r.reason, createdAt: r.created_at };
}
