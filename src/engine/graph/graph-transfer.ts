/**
 * Export and import of one user's knowledge graph, carried in mnemo's export file beside
 * the memories (`graph: {entities, observations, relations}`). Entities are named by
 * (name, type); observations and relations keep all four times, predicate/value,
 * confidence, weight and their `supersededBy` pointers (remapped to the new ids on
 * import). Memory links and source-memory ids are not carried: memories get new ids on
 * import, and auto-linking relinks them when they are added again.
 *
 * Failure contract: import validates the whole file first (INVALID_INPUT naming the bad
 * item, nothing written); an entity that exists is reused; a fact equal to one already
 * valid is skipped.
 */
import { z } from 'zod';
import { toIso } from '../../core/clock.js';
import { MAX_NAME_CHARS, MAX_OBSERVATION_CHARS } from '../../core/graph.js';
import type { Closing } from '../../storage/graph-store.js';
import type { MemoryStore } from '../../storage/store.js';
import { parseInput } from '../inputs.js';
import type { KnowledgeGraph } from './graph.js';

const iso = (ms: number | null): string | null => (ms === null ? null : toIso(ms));
const name = z.string().trim().min(1).max(MAX_NAME_CHARS);
const time = z.union([z.string(), z.number()]);

/** The graph part of an export file. */
export const GraphExportSchema = z.object({
  entities: z.array(z.object({
    name, type: name, aliases: z.array(name).max(50).default([]), summary: z.string().max(MAX_OBSERVATION_CHARS).nullable().default(null),
    created_at: time.optional(),
  })).max(100_000),
  observations: z.array(z.object({
    id: z.string().max(256), entity: name, entity_type: name, content: z.string().min(1).max(MAX_OBSERVATION_CHARS),
    predicate: name.nullable().optional(), value: z.string().max(MAX_OBSERVATION_CHARS).nullable().optional(), confidence: z.number().min(0).max(1).default(1),
    valid_at: time, invalid_at: time.nullable().optional(), created_at: time.optional(), expired_at: time.nullable().optional(),
    superseded_by: z.string().max(256).nullable().optional(),
  })).max(500_000).default([]),
  relations: z.array(z.object({
    id: z.string().max(256), from: name, to: name, type: name, weight: z.number().positive().default(1),
    valid_at: time, invalid_at: time.nullable().optional(), created_at: time.optional(), expired_at: time.nullable().optional(),
    superseded_by: z.string().max(256).nullable().optional(), source: z.string().max(256).nullable().optional(),
  })).max(500_000).default([]),
});
/** See {@link GraphExportSchema}. */
export type GraphExport = z.input<typeof GraphExportSchema>;

/** The whole graph of a user, every fact and relation with all its times. */
export async function exportGraph(store: MemoryStore, userId: string, now: number): Promise<z.output<typeof GraphExportSchema>> {
  const entities = [];
  for (let offset = 0; ; offset += 1_000) {
    const page = await store.graph.listEntities(userId, { limit: 1_000, offset });
    entities.push(...page.rows);
    if (page.rows.length < 1_000) break;
  }
  const byId = new Map(entities.map((e) => [e.id, e]));
  const obs = await store.graph.observations(userId, { includeInvalid: true }, now);
  const rels = await store.graph.relations(userId, { includeInvalid: true }, now);
  return {
    entities: entities.map((e) => ({ name: e.name, type: e.type, aliases: e.aliases, summary: e.summary, created_at: toIso(e.createdAt) })),
    observations: obs.map((o) => ({
      id: o.id, entity: byId.get(o.entityId)!.name, entity_type: byId.get(o.entityId)!.type, content: o.content, predicate: o.predicate, value: o.value,
      confidence: o.confidence, valid_at: toIso(o.validAt), invalid_at: iso(o.invalidAt), created_at: toIso(o.createdAt), expired_at: iso(o.expiredAt), superseded_by: o.supersededBy,
    })),
    relations: rels.map((r) => ({
      id: r.id, from: byId.get(r.fromId)!.name, to: byId.get(r.toId)!.name, type: r.type, weight: r.weight, valid_at: toIso(r.validAt),
      invalid_at: iso(r.invalidAt), created_at: toIso(r.createdAt), expired_at: iso(r.expiredAt), superseded_by: r.supersededBy, source: r.provenance.source,
    })),
  };
}

