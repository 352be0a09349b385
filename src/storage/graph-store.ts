/**
 * The storage contract of the knowledge graph: entities, observations (facts),
 * relations, memory <-> entity links and dismissed contradictions. Part of every
 * {@link MemoryStore} (`store.graph`), on the same database, so a backend implements it
 * once beside its memory tables. Every method is scoped to one `userId`: a row of
 * another user is never read, changed or counted.
 *
 * Failure contract as in store.ts: absent rows are `null`/empty/`false`, never errors;
 * storage faults reject with `MnemoError('INTERNAL')`; each write is one transaction, so
 * a failed write leaves nothing half-written. Times are epoch ms. The store applies no
 * temporal rule itself: the engine (engine/graph/) decides what closes what and hands
 * the store the resulting rows.
 */
import type { Entity, MemoryEntityLink, Observation, Relation } from '../core/graph.js';
import type { Vector } from '../embedding/embedder.js';
import type { Candidate, KeywordQuery } from './store.js';

/** A change of a fact's or relation's end times (closing it). */
export interface Closing {
  id: string;
  invalidAt: number | null;
  expiredAt: number | null;
  supersededBy: string | null;
}

/** Which facts or relations a list returns. */
export interface TemporalQuery {
  /** Only those of these entities (for relations: either end). */
  entityIds?: string[] | undefined;
  /** Only these ids. */
  ids?: string[] | undefined;
  /**
   * Only those valid at this time (`validAt <= asOf < invalidAt`); unset with
   * `includeInvalid` false = valid at `now`.
   */
  asOf?: number | undefined;
  /** Every row whatever its times (history, export). @default false */
  includeInvalid?: boolean | undefined;
  /** Only rows created (system time) in `[createdFrom, createdTo]`. */
  createdFrom?: number | undefined;
  createdTo?: number | undefined;
}

/** The graph half of a store. */
export interface GraphStore {
  /** Inserts entities (ids and normalised keys are the caller's; a duplicate key rejects with CONFLICT and inserts none). */
  insertEntities(rows: Array<{ entity: Entity; vector: Vector | null }>): Promise<void>;
  /** Changes an entity's aliases, summary and `updatedAt`. @returns the entity, or `null`. */
  updateEntity(userId: string, id: string, change: { aliases?: string[]; summary?: string | null; updatedAt: number }): Promise<Entity | null>;
  /** One entity by id, or `null`. */
  getEntity(userId: string, id: string): Promise<Entity | null>;
  /** Entities by normalised name (see `normalizeName`), any type, oldest first. */
  entitiesByName(userId: string, normalizedNames: string[]): Promise<Entity[]>;
  /** Entities by ids (absent ids skipped). */
  entitiesById(userId: string, ids: string[]): Promise<Entity[]>;
  /** A page of entities, by name; `type` filters exactly, `contains` by substring of the name. */
  listEntities(userId: string, query: { type?: string | undefined; contains?: string | undefined; limit: number; offset: number }): Promise<{ rows: Entity[]; total: number }>;
  /** Every entity's id, name and aliases (for auto-linking), oldest first. */
  entityNames(userId: string): Promise<Array<Pick<Entity, 'id' | 'name' | 'aliases'>>>;
  /**
   * A number that changes whenever `userId`'s entity names or aliases change (create,
   * alias update, delete); 0 before the first entity. Lets callers cache a name index.
   */
  namesVersion(userId: string): Promise<number>;
  /** Deletes entities with their observations, relations (either end) and links. @returns ids deleted. */
  deleteEntities(userId: string, ids: string[]): Promise<string[]>;

  /**
   * Inserts observations (with their embedding, `null` = none) and applies `closings`
   * to existing ones, in one transaction; also refreshes the entities' search text.
   */
  writeObservations(userId: string, rows: Array<{ observation: Observation; vector: Vector | null }>, closings: Closing[]): Promise<void>;
  /** Observations matching `query`, oldest `validAt` first. */
  observations(userId: string, query: TemporalQuery, now: number): Promise<Observation[]>;
  /** Every observation (open and closed) of one entity with this predicate, oldest `validAt` first. */
  factsOf(userId: string, entityId: string, predicate: string): Promise<Observation[]>;
  /** Applies closings to observations of `userId`. @returns the ids changed. */
  closeObservations(userId: string, closings: Closing[]): Promise<string[]>;
  /** Deletes observations (hard delete: the official memory server's `delete_observations`). @returns ids deleted. */
  deleteObservations(userId: string, ids: string[]): Promise<string[]>;
  /** Stored embeddings of observations (ids without one are absent). */
  observationVectors(userId: string, ids: string[]): Promise<Map<string, Vector>>;

  /** Inserts relations and applies `closings` to existing ones, in one transaction. */
  writeRelations(userId: string, rows: Relation[], closings: Closing[]): Promise<void>;
  /** Relations matching `query`, oldest `validAt` first. */
  relations(userId: string, query: TemporalQuery, now: number): Promise<Relation[]>;
  /** Every relation (open and closed) from `fromId` of `type` (to any entity), oldest `validAt` first. */
  relationsFrom(userId: string, fromId: string, type: string): Promise<Relation[]>;
  /** Applies closings to relations. @returns ids changed. */
  closeRelations(userId: string, closings: Closing[]): Promise<string[]>;
  /** Deletes relations. @returns ids deleted. */
  deleteRelations(userId: string, ids: string[]): Promise<string[]>;

  /**
   * Full-text candidates over entity documents (name, aliases, type and valid
   * observations), best first; `Candidate.id` is the entity id; scores as the store's
   * `capabilities.keywordScore`.
   */
  entityKeywordCandidates(userId: string, query: KeywordQuery, limit: number): Promise<Candidate[]>;
  /**
   * Embeddings of entity names and of the observations valid now, for vector ranking:
   * `ownerId` is the entity id.
   */
  entityVectors(userId: string, now: number): Promise<Array<{ entityId: string; vector: Vector }>>;

  /** Stores links (an existing (memory, entity) pair is kept). */
  link(rows: MemoryEntityLink[]): Promise<void>;
  /** Links of these memories. */
  linksOfMemories(userId: string, memoryIds: string[]): Promise<MemoryEntityLink[]>;
  /** A page of one entity's links to memories that are not deleted, newest first. */
  linksOfEntity(userId: string, entityId: string, page: { limit: number; offset: number }): Promise<{ rows: MemoryEntityLink[]; total: number }>;
  /** Counts of links to memories that are not deleted, per entity (entities without any absent). */
  linkCounts(userId: string, entityIds: string[]): Promise<Map<string, number>>;

  /**
   * Entities with the most activity at or after `since`: new observations plus new memory
   * links, most first, at most `limit`.
   */
  hotEntities(userId: string, since: number, limit: number): Promise<Array<{ entity: Entity; observations: number; links: number }>>;

  /** Remembers that the pair `key` was reviewed and kept (not a contradiction). */
  dismiss(userId: string, key: string, at: number): Promise<void>;
  /** Which of `keys` were dismissed. */
  dismissed(userId: string, keys: string[]): Promise<Set<string>>;
}
