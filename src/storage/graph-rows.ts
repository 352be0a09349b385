/**
 * Rows of the knowledge-graph tables as both SQL backends return them (snake_case
 * columns, JSON arrays as text, times as epoch ms) and their mapping to the domain types of
 * core/graph.ts. Shared by sqlite-graph.ts and postgres-graph.ts, which select the same
 * columns. No I/O and no native dependency.
 */
import type { Entity, Observation, Relation } from '../core/graph.js';

/** A `graph_entities` row. */
export interface EntityRow {
  seq: number; id: string; user_id: string; name: string; type: string; aliases: string; summary: string | null;
  created_at: number; updated_at: number;
}
/** A `graph_observations` row. */
export interface ObservationRow {
  id: string; user_id: string; entity_id: string; content: string; predicate: string | null; value: string | null;
  confidence: number; source_memory_ids: string; valid_at: number; invalid_at: number | null; created_at: number;
  expired_at: number | null; superseded_by: string | null;
}
/** A `graph_relations` row. */
export interface RelationRow {
  id: string; user_id: string; from_id: string; to_id: string; type: string; weight: number; valid_at: number;
  invalid_at: number | null; created_at: number; expired_at: number | null; superseded_by: string | null;
  source_memory_ids: string; source: string | null;
}

/** Columns of {@link EntityRow}, in a SELECT list. */
export const ENTITY_COLUMNS = 'seq, id, user_id, name, type, aliases, summary, created_at, updated_at';
/** Columns of {@link ObservationRow}. */
export const OBSERVATION_COLUMNS = 'id, user_id, entity_id, content, predicate, value, confidence, source_memory_ids, valid_at, invalid_at, created_at, expired_at, superseded_by';
/** Columns of {@link RelationRow}. */
export const RELATION_COLUMNS = 'id, user_id, from_id, to_id, type, weight, valid_at, invalid_at, created_at, expired_at, superseded_by, source_memory_ids, source';

/** An entity row as the domain type. */
export function toEntity(r: EntityRow): Entity {
  return {
    id: r.id, userId: r.user_id, name: r.name, type: r.type, aliases: JSON.parse(r.aliases) as string[],
    summary: r.summary, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** An observation row as the domain type. */
export function toObservation(r: ObservationRow): Observation {
  return {
    id: r.id, userId: r.user_id, entityId: r.entity_id, content: r.content, predicate: r.predicate, value: r.value,
    confidence: r.confidence, sourceMemoryIds: JSON.parse(r.source_memory_ids) as string[], validAt: r.valid_at,
    invalidAt: r.invalid_at, createdAt: r.created_at, expiredAt: r.expired_at, supersededBy: r.superseded_by,
  };
}

/** A relation row as the domain type. */
export function toRelation(r: RelationRow): Relation {
  return {
    id: r.id, userId: r.user_id, fromId: r.from_id, toId: r.to_id, type: r.type, weight: r.weight, validAt: r.valid_at,
    invalidAt: r.invalid_at, createdAt: r.created_at, expiredAt: r.expired_at, supersededBy: r.superseded_by,
    provenance: { sourceMemoryIds: JSON.parse(r.source_memory_ids) as string[], source: r.source },
  };
}
