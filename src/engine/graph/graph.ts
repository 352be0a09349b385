/**
 * `memory.graph`: the knowledge graph SDK. Entities (unique per user on normalised
 * name + type), bi-temporal observations and relations (core/graph.ts), memory links.
 * The same operations back the MCP tools (drop-in for the official memory server), the
 * REST routes and the importers of peer formats.
 *
 * Time rules: a structured fact (`predicate`) closes the open fact of the same entity and
 * predicate, and an `exclusive` relation the open one of the same `from` and type, with
 * Graphiti's ordering (temporal.ts). Nothing is deleted by supersession: the old fact
 * keeps its text, gets `invalidAt`/`expiredAt`/`supersededBy`, and stays visible to
 * `asOf` views.
 *
 * Failure contract: `INVALID_INPUT` for bad arguments (nothing written), `NOT_FOUND` for a
 * name or id absent from the user's graph, `FORBIDDEN` for a paused app writing.
 *
 * @example Importing with explicit times (what peer-format importers call):
 * await memory.graph.createEntities([{ name: 'Alice', type: 'person', aliases: ['Ali'] }], { userId: 'u' });
 * await memory.graph.addObservations([
 *   { entityName: 'Alice', content: 'lives in Berlin', predicate: 'lives_in', value: 'Berlin', validAt: '2024-01-10' },
 *   { entityName: 'Alice', content: 'lives in Hamburg', predicate: 'lives_in', value: 'Hamburg', validAt: '2024-06-01' },
 * ], { userId: 'u' });
 * await memory.graph.createRelations([{ from: 'Alice', to: 'Acme', type: 'works_at', validAt: '2023-05-01', exclusive: true }], { userId: 'u' });
 * const { entities } = await memory.graph.open(['Alice'], { userId: 'u', asOf: '2024-03-01' }); // Berlin only
 */
import { type Clock, parseTime } from '../../core/clock.js';
import { MnemoError } from '../../core/errors.js';
import { type Entity, type MemoryEntityLink, normalizeName, type Observation, type Relation } from '../../core/graph.js';
import type { Vector } from '../../embedding/embedder.js';
import type { Closing } from '../../storage/graph-store.js';
import type { MemoryStore } from '../../storage/store.js';
import { assertCanWrite, readerScope, type ReaderScope } from '../apps.js';
import { parseInput } from '../inputs.js';
import {
  AsOfSchema, ChangesSchema, EntityListSchema, GraphQuerySchema, GraphScopeSchema, GraphSearchSchema, LinkPageSchema, FindContradictionsSchema, ContradictionActionSchema, NameListSchema,
  NewEntitiesSchema, NewObservationsSchema, NewRelationsSchema, ObservationRefsSchema, RelationRefsSchema, SupersedeSchema,
} from './graph-inputs.js';
import { rankEntities } from './graph-search.js';
import { resolveSupersession } from './temporal.js';
import { type Contradiction, findContradictions, pairId, parsePairId } from './contradictions.js';
import type { MemoryRecord } from '../../core/memory.js';
import { exportGraph, type GraphExport, type GraphExportSchema, importGraph, importPeerGraph, type PeerGraph } from './graph-transfer.js';
import type { z } from 'zod';

/** What `Memory` hands its graph: lazy store, clock, embedding, default app. */
export interface GraphContext {
  /** The opened store. @throws MnemoError UNAVAILABLE */
  store(): Promise<MemoryStore>;
  clock: Clock;
  /** Embeds texts; `null` vectors (and a `notice`) when the vector side is unavailable. */
  embed(texts: string[]): Promise<{ vectors: Array<Vector | null>; notice?: string }>;
  /** The app of this Memory instance, if any. */
  app: string | null;
}

/** An entity with its observations (those of the view's time). */
export interface EntityView extends Entity {
  observations: Observation[];
}
/** A relation with its ends' names. */
export interface RelationView extends Relation {
  from: string;
  to: string;
}
/** Part of the graph. */
export interface GraphView {
  entities: EntityView[];
  relations: RelationView[];
}

/** Scope of a call. */
export type GraphScope = z.input<typeof GraphScopeSchema>;
/** A time view (`asOf`: valid time, default now). */
export type AsOfOptions = z.input<typeof AsOfSchema>;

/**
 * The knowledge graph of a {@link Memory} (see module header).
 */
export class KnowledgeGraph {
  constructor(private readonly ctx: GraphContext) {}