/**
 * Imports an exported graph for `userId` (see module header).
 * @returns counts of what was created and skipped.
 * @throws MnemoError INVALID_INPUT before anything is written.
 */
export async function importGraph(graph: KnowledgeGraph, store: MemoryStore, data: GraphExport, userId: string): Promise<{ entities: number; observations: number; relations: number; skipped: number }> {
  const g = parseInput(GraphExportSchema, data, 'graph');
  const scope = { userId };
  const ents = await graph.createEntities(g.entities.map((e) => ({ name: e.name, type: e.type, aliases: e.aliases, summary: e.summary, ...(e.created_at === undefined ? {} : { createdAt: e.created_at }) })), scope);
  const ids = new Map<string, string>();
  let skipped = 0;
  let observations = 0;
  // Open facts last, so a closed one never closes an open one.
  const order = [...g.observations].sort((a, b) => Number(a.invalid_at == null) - Number(b.invalid_at == null));
  for (const o of order) {
    const res = await graph.addObservations([{
      entityName: o.entity, entityType: o.entity_type, content: o.content, confidence: o.confidence, validAt: o.valid_at,
      ...(o.predicate ? { predicate: o.predicate } : {}), ...(o.value != null ? { value: o.value } : {}),
      ...(o.invalid_at != null ? { invalidAt: o.invalid_at } : {}), ...(o.created_at !== undefined ? { createdAt: o.created_at } : {}),
      ...(o.expired_at != null ? { expiredAt: o.expired_at } : {}),
    }], scope);
    if (res.added[0]) { ids.set(o.id, res.added[0].id); observations++; } else skipped++;
  }
  const obsClosings: Closing[] = [];
  for (const o of g.observations) {
    const id = ids.get(o.id);
    const by = o.superseded_by ? ids.get(o.superseded_by) : undefined;
    if (!id || !by || o.invalid_at == null) continue;
    const [row] = await store.graph.observations(userId, { ids: [id], includeInvalid: true }, 0);
    if (row) obsClosings.push({ id, invalidAt: row.invalidAt, expiredAt: row.expiredAt, supersededBy: by });
  }
  if (obsClosings.length > 0) await store.graph.closeObservations(userId, obsClosings);
  const relIds = new Map<string, string>();
  let relations = 0;
  for (const r of [...g.relations].sort((a, b) => Number(a.invalid_at == null) - Number(b.invalid_at == null))) {
    const res = await graph.createRelations([{
      from: r.from, to: r.to, type: r.type, weight: r.weight, validAt: r.valid_at, ...(r.invalid_at != null ? { invalidAt: r.invalid_at } : {}),
      ...(r.created_at !== undefined ? { createdAt: r.created_at } : {}), ...(r.expired_at != null ? { expiredAt: r.expired_at } : {}), source: r.source ?? null,
    }], scope);
    if (res.created[0]) { relIds.set(r.id, res.created[0].id); relations++; } else skipped++;
  }
  const relClosings: Closing[] = [];
  for (const r of g.relations) {
    const id = relIds.get(r.id);
    const by = r.superseded_by ? relIds.get(r.superseded_by) : undefined;
    if (!id || !by || r.invalid_at == null) continue;
    const [row] = await store.graph.relations(userId, { ids: [id], includeInvalid: true }, 0);
    if (row) relClosings.push({ id, invalidAt: row.invalidAt, expiredAt: row.expiredAt, supersededBy: by });
  }
  if (relClosings.length > 0) await store.graph.closeRelations(userId, relClosings);
  return { entities: ents.created.length, observations, relations, skipped };
}

