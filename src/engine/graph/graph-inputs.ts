/**
 * Validation of the graph SDK's inputs (zod). Every `memory.graph` method parses its
 * arguments here first, so bad input fails with `INVALID_INPUT` before anything is
 * written. Times are ISO-8601 strings, `Date`s or numbers (Unix seconds, or ms above
 * 1e11; see core/clock.ts `parseTime`).
 */
import { z } from 'zod';
import { MAX_NAME_CHARS, MAX_OBSERVATION_CHARS } from '../../core/graph.js';
import { MAX_QUERY_CHARS } from '../inputs.js';

/** Most items one batch call takes (one transaction). */
export const MAX_GRAPH_BATCH = 1_000;

const name = (field: string) => z.string({ error: `${field} must be a string` }).trim().min(1, `${field} must not be empty`).max(MAX_NAME_CHARS, `${field} is longer than ${MAX_NAME_CHARS} characters`);
const time = z.union([z.string(), z.number(), z.date()]);
const memoryIds = z.array(z.string().min(1).max(256)).max(100);

/** Who acts: the user (required) and the app (`caller`). */
export const GraphScopeSchema = z.object({
  userId: name('userId'),
  caller: z.string().max(256).optional(),
});

/** One entity to create. `observations` are added as facts valid from `validAt` (default now). */
export const NewEntitySchema = z.object({
  name: name('name'),
  type: name('type'),
  aliases: z.array(name('alias')).max(50).default([]),
  summary: z.string().max(MAX_OBSERVATION_CHARS).nullable().default(null),
  observations: z.array(z.string().trim().min(1).max(MAX_OBSERVATION_CHARS)).max(MAX_GRAPH_BATCH).default([]),
  /** System time it was learnt (imports keep theirs). @default now */
  createdAt: time.optional(),
});

/** One observation (fact) to add. */
export const NewObservationSchema = z.object({
  /** The entity, by name (normalised match). */
  entityName: name('entityName'),
  /** Disambiguates two entities of one name. */
  entityType: name('entityType').optional(),
  content: z.string().trim().min(1, 'observation must not be empty').max(MAX_OBSERVATION_CHARS),
  /** Structured fact: an open fact of the same entity + predicate is closed by this one. */
  predicate: name('predicate').optional(),
  /** The predicate's value (default: the content). */
  value: z.string().trim().min(1).max(MAX_OBSERVATION_CHARS).optional(),
  /** 0..1. @default 1 */
  confidence: z.number().min(0).max(1).default(1),
  /** When it became true. @default now (or the source memory's time) */
  validAt: time.optional(),
  /** When it stopped being true (imports of closed facts). */
  invalidAt: time.optional(),
  /** When mnemo learnt it. @default now */
  createdAt: time.optional(),
  /** When mnemo retired it (imports). @default now when `invalidAt` is given, else none */
  expiredAt: time.optional(),
  sourceMemoryIds: memoryIds.default([]),
});

/** One relation to create (active voice: `Alice works_at Acme`). */
export const NewRelationSchema = z.object({
  from: name('from'),
  to: name('to'),
  type: name('type'),
  weight: z.number().positive().max(1e6).default(1),
  validAt: time.optional(),
  invalidAt: time.optional(),
  createdAt: time.optional(),
  expiredAt: time.optional(),
  /**
   * `from` has at most one live relation of this type (`works_at`, `lives_in`): an
   * open one to another entity is closed by this one (Graphiti's ordering). @default false
   */
  exclusive: z.boolean().default(false),
  sourceMemoryIds: memoryIds.default([]),
  /** Who stated it. @default the caller */
  source: z.string().max(256).nullable().optional(),
});

/** A relation named by its ends and type (deletion). */
export const RelationRefSchema = z.object({ from: name('from'), to: name('to'), type: name('type') });

/** Observations of one entity named by content (deletion). */
export const ObservationRefSchema = z.object({ entityName: name('entityName'), contents: z.array(z.string()).max(MAX_GRAPH_BATCH) });

/** Views of the graph: valid-time point, default now. */
export const AsOfSchema = GraphScopeSchema.extend({ asOf: time.optional() });

/** Options of `search`. */
export const GraphSearchSchema = AsOfSchema.extend({
  limit: z.number().int().min(1).max(100).default(10),
  mode: z.enum(['hybrid', 'keyword', 'vector']).default('hybrid'),
});

/** Search text. */
export const GraphQuerySchema = z.string().trim().min(1, 'query must not be empty').max(MAX_QUERY_CHARS);

/** Options of `supersedeObservation` / `supersedeRelation`. */
export const SupersedeSchema = GraphScopeSchema.extend({
  /** The fact that replaces it (same entity; for relations, any relation of the user). */
  by: z.string().min(1).max(256).optional(),
  /** When it stopped being true. @default the replacement's validAt, else now */
  invalidAt: time.optional(),
});

/** Options of `changes`. */
export const ChangesSchema = GraphScopeSchema.extend({ from: time, to: time });

/** Options of `listEntities`. */
export const EntityListSchema = GraphScopeSchema.extend({
  type: name('type').optional(),
  contains: z.string().max(MAX_NAME_CHARS).optional(),
  limit: z.number().int().min(1).max(1_000).default(100),
  offset: z.number().int().min(0).default(0),
});

/** Options of `findContradictions`. */
export const FindContradictionsSchema = GraphScopeSchema.extend({
  entity: name('entity').optional(),
  memories: z.boolean().default(true),
  scan: z.number().int().min(1).max(2_000).default(500),
  limit: z.number().int().min(1).max(200).default(50),
});

/** An action on a contradiction. */
export const ContradictionActionSchema = z.object({
  action: z.enum(['supersede', 'dismiss', 'delete']),
  target: z.enum(['older', 'newer']).default('older'),
});

/** A page of links. */
export const LinkPageSchema = z.object({ limit: z.number().int().min(1).max(1_000).default(100), offset: z.number().int().min(0).default(0) });

export const NameListSchema = z.array(name('name')).max(MAX_GRAPH_BATCH);
export const NewEntitiesSchema = z.array(NewEntitySchema).max(MAX_GRAPH_BATCH);
export const NewObservationsSchema = z.array(NewObservationSchema).max(MAX_GRAPH_BATCH);
export const NewRelationsSchema = z.array(NewRelationSchema).max(MAX_GRAPH_BATCH);
export const RelationRefsSchema = z.array(RelationRefSchema).max(MAX_GRAPH_BATCH);
export const ObservationRefsSchema = z.array(ObservationRefSchema).max(MAX_GRAPH_BATCH);
