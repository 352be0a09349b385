/**
 * The PostgreSQL implementation of {@link GraphStore} (migration 2 of
 * postgres-migrations.ts), on the pool of the `PostgresStore` that owns it. Each write is
 * one transaction; every statement carries the user id, so no call reaches another
 * user's rows. Embeddings are `REAL[]`; an entity's search document is a `tsvector`
 * (name, aliases, type and its observations valid now) under the `mnemo_text`
 * configuration, ranked by `ts_rank` like memories.
 */
import { MnemoError } from '../../core/errors.js';
import { type Entity, type MemoryEntityLink, normalizeName, type Observation, type Relation } from '../../core/graph.js';
import type { Vector } from '../../embedding/embedder.js';
import type { Closing, GraphStore, TemporalQuery } from '../graph-store.js';
import { ENTITY_COLUMNS, type EntityRow, OBSERVATION_COLUMNS, type ObservationRow, RELATION_COLUMNS, type RelationRow, toEntity, toObservation, toRelation } from '../graph-rows.js';
import type { Candidate, KeywordQuery } from '../store.js';
import type { PgDb } from './postgres-db.js';
import { ILIKE, likePattern, tsQuery } from './postgres-filter.js';

/** A vector as a `REAL[]` parameter. */
const toArray = (v: Vector | null): number[] | null => (v === null ? null : Array.from(v));

/** Joins a link (`l`) to its memory when that memory is not deleted: deleted memories keep their links for history but are not counted or listed. */
const LIVE_MEMORY = "JOIN memories lm ON lm.id = l.memory_id AND lm.state <> 'deleted'";

/** PostgreSQL's unique_violation SQLSTATE. */
const UNIQUE_VIOLATION = '23505';

/** SQL and params of a {@link TemporalQuery} over a table aliased `t`. */
function temporalWhere(query: TemporalQuery, now: number, entityColumns: string[]): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (query.entityIds !== undefined) {
    if (query.entityIds.length === 0) return { sql: 'FALSE', params: [] };
    parts.push(`(${entityColumns.map((c) => `t.${c} = ANY(?::text[])`).join(' OR ')})`);
    for (let i = 0; i < entityColumns.length; i++) params.push(query.entityIds);
  }
  if (query.ids !== undefined) {
    if (query.ids.length === 0) return { sql: 'FALSE', params: [] };
    parts.push('t.id = ANY(?::text[])');
    params.push(query.ids);
  }
  if (!query.includeInvalid) {
    const at = query.asOf ?? now;
    parts.push('t.valid_at <= ? AND (t.invalid_at IS NULL OR t.invalid_at > ?)');
    params.push(at, at);
  }
  if (query.createdFrom !== undefined) { parts.push('t.created_at >= ?'); params.push(query.createdFrom); }
  if (query.createdTo !== undefined) { parts.push('t.created_at <= ?'); params.push(query.createdTo); }
  return { sql: parts.length === 0 ? 'TRUE' : parts.join(' AND '), params };
}

/** PostgreSQL implementation of {@link GraphStore}. */
export class PostgresGraphStore implements GraphStore {
  constructor(private readonly db: PgDb) {}