  private async writer(scope: GraphScope): Promise<{ store: MemoryStore; userId: string; app: string | null; now: number }> {
    const s = parseInput(GraphScopeSchema, scope, 'graph options');
    const store = await this.ctx.store();
    const app = s.caller ?? this.ctx.app;
    const now = this.ctx.clock.now();
    await assertCanWrite(store.governance, s.userId, app, now);
    return { store, userId: s.userId, app, now };
  }

  /**
   * What the reading app (`caller`, else this Memory's app) may see: nothing when it is
   * paused (as for memories, apps.ts), else its memory visibility (access rules).
   */
  private async reading(store: MemoryStore, userId: string, caller: string | undefined): Promise<ReaderScope> {
    return readerScope(store.governance, userId, caller ?? this.ctx.app, this.ctx.clock.now());
  }

  /** The entity named `name` (oldest when several types share it; `type` narrows). @throws NOT_FOUND */
  private async resolve(store: MemoryStore, userId: string, name: string, type?: string): Promise<Entity> {
    const found = (await store.graph.entitiesByName(userId, [normalizeName(name)]))
      .filter((e) => type === undefined || normalizeName(e.type) === normalizeName(type));
    if (!found[0]) throw new MnemoError('NOT_FOUND', `entity "${name}" not found`, { data: { name } });
    return found[0];
  }

