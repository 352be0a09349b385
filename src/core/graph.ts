/**
 * The knowledge graph's domain model, schema first (types are inferred from the zod
 * schemas): entities, observations (facts), relations and memory <-> entity links.
 *
 * Bi-temporal, as Graphiti's edges (graphiti_core/edges.py): every observation and
 * relation carries two time axes, all epoch milliseconds.
 * - valid time: `validAt` (when it became true in the world) and `invalidAt` (when it
 *   stopped being true; `null` = still true);
 * - system time: `createdAt` (when mnemo learnt it) and `expiredAt` (when mnemo learnt
 *   it stopped being true; `null` = never retired).
 * `supersededBy` points at the fact that replaced it. Nothing here does I/O.
 */
import { z } from 'zod';

/** Largest entity name / type / predicate, characters. */
export const MAX_NAME_CHARS = 256;
/** Largest observation text, characters (local-memory-mcp's 5k cap on observations). */
export const MAX_OBSERVATION_CHARS = 5_000;

const Ms = z.number().int();

/** An entity: a person, place, project, ... of one user, unique on normalised (name, type). */
export const EntitySchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string().min(1).max(MAX_NAME_CHARS),
  type: z.string().min(1).max(MAX_NAME_CHARS),
  /** Other names it is mentioned by (auto-linking matches them too). */
  aliases: z.array(z.string().min(1).max(MAX_NAME_CHARS)),
  summary: z.string().nullable(),
  createdAt: Ms,
  updatedAt: Ms,
});
/** See {@link EntitySchema}. */
export type Entity = z.infer<typeof EntitySchema>;

/** The four times of a fact or relation (module header). */
export const BiTemporalSchema = z.object({
  validAt: Ms,
  invalidAt: Ms.nullable(),
  createdAt: Ms,
  expiredAt: Ms.nullable(),
  supersededBy: z.string().nullable(),
});
/** See {@link BiTemporalSchema}. */
export type BiTemporal = z.infer<typeof BiTemporalSchema>;

/**
 * An observation (fact) about one entity. Free text (`content`), optionally structured
 * as `predicate` = `value` (e.g. `lives_in` = `Hamburg`): two open facts of one entity
 * with the same predicate cannot both be true, so the newer closes the older.
 */
export const ObservationSchema = BiTemporalSchema.extend({
  id: z.string(),
  userId: z.string(),
  entityId: z.string(),
  content: z.string().min(1).max(MAX_OBSERVATION_CHARS),
  predicate: z.string().min(1).max(MAX_NAME_CHARS).nullable(),
  value: z.string().max(MAX_OBSERVATION_CHARS).nullable(),
  /** 0..1; 1 = certain. */
  confidence: z.number().min(0).max(1),
  /** The memories this fact was learnt from (provenance). */
  sourceMemoryIds: z.array(z.string()),
});
/** See {@link ObservationSchema}. */
export type Observation = z.infer<typeof ObservationSchema>;

/** Where a relation came from. */
export const ProvenanceSchema = z.object({
  /** Memories it was learnt from. */
  sourceMemoryIds: z.array(z.string()),
  /** Who stated it (app / tool name), `null` = the user directly. */
  source: z.string().nullable(),
});
/** See {@link ProvenanceSchema}. */
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** A directed, typed relation between two entities of one user (active voice: `works_at`). */
export const RelationSchema = BiTemporalSchema.extend({
  id: z.string(),
  userId: z.string(),
  fromId: z.string(),
  toId: z.string(),
  type: z.string().min(1).max(MAX_NAME_CHARS),
  /** Strength, > 0. @default 1 */
  weight: z.number().positive(),
  provenance: ProvenanceSchema,
});
/** See {@link RelationSchema}. */
export type Relation = z.infer<typeof RelationSchema>;

/** Why a memory is linked to an entity. */
export const LinkReasonSchema = z.enum(['name', 'alias', 'speaker', 'explicit']);
/** See {@link LinkReasonSchema}. */
export type LinkReason = z.infer<typeof LinkReasonSchema>;

/** A memory mentioning (or spoken by) an entity. */
export const MemoryEntityLinkSchema = z.object({
  memoryId: z.string(),
  entityId: z.string(),
  userId: z.string(),
  reason: LinkReasonSchema,
  createdAt: Ms,
});
/** See {@link MemoryEntityLinkSchema}. */
export type MemoryEntityLink = z.infer<typeof MemoryEntityLinkSchema>;

/**
 * The key two names are compared by: Unicode NFKD with combining marks removed,
 * lower-cased, whitespace collapsed and trimmed. "  Zoë  Müller" -> "zoe muller".
 */
export function normalizeName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Whether a fact or relation holds at valid time `t` (ms): `validAt <= t` and
 * (`invalidAt` unset or after `t`). System time is not consulted: a fact retired by
 * mnemo still answers "what was true then".
 */
export function validAtTime(x: Pick<BiTemporal, 'validAt' | 'invalidAt'>, t: number): boolean {
  return x.validAt <= t && (x.invalidAt === null || x.invalidAt > t);
}