  /** Rewrites the search document of entities: name, aliases, type, observations valid at `now`. */
  private async refreshDocs(t: PgDb, entityIds: string[], now: number): Promise<void> {
    for (const id of new Set(entityIds)) {
      const e = await t.get<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE id = ?`, [id]);
      if (!e) continue;
      const texts = (await t.all<{ content: string }>(`SELECT content FROM graph_observations
        WHERE entity_id = ? AND valid_at <= ? AND (invalid_at IS NULL OR invalid_at > ?) ORDER BY valid_at`, [id, now, now])).map((o) => o.content);
      await t.run("UPDATE graph_entities SET doc = to_tsvector('mnemo_text', ?) WHERE seq = ?",
        [[e.name, ...(JSON.parse(e.aliases) as string[]), e.type, ...texts].join('\n'), e.seq]);
    }
  }

  /** Bumps the names version of `userId` (inside the caller's transaction). */
  private async bumpNames(t: PgDb, userId: string): Promise<void> {
    await t.run(`INSERT INTO graph_name_versions(user_id, version) VALUES (?, 1)
      ON CONFLICT (user_id) DO UPDATE SET version = graph_name_versions.version + 1`, [userId]);
  }

  async namesVersion(userId: string): Promise<number> {
    return (await this.db.get<{ version: number }>('SELECT version FROM graph_name_versions WHERE user_id = ?', [userId]))?.version ?? 0;
  }

  async insertEntities(rows: Array<{ entity: Entity; vector: Vector | null }>): Promise<void> {
    try {
      await this.db.tx(async (t) => {
        for (const { entity: e, vector } of rows) {
          await t.run(`INSERT INTO graph_entities(id, user_id, name, name_key, type, type_key, aliases, summary, vector, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [e.id, e.userId, e.name, normalizeName(e.name), e.type, normalizeName(e.type), JSON.stringify(e.aliases), e.summary, toArray(vector), e.createdAt, e.updatedAt]);
        }
        await this.refreshDocs(t, rows.map((r) => r.entity.id), rows[0]?.entity.createdAt ?? 0);
        for (const u of new Set(rows.map((r) => r.entity.userId))) await this.bumpNames(t, u);
      });
    } catch (cause) {
      if ((cause as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new MnemoError('CONFLICT', 'an entity with this name and type already exists', { cause });
      }
      throw cause;
    }
  }

  async updateEntity(userId: string, id: string, change: { aliases?: string[]; summary?: string | null; updatedAt: number }): Promise<Entity | null> {
    return this.db.tx(async (t) => {
      const sets: string[] = ['updated_at = ?'];
      const params: unknown[] = [change.updatedAt];
      if (change.aliases !== undefined) { sets.push('aliases = ?'); params.push(JSON.stringify(change.aliases)); }
      if (change.summary !== undefined) { sets.push('summary = ?'); params.push(change.summary); }
      const changed = await t.run(`UPDATE graph_entities SET ${sets.join(', ')} WHERE id = ? AND user_id = ?`, [...params, id, userId]);
      if (changed === 0) return null;
      if (change.aliases !== undefined) await this.bumpNames(t, userId);
      await this.refreshDocs(t, [id], change.updatedAt);
      return toEntity((await t.get<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE id = ?`, [id]))!);
    });
  }

  async getEntity(userId: string, id: string): Promise<Entity | null> {
    const r = await this.db.get<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE id = ? AND user_id = ?`, [id, userId]);
    return r ? toEntity(r) : null;
  }

  async entitiesByName(userId: string, normalizedNames: string[]): Promise<Entity[]> {
    if (normalizedNames.length === 0) return [];
    return (await this.db.all<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE user_id = ? AND name_key = ANY(?::text[]) ORDER BY seq`,
      [userId, normalizedNames])).map(toEntity);
  }

  async entitiesById(userId: string, ids: string[]): Promise<Entity[]> {
    if (ids.length === 0) return [];
    return (await this.db.all<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE user_id = ? AND id = ANY(?::text[]) ORDER BY seq`,
      [userId, ids])).map(toEntity);
  }

  async listEntities(userId: string, query: { type?: string | undefined; contains?: string | undefined; limit: number; offset: number }): Promise<{ rows: Entity[]; total: number }> {
    const parts = ['user_id = ?'];
    const params: unknown[] = [userId];
    if (query.type !== undefined) { parts.push('type_key = ?'); params.push(normalizeName(query.type)); }
    if (query.contains !== undefined) { parts.push(`name_key ${ILIKE}`); params.push(likePattern(normalizeName(query.contains))); }
    const where = parts.join(' AND ');
    const total = (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM graph_entities WHERE ${where}`, params))!.n;
    const rows = await this.db.all<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE ${where} ORDER BY name_key COLLATE "C", seq LIMIT ? OFFSET ?`,
      [...params, query.limit, query.offset]);
    return { rows: rows.map(toEntity), total };
  }

  async entityNames(userId: string): Promise<Array<Pick<Entity, 'id' | 'name' | 'aliases'>>> {
    const rows = await this.db.all<{ id: string; name: string; aliases: string }>('SELECT id, name, aliases FROM graph_entities WHERE user_id = ? ORDER BY seq', [userId]);
    return rows.map((r) => ({ id: r.id, name: r.name, aliases: JSON.parse(r.aliases) as string[] }));
  }

  async deleteEntities(userId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.db.tx(async (t) => {
      const rows = await t.all<{ id: string }>('DELETE FROM graph_entities WHERE user_id = ? AND id = ANY(?::text[]) RETURNING id', [userId, ids]);
      if (rows.length > 0) await this.bumpNames(t, userId);
      return rows.map((r) => r.id);
    });
  }

  async writeObservations(userId: string, rows: Array<{ observation: Observation; vector: Vector | null }>, closings: Closing[]): Promise<void> {
    await this.db.tx(async (t) => {
      const touched: string[] = [];
      for (const { observation: o, vector } of rows) {
        if (o.userId !== userId) throw new MnemoError('INTERNAL', 'observation of another user');
        await t.run(`INSERT INTO graph_observations(id, user_id, entity_id, content, predicate, value, confidence, source_memory_ids,
          valid_at, invalid_at, created_at, expired_at, superseded_by, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [o.id, o.userId, o.entityId, o.content, o.predicate, o.value, o.confidence, JSON.stringify(o.sourceMemoryIds),
          o.validAt, o.invalidAt, o.createdAt, o.expiredAt, o.supersededBy, toArray(vector)]);
        touched.push(o.entityId);
      }
      touched.push(...(await this.applyClosings(t, 'graph_observations', userId, closings)).entityIds);
      await this.refreshDocs(t, touched, Date.now());
    });
  }

  /** Applies closings inside the caller's transaction. */
  private async applyClosings(t: PgDb, table: 'graph_observations' | 'graph_relations', userId: string, closings: Closing[]): Promise<{ ids: string[]; entityIds: string[] }> {
    const owner = table === 'graph_observations' ? 'entity_id' : 'from_id';
    const ids: string[] = [];
    const entityIds: string[] = [];
    for (const c of closings) {
      const r = await t.get<{ owner: string }>(`UPDATE ${table} SET invalid_at = ?, expired_at = ?, superseded_by = ? WHERE id = ? AND user_id = ? RETURNING ${owner} AS owner`,
        [c.invalidAt, c.expiredAt, c.supersededBy, c.id, userId]);
      if (r) { ids.push(c.id); entityIds.push(r.owner); }
    }
    return { ids, entityIds };
  }

  async observations(userId: string, query: TemporalQuery, now: number): Promise<Observation[]> {
    const w = temporalWhere(query, now, ['entity_id']);
    return (await this.db.all<ObservationRow>(`SELECT ${OBSERVATION_COLUMNS} FROM graph_observations t WHERE t.user_id = ? AND ${w.sql} ORDER BY t.valid_at, t.seq`,
      [userId, ...w.params])).map(toObservation);
  }

  async factsOf(userId: string, entityId: string, predicate: string): Promise<Observation[]> {
    return (await this.db.all<ObservationRow>(`SELECT ${OBSERVATION_COLUMNS} FROM graph_observations
      WHERE user_id = ? AND entity_id = ? AND predicate = ? ORDER BY valid_at, seq`, [userId, entityId, predicate])).map(toObservation);
  }

  async closeObservations(userId: string, closings: Closing[]): Promise<string[]> {
    return this.db.tx(async (t) => {
      const r = await this.applyClosings(t, 'graph_observations', userId, closings);
      await this.refreshDocs(t, r.entityIds, Date.now());
      return r.ids;
    });
  }

  async deleteObservations(userId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.db.tx(async (t) => {
      const rows = await t.all<{ id: string; entity_id: string }>('DELETE FROM graph_observations WHERE user_id = ? AND id = ANY(?::text[]) RETURNING id, entity_id', [userId, ids]);
      await this.refreshDocs(t, rows.map((r) => r.entity_id), Date.now());
      return rows.map((r) => r.id);
    });
  }

  async observationVectors(userId: string, ids: string[]): Promise<Map<string, Vector>> {
    const out = new Map<string, Vector>();
    if (ids.length === 0) return out;
    const rows = await this.db.all<{ id: string; vector: number[] }>('SELECT id, vector FROM graph_observations WHERE user_id = ? AND vector IS NOT NULL AND id = ANY(?::text[])',
      [userId, ids]);
    for (const r of rows) out.set(r.id, Float32Array.from(r.vector));
    return out;
  }

  async writeRelations(userId: string, rows: Relation[], closings: Closing[]): Promise<void> {
    await this.db.tx(async (t) => {
      for (const r of rows) {
        if (r.userId !== userId) throw new MnemoError('INTERNAL', 'relation of another user');
        await t.run(`INSERT INTO graph_relations(id, user_id, from_id, to_id, type, weight, valid_at, invalid_at, created_at,
          expired_at, superseded_by, source_memory_ids, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [r.id, r.userId, r.fromId, r.toId, r.type, r.weight, r.validAt, r.invalidAt, r.createdAt, r.expiredAt, r.supersededBy,
          JSON.stringify(r.provenance.sourceMemoryIds), r.provenance.source]);
      }
      await this.applyClosings(t, 'graph_relations', userId, closings);
    });
  }

  async relations(userId: string, query: TemporalQuery, now: number): Promise<Relation[]> {
    const w = temporalWhere(query, now, ['from_id', 'to_id']);
    return (await this.db.all<RelationRow>(`SELECT ${RELATION_COLUMNS} FROM graph_relations t WHERE t.user_id = ? AND ${w.sql} ORDER BY t.valid_at, t.seq`,
      [userId, ...w.params])).map(toRelation);
  }

  async relationsFrom(userId: string, fromId: string, type: string): Promise<Relation[]> {
    return (await this.db.all<RelationRow>(`SELECT ${RELATION_COLUMNS} FROM graph_relations
      WHERE user_id = ? AND from_id = ? AND type = ? ORDER BY valid_at, seq`, [userId, fromId, type])).map(toRelation);
  }

  async closeRelations(userId: string, closings: Closing[]): Promise<string[]> {
    return this.db.tx(async (t) => (await this.applyClosings(t, 'graph_relations', userId, closings)).ids);
  }

  async deleteRelations(userId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await this.db.all<{ id: string }>('DELETE FROM graph_relations WHERE user_id = ? AND id = ANY(?::text[]) RETURNING id', [userId, ids])).map((r) => r.id);
  }

  async entityKeywordCandidates(userId: string, query: KeywordQuery, limit: number): Promise<Candidate[]> {
    if (query.terms.length === 0) return [];
    const q = tsQuery(query.terms);
    const rows = await this.db.all<{ id: string; score: number }>(`SELECT e.id, ts_rank(e.doc, q.q) AS score
      FROM graph_entities e, (SELECT ${q.sql} AS q) q WHERE e.doc @@ q.q AND e.user_id = ? ORDER BY score DESC, e.seq LIMIT ?`,
    [...q.params, userId, limit]);
    return rows.map((r, i) => ({ id: r.id, rank: i + 1, score: r.score }));
  }

  async entityVectors(userId: string, now: number): Promise<Array<{ entityId: string; vector: Vector }>> {
    const rows = await this.db.all<{ entity_id: string; vector: number[] }>(`SELECT id AS entity_id, vector FROM graph_entities WHERE user_id = ? AND vector IS NOT NULL
      UNION ALL SELECT entity_id, vector FROM graph_observations WHERE user_id = ? AND vector IS NOT NULL
        AND valid_at <= ? AND (invalid_at IS NULL OR invalid_at > ?)`, [userId, userId, now, now]);
    return rows.map((r) => ({ entityId: r.entity_id, vector: Float32Array.from(r.vector) }));
  }

  async link(rows: MemoryEntityLink[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.tx(async (t) => {
      for (const l of rows) {
        await t.run(`INSERT INTO graph_memory_links(memory_id, entity_id, user_id, reason, created_at)
          SELECT ?, e.id, ?, ?, ? FROM graph_entities e WHERE e.id = ? AND e.user_id = ?
          ON CONFLICT (memory_id, entity_id) DO NOTHING`, [l.memoryId, l.userId, l.reason, l.createdAt, l.entityId, l.userId]);
      }
    });
  }

  async linksOfMemories(userId: string, memoryIds: string[]): Promise<MemoryEntityLink[]> {
    if (memoryIds.length === 0) return [];
    return (await this.db.all<LinkRow>(`SELECT memory_id, entity_id, user_id, reason, created_at FROM graph_memory_links
      WHERE user_id = ? AND memory_id = ANY(?::text[]) ORDER BY seq`, [userId, memoryIds])).map(toLink);
  }

  async linksOfEntity(userId: string, entityId: string, page: { limit: number; offset: number }): Promise<{ rows: MemoryEntityLink[]; total: number }> {
    const total = (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM graph_memory_links l ${LIVE_MEMORY} WHERE l.user_id = ? AND l.entity_id = ?`, [userId, entityId]))!.n;
    const rows = await this.db.all<LinkRow>(`SELECT l.memory_id, l.entity_id, l.user_id, l.reason, l.created_at FROM graph_memory_links l ${LIVE_MEMORY}
      WHERE l.user_id = ? AND l.entity_id = ? ORDER BY l.created_at DESC, l.seq DESC LIMIT ? OFFSET ?`, [userId, entityId, page.limit, page.offset]);
    return { rows: rows.map(toLink), total };
  }

  async linkCounts(userId: string, entityIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (entityIds.length === 0) return out;
    const rows = await this.db.all<{ entity_id: string; n: number }>(`SELECT l.entity_id, COUNT(*) AS n FROM graph_memory_links l ${LIVE_MEMORY}
      WHERE l.user_id = ? AND l.entity_id = ANY(?::text[]) GROUP BY l.entity_id`, [userId, entityIds]);
    for (const r of rows) out.set(r.entity_id, r.n);
    return out;
  }

  async hotEntities(userId: string, since: number, limit: number): Promise<Array<{ entity: Entity; observations: number; links: number }>> {
    const rows = await this.db.all<EntityRow & { obs: number; links: number }>(`SELECT e.seq, e.id, e.user_id, e.name, e.type, e.aliases, e.summary, e.created_at, e.updated_at,
        (SELECT COUNT(*) FROM graph_observations o WHERE o.entity_id = e.id AND o.created_at >= ?) AS obs,
        (SELECT COUNT(*) FROM graph_memory_links l ${LIVE_MEMORY} WHERE l.entity_id = e.id AND l.created_at >= ?) AS links
      FROM graph_entities e WHERE e.user_id = ? ORDER BY e.seq`, [since, since, userId]);
    return rows.filter((r) => r.obs + r.links > 0).sort((a, b) => b.obs + b.links - (a.obs + a.links)).slice(0, limit)
      .map((r) => ({ entity: toEntity(r), observations: r.obs, links: r.links }));
  }

  async dismiss(userId: string, key: string, at: number): Promise<void> {
    await this.db.run('INSERT INTO graph_dismissals(user_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (user_id, key) DO NOTHING', [userId, key, at]);
  }

  async dismissed(userId: string, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.all<{ key: string }>('SELECT key FROM graph_dismissals WHERE user_id = ? AND key = ANY(?::text[])', [userId, keys]);
    return new Set(rows.map((r) => r.key));
  }
}

interface LinkRow { memory_id: string; entity_id: string; user_id: string; reason: MemoryEntityLink['reason']; created_at: number }

function toLink(r: LinkRow): MemoryEntityLink {
  return { memoryId: r.memory_id, entityId: r.entity_id, userId: r.user_id, reason: r.reason, createdAt: r.created_at };
}