/**
 * A graph parsed from a peer's file (official MCP memory server JSONL, local-memory-mcp
 * export), by names: the shape peer importers produce. Times are epoch ms.
 */
export interface PeerGraph {
  entities: Array<{
    name: string; entityType: string; summary?: string | undefined; createdAt?: number | undefined;
    observations: Array<{ content: string; confidence?: number | undefined; validFrom?: number | undefined; validTo?: number | undefined; createdAt?: number | undefined }>;
  }>;
  relations: Array<{ from: string; to: string; relationType: string; weight?: number | undefined; createdAt?: number | undefined }>;
}

/**
 * Imports a peer's graph into `userId`'s: entities (existing ones reused), observations
 * with their valid time (`validFrom`..`validTo`, else valid from `createdAt`, else now),
 * confidence and creation time, relations with weight and creation time. A relation to
 * a name that is no entity (the official server allows it) creates that entity with type
 * `entity`. Items the graph refuses (e.g. `validTo` before `validFrom`) are reported in
 * `skipped` with the reason; the rest is imported.
 * @example await importPeerGraph(memory.graph, parsed.graph, { userId: 'alice' })
 */
export async function importPeerGraph(graph: KnowledgeGraph, peer: PeerGraph, scope: { userId: string; caller?: string }): Promise<{
  entities: number; observations: number; relations: number; skipped: Array<{ item: string; reason: string }>;
}> {
  const skipped: Array<{ item: string; reason: string }> = [];
  const attempt = async <T>(item: string, fn: () => Promise<T>): Promise<T | null> => {
    try { return await fn(); } catch (error) { skipped.push({ item, reason: (error as Error).message }); return null; }
  };
  let entities = 0;
  for (const e of peer.entities) {
    const r = await attempt(`entity ${e.name}`, () => graph.createEntities([{ name: e.name, type: e.entityType || 'entity', summary: e.summary ?? null, ...(e.createdAt ? { createdAt: e.createdAt } : {}) }], scope));
    entities += r?.created.length ?? 0;
  }
  const known = new Set(peer.entities.map((e) => e.name));
  for (const name of new Set(peer.relations.flatMap((r) => [r.from, r.to]))) {
    if (known.has(name)) continue;
    const r = await attempt(`entity ${name}`, () => graph.createEntities([{ name, type: 'entity' }], scope));
    entities += r?.created.length ?? 0;
  }
  let observations = 0;
  for (const e of peer.entities) {
    // Oldest first, so a later fact is never stored before an earlier one.
    for (const o of [...e.observations].sort((a, b) => (a.validFrom ?? a.createdAt ?? 0) - (b.validFrom ?? b.createdAt ?? 0))) {
      const validAt = o.validFrom ?? o.createdAt;
      const r = await attempt(`observation "${o.content.slice(0, 60)}" of ${e.name}`, () => graph.addObservations([{
        entityName: e.name, entityType: e.entityType || 'entity', content: o.content, ...(o.confidence !== undefined ? { confidence: o.confidence } : {}),
        ...(validAt !== undefined ? { validAt } : {}), ...(o.validTo !== undefined ? { invalidAt: o.validTo } : {}), ...(o.createdAt !== undefined ? { createdAt: o.createdAt } : {}),
      }], scope));
      observations += r?.added.length ?? 0;
    }
  }
  let relations = 0;
  for (const r of peer.relations) {
    const res = await attempt(`relation ${r.from} ${r.relationType} ${r.to}`, () => graph.createRelations([{
      from: r.from, to: r.to, type: r.relationType, ...(r.weight !== undefined && r.weight > 0 ? { weight: r.weight } : {}),
      ...(r.createdAt !== undefined ? { validAt: r.createdAt, createdAt: r.createdAt } : {}),
    }], scope));
    relations += res?.created.length ?? 0;
  }
  return { entities, observations, relations, skipped };
}
