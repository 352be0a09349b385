/**
 * JSON shapes of the graph REST routes: snake_case, ISO-8601 UTC times, the same field
 * names as the MCP tools' extras (`valid_at`, `invalid_at`, `created_at`, `expired_at`,
 * `superseded_by`).
 */
import { toIso } from '../../core/clock.js';
import type { Entity, Observation } from '../../core/graph.js';
import type { RelationView } from '../../engine/graph/graph.js';
import type { Contradiction } from '../../engine/graph/contradictions.js';

const iso = (ms: number | null): string | null => (ms === null ? null : toIso(ms));

/** An entity. */
export function entityJson(e: Entity, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: e.id, name: e.name, type: e.type, aliases: e.aliases, summary: e.summary, created_at: iso(e.createdAt), updated_at: iso(e.updatedAt), ...extra };
}

/** An observation with both time axes. */
export function observationJson(o: Observation): Record<string, unknown> {
  return {
    id: o.id, entity_id: o.entityId, content: o.content, predicate: o.predicate, value: o.value, confidence: o.confidence,
    source_memory_ids: o.sourceMemoryIds, valid_at: iso(o.validAt), invalid_at: iso(o.invalidAt), created_at: iso(o.createdAt),
    expired_at: iso(o.expiredAt), superseded_by: o.supersededBy,
  };
}

/** A relation with its ends' names and both time axes. */
export function relationJson(r: RelationView): Record<string, unknown> {
  return {
    id: r.id, from_id: r.fromId, to_id: r.toId, from: r.from, to: r.to, type: r.type, weight: r.weight,
    valid_at: iso(r.validAt), invalid_at: iso(r.invalidAt), created_at: iso(r.createdAt), expired_at: iso(r.expiredAt),
    superseded_by: r.supersededBy, source_memory_ids: r.provenance.sourceMemoryIds, source: r.provenance.source,
  };
}

/** A contradiction candidate. */
export function contradictionJson(c: Contradiction): Record<string, unknown> {
  const side = (s: Contradiction['older']) => ({ ...s, at: toIso(s.at) });
  return { ...c, older: side(c.older), newer: side(c.newer) };
}