  /**
   * Creates entities; one whose normalised (name, type) exists is skipped (the official
   * memory server skips existing names) but its new aliases are merged. Given
   * `observations` are added as facts valid from now.
   * @returns `created` (new entities) and `existing` (skipped ones).
   * @throws MnemoError INVALID_INPUT; FORBIDDEN for a paused app.
   */
  async createEntities(items: z.input<typeof NewEntitiesSchema>, scope: GraphScope): Promise<{ created: Entity[]; existing: Entity[] }> {
    const list = parseInput(NewEntitiesSchema, items, 'entities');
    const { store, userId, now, app } = await this.writer(scope);
    const created: Entity[] = [];
    const existing: Entity[] = [];
    const seen = new Set<string>();
    const known = await store.graph.entitiesByName(userId, list.map((e) => normalizeName(e.name)));
    for (const e of list) {
      const key = `${normalizeName(e.name)}\u0000${normalizeName(e.type)}`;
      const old = known.find((k) => `${normalizeName(k.name)}\u0000${normalizeName(k.type)}` === key);
      if (old) {
        const add = e.aliases.filter((a) => !old.aliases.some((b) => normalizeName(b) === normalizeName(a)));
        existing.push(add.length === 0 ? old : (await store.graph.updateEntity(userId, old.id, { aliases: [...old.aliases, ...add], updatedAt: now }))!);
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      const at = e.createdAt === undefined ? now : parseTime(e.createdAt, 'createdAt');
      created.push({ id: crypto.randomUUID(), userId, name: e.name, type: e.type, aliases: e.aliases, summary: e.summary, createdAt: at, updatedAt: at });
    }
    if (created.length > 0) {
      const { vectors } = await this.ctx.embed(created.map((e) => [e.name, ...e.aliases].join(', ')));
      await store.graph.insertEntities(created.map((entity, i) => ({ entity, vector: vectors[i] ?? null })));
    }
    const facts = list.flatMap((e) => e.observations.map((content) => ({ entityName: e.name, entityType: e.type, content })));
    if (facts.length > 0) await this.addObservations(facts, { userId, ...(app ? { caller: app } : {}) });
    return { created, existing };
  }

  /**
   * Adds observations. An observation equal to one valid now of the same entity is
   * skipped (as the official server); a structured one (`predicate`) closes the open
   * fact of the same entity and predicate, or is stored already closed when older
   * (Graphiti's ordering, temporal.ts); the same value again is a duplicate.
   * @returns `added` observations (with their final times), `skipped` duplicates and
   *   the ids of facts it `closed`.
   * @throws MnemoError NOT_FOUND for an unknown entity (nothing is written).
   */
  async addObservations(items: z.input<typeof NewObservationsSchema>, scope: GraphScope): Promise<{ added: Observation[]; skipped: Array<{ entityName: string; content: string; duplicateOf: string }>; closed: string[]; notice?: string }> {
    const list = parseInput(NewObservationsSchema, items, 'observations');
    const { store, userId, now } = await this.writer(scope);
    const added: Observation[] = [];
    const skipped: Array<{ entityName: string; content: string; duplicateOf: string }> = [];
    const closings: Closing[] = [];
    const entities = new Map<string, Entity>();
    for (const o of list) entities.set(o.entityName, await this.resolve(store, userId, o.entityName, o.entityType));
    // Facts valid now per entity, and open facts per (entity, predicate), updated as the batch goes.
    const current = new Map<string, Observation[]>();
    for (const e of entities.values()) current.set(e.id, await store.graph.observations(userId, { entityIds: [e.id] }, now));
    const open = new Map<string, Observation[]>();
    for (const o of list) {
      const entity = entities.get(o.entityName)!;
      const validAt = o.validAt === undefined ? now : parseTime(o.validAt, 'validAt');
      const dup = current.get(entity.id)!.find((x) => x.content === o.content);
      if (dup && !o.predicate) { skipped.push({ entityName: o.entityName, content: o.content, duplicateOf: dup.id }); continue; }
      const obs: Observation = {
        id: crypto.randomUUID(), userId, entityId: entity.id, content: o.content, predicate: o.predicate ?? null,
        value: o.predicate ? (o.value ?? o.content) : (o.value ?? null), confidence: o.confidence,
        sourceMemoryIds: o.sourceMemoryIds, validAt, invalidAt: o.invalidAt === undefined ? null : parseTime(o.invalidAt, 'invalidAt'),
        createdAt: o.createdAt === undefined ? now : parseTime(o.createdAt, 'createdAt'), expiredAt: null, supersededBy: null,
      };
      if (obs.invalidAt !== null) {
        if (obs.invalidAt <= obs.validAt) throw new MnemoError('INVALID_INPUT', `observation "${o.content}": invalidAt must be after validAt`);
        obs.expiredAt = o.expiredAt === undefined ? now : parseTime(o.expiredAt, 'expiredAt');
      }
      if (obs.predicate !== null && obs.invalidAt === null) {
        const key = `${entity.id}\u0000${obs.predicate}`;
        if (!open.has(key)) open.set(key, await store.graph.factsOf(userId, entity.id, obs.predicate));
        const pending = open.get(key)!;
        const r = resolveSupersession(pending.map((p) => ({ id: p.id, validAt: p.validAt, key: normalizeName(p.value ?? p.content), open: p.invalidAt === null })),
          { id: obs.id, validAt, key: normalizeName(obs.value ?? obs.content) }, now);
        if (r.kind === 'duplicate') { skipped.push({ entityName: o.entityName, content: o.content, duplicateOf: r.of }); continue; }
        Object.assign(obs, { invalidAt: r.invalidAt, expiredAt: r.expiredAt, supersededBy: r.supersededBy });
        closings.push(...r.closings);
        for (const p of pending) {
          const c = r.closings.find((x) => x.id === p.id);
          if (c) Object.assign(p, { invalidAt: c.invalidAt, expiredAt: c.expiredAt, supersededBy: c.supersededBy });
        }
        open.set(key, [...pending, obs]);
        // Closings of facts added earlier in this batch apply to them before insert.
        for (const a of added) {
          const c = r.closings.find((x) => x.id === a.id);
          if (c) Object.assign(a, { invalidAt: c.invalidAt, expiredAt: c.expiredAt, supersededBy: c.supersededBy });
        }
      }
      added.push(obs);
      current.get(entity.id)!.push(obs);
    }
    const addedIds = new Set(added.map((a) => a.id));
    const { vectors, notice } = added.length > 0 ? await this.ctx.embed(added.map((a) => a.content)) : { vectors: [], notice: undefined };
    await store.graph.writeObservations(userId, added.map((observation, i) => ({ observation, vector: vectors[i] ?? null })),
      closings.filter((c) => !addedIds.has(c.id)));
    const closed = [...new Set(closings.map((c) => c.id))];
    return notice === undefined ? { added, skipped, closed } : { added, skipped, closed, notice };
  }

  /**
   * Creates relations between existing entities (by name). An open relation with the
   * same ends and type is a duplicate (skipped); an `exclusive` one closes the open
   * relation of the same `from` and type to another entity (Graphiti's ordering).
   * @throws MnemoError NOT_FOUND for an unknown end (nothing is written).
   */
  async createRelations(items: z.input<typeof NewRelationsSchema>, scope: GraphScope): Promise<{ created: RelationView[]; skipped: Array<{ from: string; to: string; type: string; duplicateOf: string }>; closed: string[] }> {
    const list = parseInput(NewRelationsSchema, items, 'relations');
    const { store, userId, now, app } = await this.writer(scope);
    const created: RelationView[] = [];
    const skipped: Array<{ from: string; to: string; type: string; duplicateOf: string }> = [];
    const closings: Closing[] = [];
    const open = new Map<string, Relation[]>();
    for (const r of list) {
      const from = await this.resolve(store, userId, r.from);
      const to = await this.resolve(store, userId, r.to);
      const validAt = r.validAt === undefined ? now : parseTime(r.validAt, 'validAt');
      const rel: Relation = {
        id: crypto.randomUUID(), userId, fromId: from.id, toId: to.id, type: r.type, weight: r.weight, validAt,
        invalidAt: r.invalidAt === undefined ? null : parseTime(r.invalidAt, 'invalidAt'),
        createdAt: r.createdAt === undefined ? now : parseTime(r.createdAt, 'createdAt'), expiredAt: null, supersededBy: null,
        provenance: { sourceMemoryIds: r.sourceMemoryIds, source: r.source === undefined ? app : r.source },
      };
      if (rel.invalidAt !== null) {
        if (rel.invalidAt <= rel.validAt) throw new MnemoError('INVALID_INPUT', `relation ${r.from} ${r.type} ${r.to}: invalidAt must be after validAt`);
        rel.expiredAt = r.expiredAt === undefined ? now : parseTime(r.expiredAt, 'expiredAt');
      }
      const key = `${from.id}\u0000${r.type}`;
      if (!open.has(key)) open.set(key, await store.graph.relationsFrom(userId, from.id, r.type));
      const pending = open.get(key)!;
      if (rel.invalidAt === null) {
        const candidates = r.exclusive ? pending : pending.filter((p) => p.toId === to.id && p.invalidAt === null);
        const res = resolveSupersession(candidates.map((p) => ({ id: p.id, validAt: p.validAt, key: p.toId, open: p.invalidAt === null })), { id: rel.id, validAt, key: to.id }, now);
        if (res.kind === 'duplicate') { skipped.push({ from: r.from, to: r.to, type: r.type, duplicateOf: res.of }); continue; }
        Object.assign(rel, { invalidAt: res.invalidAt, expiredAt: res.expiredAt, supersededBy: res.supersededBy });
        closings.push(...res.closings);
        for (const c of res.closings) {
          const mine = created.find((x) => x.id === c.id);
          if (mine) Object.assign(mine, { invalidAt: c.invalidAt, expiredAt: c.expiredAt, supersededBy: c.supersededBy });
        }
        for (const p of pending) {
          const c = res.closings.find((x) => x.id === p.id);
          if (c) Object.assign(p, { invalidAt: c.invalidAt, expiredAt: c.expiredAt, supersededBy: c.supersededBy });
        }
        pending.push(rel);
      }
      created.push({ ...rel, from: from.name, to: to.name });
    }
    const createdIds = new Set(created.map((c) => c.id));
    await store.graph.writeRelations(userId, created.map(({ from: _f, to: _t, ...rel }) => rel), closings.filter((c) => !createdIds.has(c.id)));
    return { created, skipped, closed: [...new Set(closings.map((c) => c.id))] };
  }

  /**
   * Marks an observation as no longer true (never deletes it): `invalidAt` = the given
   * time, else the replacement's `validAt`, else now; `expiredAt` = now; `supersededBy`
   * = `by` (an observation of the same entity).
   * @throws MnemoError NOT_FOUND for an unknown id; INVALID_INPUT when `by` is of another
   *   entity or the observation is already closed.
   */
  async supersedeObservation(id: string, options: z.input<typeof SupersedeSchema>): Promise<Observation> {
    const opts = parseInput(SupersedeSchema, options, 'supersede options');
    const { store, userId, now } = await this.writer(opts);
    const [obs] = await store.graph.observations(userId, { ids: [id], includeInvalid: true }, now);
    if (!obs) throw new MnemoError('NOT_FOUND', `observation ${id} not found`);
    if (obs.invalidAt !== null && obs.supersededBy !== null) throw new MnemoError('INVALID_INPUT', `observation ${id} is already superseded by ${obs.supersededBy}`);
    let invalidAt = opts.invalidAt === undefined ? null : parseTime(opts.invalidAt, 'invalidAt');
    if (opts.by !== undefined) {
      const [by] = await store.graph.observations(userId, { ids: [opts.by], includeInvalid: true }, now);
      if (!by) throw new MnemoError('NOT_FOUND', `observation ${opts.by} not found`);
      if (by.entityId !== obs.entityId) throw new MnemoError('INVALID_INPUT', 'the replacement must be an observation of the same entity');
      invalidAt ??= by.validAt;
    }
    invalidAt ??= now;
    if (invalidAt < obs.validAt) throw new MnemoError('INVALID_INPUT', 'invalidAt is before the observation became valid');
    await store.graph.closeObservations(userId, [{ id, invalidAt, expiredAt: now, supersededBy: opts.by ?? null }]);
    return { ...obs, invalidAt, expiredAt: now, supersededBy: opts.by ?? null };
  }

  /** Like {@link supersedeObservation} for a relation (`by`: any relation of the user). */
  async supersedeRelation(id: string, options: z.input<typeof SupersedeSchema>): Promise<Relation> {
    const opts = parseInput(SupersedeSchema, options, 'supersede options');
    const { store, userId, now } = await this.writer(opts);
    const [rel] = await store.graph.relations(userId, { ids: [id], includeInvalid: true }, now);
    if (!rel) throw new MnemoError('NOT_FOUND', `relation ${id} not found`);
    let invalidAt = opts.invalidAt === undefined ? null : parseTime(opts.invalidAt, 'invalidAt');
    if (opts.by !== undefined) {
      const [by] = await store.graph.relations(userId, { ids: [opts.by], includeInvalid: true }, now);
      if (!by) throw new MnemoError('NOT_FOUND', `relation ${opts.by} not found`);
      invalidAt ??= by.validAt;
    }
    invalidAt ??= now;
    await store.graph.closeRelations(userId, [{ id, invalidAt, expiredAt: now, supersededBy: opts.by ?? null }]);
    return { ...rel, invalidAt, expiredAt: now, supersededBy: opts.by ?? null };
  }

  /** Deletes entities by name with their observations, relations and links (absent names are ignored). @returns ids deleted. */
  async deleteEntities(names: string[], scope: GraphScope): Promise<string[]> {
    const list = parseInput(NameListSchema, names, 'entity names');
    const { store, userId } = await this.writer(scope);
    const found = await store.graph.entitiesByName(userId, list.map(normalizeName));
    return store.graph.deleteEntities(userId, found.map((e) => e.id));
  }

  /** Deletes observations by entity name and exact content, any time (absent ones ignored). @returns ids deleted. */
  async deleteObservations(items: z.input<typeof ObservationRefsSchema>, scope: GraphScope): Promise<string[]> {
    const list = parseInput(ObservationRefsSchema, items, 'deletions');
    const { store, userId, now } = await this.writer(scope);
    const ids: string[] = [];
    for (const d of list) {
      const entities = await store.graph.entitiesByName(userId, [normalizeName(d.entityName)]);
      const all = await store.graph.observations(userId, { entityIds: entities.map((e) => e.id), includeInvalid: true }, now);
      ids.push(...all.filter((o) => d.contents.includes(o.content)).map((o) => o.id));
    }
    return store.graph.deleteObservations(userId, ids);
  }

  /** Deletes relations by ends and type, any time (absent ones ignored). @returns ids deleted. */
  async deleteRelations(items: z.input<typeof RelationRefsSchema>, scope: GraphScope): Promise<string[]> {
    const list = parseInput(RelationRefsSchema, items, 'relations');
    const { store, userId, now } = await this.writer(scope);
    const ids: string[] = [];
    for (const r of list) {
      const from = await store.graph.entitiesByName(userId, [normalizeName(r.from)]);
      const to = new Set((await store.graph.entitiesByName(userId, [normalizeName(r.to)])).map((e) => e.id));
      const rels = await store.graph.relations(userId, { entityIds: from.map((e) => e.id), includeInvalid: true }, now);
      ids.push(...rels.filter((x) => from.some((f) => f.id === x.fromId) && to.has(x.toId) && x.type === r.type).map((x) => x.id));
    }
    return store.graph.deleteRelations(userId, ids);
  }

  /** Builds views of `entities` at valid time `at`, with the relations among them (`allRelations`: touching any of them). */
  private async view(store: MemoryStore, userId: string, entities: Entity[], at: number | undefined, now: number, allRelations = false, whole = false): Promise<GraphView> {
    const ids = entities.map((e) => e.id);
    // The whole graph is read without an id list (no bound-parameter limit on big graphs).
    const q = { ...(whole ? {} : { entityIds: ids }), ...(at === undefined ? {} : { asOf: at }) };
    const obs = await store.graph.observations(userId, q, now);
    const rels = await store.graph.relations(userId, q, now);
    const idSet = new Set(ids);
    const keep = rels.filter((r) => allRelations || (idSet.has(r.fromId) && idSet.has(r.toId)));
    const missing = [...new Set(keep.flatMap((r) => [r.fromId, r.toId]).filter((id) => !idSet.has(id)))];
    const names = new Map([...entities, ...(await store.graph.entitiesById(userId, missing))].map((e) => [e.id, e.name]));
    return {
      entities: entities.map((e) => ({ ...e, observations: obs.filter((o) => o.entityId === e.id) })),
      relations: keep.map((r) => ({ ...r, from: names.get(r.fromId) ?? r.fromId, to: names.get(r.toId) ?? r.toId })),
    };
  }

  /**
   * Entities by name with their observations and the relations touching them (as the
   * official server since it stopped dropping edges to unrequested nodes), as of valid
   * time `asOf` (default now). Absent names are skipped.
   */
  async open(names: string[], options: AsOfOptions): Promise<GraphView> {
    const list = parseInput(NameListSchema, names, 'names');
    const opts = parseInput(AsOfSchema, options, 'options');
    const store = await this.ctx.store();
    if ((await this.reading(store, opts.userId, opts.caller)).blocked) return { entities: [], relations: [] };
    const entities = await store.graph.entitiesByName(opts.userId, list.map(normalizeName));
    return this.view(store, opts.userId, entities, opts.asOf === undefined ? undefined : parseTime(opts.asOf, 'asOf'), this.ctx.clock.now(), true);
  }

  /** The whole graph of a user as of `asOf` (default now). */
  async read(options: AsOfOptions): Promise<GraphView> {
    const opts = parseInput(AsOfSchema, options, 'options');
    const store = await this.ctx.store();
    if ((await this.reading(store, opts.userId, opts.caller)).blocked) return { entities: [], relations: [] };
    const entities: Entity[] = [];
    for (let offset = 0; ; offset += 1_000) {
      const page = await store.graph.listEntities(opts.userId, { limit: 1_000, offset });
      entities.push(...page.rows);
      if (page.rows.length < 1_000) break;
    }
    return this.view(store, opts.userId, entities, opts.asOf === undefined ? undefined : parseTime(opts.asOf, 'asOf'), this.ctx.clock.now(), false, true);
  }

  /**
   * Entities ranked for `query`: hybrid (BM25 over name, aliases, type and observations
   * fused with the best cosine of the query to the entity's name or observations; see
   * graph-search.ts), with the relations touching them. `notice` when vectors are off.
   */
  async search(query: string, options: z.input<typeof GraphSearchSchema>): Promise<GraphView & { scores: Record<string, number>; notice?: string }> {
    const text = parseInput(GraphQuerySchema, query, 'query');
    const opts = parseInput(GraphSearchSchema, options, 'search options');
    const store = await this.ctx.store();
    const now = this.ctx.clock.now();
    const at = opts.asOf === undefined ? undefined : parseTime(opts.asOf, 'asOf');
    if ((await this.reading(store, opts.userId, opts.caller)).blocked) return { entities: [], relations: [], scores: {} };
    const ranked = await rankEntities(store, (t) => this.ctx.embed(t), opts.userId, text, { limit: opts.limit, mode: opts.mode, at: at ?? now });
    const entities = new Map((await store.graph.entitiesById(opts.userId, ranked.hits.map((h) => h.id))).map((e) => [e.id, e]));
    const ordered = ranked.hits.flatMap((h) => (entities.has(h.id) ? [entities.get(h.id)!] : []));
    const view = await this.view(store, opts.userId, ordered, at, now, true);
    const scores = Object.fromEntries(ranked.hits.map((h) => [h.id, h.score]));
    return ranked.notice === undefined ? { ...view, scores } : { ...view, scores, notice: ranked.notice };
  }

  /** A page of entities by name (`type` exact, `contains` substring). */
  async listEntities(options: z.input<typeof EntityListSchema>): Promise<{ rows: Entity[]; total: number }> {
    const opts = parseInput(EntityListSchema, options, 'entity list options');
    const store = await this.ctx.store();
    return store.graph.listEntities(opts.userId, { type: opts.type, contains: opts.contains, limit: opts.limit, offset: opts.offset });
  }

  /**
   * One entity by id with every observation and relation it ever had (all times, for a
   * timeline) and its linked memory count. @throws MnemoError NOT_FOUND
   */
  async entity(id: string, scope: GraphScope): Promise<EntityView & { relations: RelationView[]; links: number }> {
    const s = parseInput(GraphScopeSchema, scope, 'options');
    const store = await this.ctx.store();
    const e = await store.graph.getEntity(s.userId, id);
    if (!e) throw new MnemoError('NOT_FOUND', `entity ${id} not found`);
    const now = this.ctx.clock.now();
    const observations = await store.graph.observations(s.userId, { entityIds: [id], includeInvalid: true }, now);
    const rels = await store.graph.relations(s.userId, { entityIds: [id], includeInvalid: true }, now);
    const others = await store.graph.entitiesById(s.userId, [...new Set(rels.flatMap((r) => [r.fromId, r.toId]))]);
    const names = new Map([e, ...others].map((x) => [x.id, x.name]));
    const links = (await store.graph.linkCounts(s.userId, [id])).get(id) ?? 0;
    return { ...e, observations, relations: rels.map((r) => ({ ...r, from: names.get(r.fromId) ?? r.fromId, to: names.get(r.toId) ?? r.toId })), links };
  }

  /**
   * The user's whole graph for an export file: entities, every fact and relation with
   * all four times (graph-transfer.ts).
   */
  async exportAll(scope: GraphScope): Promise<z.output<typeof GraphExportSchema>> {
    const s = parseInput(GraphScopeSchema, scope, 'options');
    return exportGraph(await this.ctx.store(), s.userId, this.ctx.clock.now());
  }

  /**
   * Imports an exported graph (graph-transfer.ts): times, predicates, confidences and
   * superseded-by pointers kept; existing entities reused; duplicates skipped.
   * @throws MnemoError INVALID_INPUT (nothing written).
   */
  async importAll(data: GraphExport, scope: GraphScope): Promise<{ entities: number; observations: number; relations: number; skipped: number }> {
    const s = parseInput(GraphScopeSchema, scope, 'options');
    return importGraph(this, await this.ctx.store(), data, s.userId);
  }

  /**
   * Imports a graph parsed from a peer's file (official MCP memory server JSONL,
   * local-memory-mcp), by names, with valid times, confidences and weights kept
   * (graph-transfer.ts `importPeerGraph`); refused items are listed in `skipped`.
   * @example await memory.graph.importPeer({ entities: [{ name: 'John', entityType: 'person', observations: [{ content: 'Speaks Spanish', validFrom: Date.parse('2024-01-01') }] }], relations: [] }, { userId: 'alice' })
   */
  async importPeer(peer: PeerGraph, scope: GraphScope): Promise<{ entities: number; observations: number; relations: number; skipped: Array<{ item: string; reason: string }> }> {
    const s = parseInput(GraphScopeSchema, scope, 'options');
    return importPeerGraph(this, peer, { userId: s.userId, ...(s.caller ? { caller: s.caller } : {}) });
  }

  /**
   * Candidate contradictions among the user's live facts and memories, with reasons,
   * scores and older/newer sides (contradictions.ts); dismissed pairs are left out.
   * @param options `entity` (a name) limits the fact side to it; `memories` (default
   *   true) includes memory pairs; `scan` newest memories checked (1-2000, default 500);
   *   `limit` (1-200, default 50).
   */
  async findContradictions(options: z.input<typeof FindContradictionsSchema>): Promise<Contradiction[]> {
    const opts = parseInput(FindContradictionsSchema, options, 'contradiction options');
    const store = await this.ctx.store();
    const scope = await this.reading(store, opts.userId, opts.caller);
    if (scope.blocked) return [];
    const entityIds = opts.entity === undefined ? undefined : [(await this.resolve(store, opts.userId, opts.entity)).id];
    return findContradictions(store, async (texts) => (await this.ctx.embed(texts)).vectors, opts.userId, this.ctx.clock.now(),
      { entityIds, memories: opts.memories && opts.entity === undefined, scan: opts.scan, limit: opts.limit, visibility: scope.visibility });
  }

  /**
   * Resolves a candidate: `supersede` closes the older fact (supersededBy the newer) or
   * archives the older memory; `dismiss` keeps both and remembers the pair so it is not
   * flagged again; `delete` deletes the `target` side (default the older). Text is never
   * edited.
   * @throws MnemoError INVALID_INPUT for a bad id or action; NOT_FOUND when a side is gone.
   */
  async resolveContradiction(id: string, action: 'supersede' | 'dismiss' | 'delete', options: GraphScope & { target?: 'older' | 'newer' }): Promise<{ id: string; action: string; changed: string[] }> {
    const pair = parsePairId(id);
    const act = parseInput(ContradictionActionSchema, { action, target: options.target }, 'action');
    const { store, userId, now, app } = await this.writer({ userId: options.userId, caller: options.caller });
    const done = (changed: string[]) => ({ id, action: act.action, changed });
    if (act.action === 'dismiss') {
      await store.graph.dismiss(userId, pairId(pair.kind, pair.a, pair.b), now);
      return done([]);
    }
    if (pair.kind === 'obs') {
      const obs = await store.graph.observations(userId, { ids: [pair.a, pair.b], includeInvalid: true }, now);
      if (obs.length !== 2) throw new MnemoError('NOT_FOUND', `contradiction ${id}: a fact is gone`);
      const [older, newer] = [...obs].sort((x, y) => x.validAt - y.validAt || x.createdAt - y.createdAt) as [Observation, Observation];
      if (act.action === 'supersede') {
        await this.supersedeObservation(older.id, { userId, ...(app ? { caller: app } : {}), by: newer.id, invalidAt: Math.max(newer.validAt, older.validAt) });
        return done([older.id]);
      }
      return done(await store.graph.deleteObservations(userId, [act.target === 'newer' ? newer.id : older.id]));
    }
    const mems = await store.getMemories([pair.a, pair.b], { userId, states: ['active', 'paused', 'archived'] });
    if (mems.length !== 2) throw new MnemoError('NOT_FOUND', `contradiction ${id}: a memory is gone`);
    const [older, newer] = [...mems].sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt)) as [MemoryRecord, MemoryRecord];
    if (act.action === 'supersede') return done(await store.setState([older.id], userId, 'archived', app, now));
    return done(await store.setState([act.target === 'newer' ? newer.id : older.id], userId, 'deleted', app, now));
  }

  /**
   * The memories linked to an entity (auto-linked by name, alias or speaker, or
   * explicitly), newest link first. @throws MnemoError NOT_FOUND for an unknown entity id.
   */
  async links(entityId: string, options: GraphScope & { limit?: number; offset?: number }): Promise<{ rows: MemoryEntityLink[]; total: number }> {
    const s = parseInput(GraphScopeSchema, { userId: options.userId, caller: options.caller }, 'options');
    const page = parseInput(LinkPageSchema, { limit: options.limit, offset: options.offset }, 'page');
    const store = await this.ctx.store();
    if (!(await store.graph.getEntity(s.userId, entityId))) throw new MnemoError('NOT_FOUND', `entity ${entityId} not found`);
    return store.graph.linksOfEntity(s.userId, entityId, page);
  }

  /** The entities a memory is linked to, with why. */
  async linksOfMemory(memoryId: string, scope: GraphScope): Promise<Array<MemoryEntityLink & { entityName: string }>> {
    const s = parseInput(GraphScopeSchema, scope, 'options');
    const store = await this.ctx.store();
    const links = await store.graph.linksOfMemories(s.userId, [memoryId]);
    const names = new Map((await store.graph.entitiesById(s.userId, links.map((l) => l.entityId))).map((e) => [e.id, e.name]));
    return links.map((l) => ({ ...l, entityName: names.get(l.entityId) ?? l.entityId }));
  }

  /**
   * Links memories to an entity by hand (`reason: 'explicit'`); ids of other users'
   * memories are ignored by the store's foreign key and user checks.
   * @throws MnemoError NOT_FOUND for an unknown entity name.
   */
  async linkMemories(entityName: string, memoryIds: string[], scope: GraphScope): Promise<void> {
    const { store, userId, now } = await this.writer(scope);
    const e = await this.resolve(store, userId, entityName);
    const mine = await store.listIds({ userId, ids: memoryIds, states: ['active', 'paused', 'archived'] });
    await store.graph.link(mine.map((memoryId) => ({ memoryId, entityId: e.id, userId, reason: 'explicit', createdAt: now })));
  }

  /**
   * What changed for an entity between `from` and `to` (valid time, inclusive): facts
   * and relations that became true (`started`) or stopped being true (`ended`) then.
   * @throws MnemoError NOT_FOUND for an unknown entity.
   */
  async changes(name: string, options: z.input<typeof ChangesSchema>): Promise<{ entity: Entity; started: Array<Observation | RelationView>; ended: Array<Observation | RelationView> }> {
    const opts = parseInput(ChangesSchema, options, 'changes options');
    const from = parseTime(opts.from, 'from');
    const to = parseTime(opts.to, 'to');
    if (to < from) throw new MnemoError('INVALID_INPUT', '"to" is before "from"');
    const store = await this.ctx.store();
    const e = await this.resolve(store, opts.userId, name);
    const full = await this.entity(e.id, { userId: opts.userId });
    const items: Array<Observation | RelationView> = [...full.observations, ...full.relations];
    const inRange = (t: number | null): boolean => t !== null && t >= from && t <= to;
    return { entity: e, started: items.filter((x) => inRange(x.validAt)), ended: items.filter((x) => inRange(x.invalidAt)) };
  }
}
