/**
 * The wire shapes of the graph tools. The official MCP memory server's shapes come first
 * (`{name, entityType, observations: string[]}`, `{from, to, relationType}`,
 * `{entities, relations}`), so agents written for it keep working; mnemo's extras ride
 * beside them: `facts` (each observation with both time axes), relation times, ids.
 * Times are ISO-8601 UTC strings. A result is a JSON text (as the official server's, the
 * same value pretty-printed) plus `structuredContent` matching the tool's outputSchema.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { toIso } from '../core/clock.js';
import { MnemoError } from '../core/errors.js';
import type { Observation } from '../core/graph.js';
import type { EntityView, GraphView, RelationView } from '../engine/graph/graph.js';

const iso = (ms: number | null): string | null => (ms === null ? null : toIso(ms));

/** An observation with both time axes, for `facts`. */
export function factOut(o: Observation): Record<string, unknown> {
  return {
    id: o.id, content: o.content, predicate: o.predicate, value: o.value, confidence: o.confidence,
    valid_at: iso(o.validAt), invalid_at: iso(o.invalidAt), created_at: iso(o.createdAt), expired_at: iso(o.expiredAt),
    superseded_by: o.supersededBy, ...(o.sourceMemoryIds.length > 0 ? { source_memory_ids: o.sourceMemoryIds } : {}),
  };
}

/** An entity in the official shape plus `id`, `aliases` and `facts`. */
export function entityOut(e: EntityView): Record<string, unknown> {
  return {
    name: e.name, entityType: e.type, observations: e.observations.map((o) => o.content),
    id: e.id, ...(e.aliases.length > 0 ? { aliases: e.aliases } : {}), facts: e.observations.map(factOut),
  };
}

/** A relation in the official shape plus its id, weight and times. */
export function relationOut(r: RelationView): Record<string, unknown> {
  return {
    from: r.from, to: r.to, relationType: r.type, id: r.id, weight: r.weight,
    valid_at: iso(r.validAt), invalid_at: iso(r.invalidAt), created_at: iso(r.createdAt), expired_at: iso(r.expiredAt),
    superseded_by: r.supersededBy,
  };
}

/** A graph view in the official `{entities, relations}` shape. */
export function graphOut(g: GraphView): { entities: Array<Record<string, unknown>>; relations: Array<Record<string, unknown>> } {
  return { entities: g.entities.map(entityOut), relations: g.relations.map(relationOut) };
}

/** Output schema pieces (loose: the extras are allowed beside the official keys). */
export const EntityOut = z.looseObject({ name: z.string(), entityType: z.string(), observations: z.array(z.string()) });
export const RelationOut = z.looseObject({ from: z.string(), to: z.string(), relationType: z.string() });
export const GraphOutShape = z.looseObject({ entities: z.array(EntityOut), relations: z.array(RelationOut) });
export const SuccessOutShape = z.looseObject({ success: z.boolean(), message: z.string() });

/**
 * Runs a graph tool body: `text` becomes the pretty JSON text (or the string itself),
 * `structured` the structuredContent; a thrown error an `isError` result whose text
 * starts with its code.
 */
export async function runGraphTool(body: () => Promise<{ text: unknown; structured: Record<string, unknown> }>): Promise<CallToolResult> {
  try {
    const { text, structured } = await body();
    return { content: [{ type: 'text', text: typeof text === 'string' ? text : JSON.stringify(text, null, 2) }], structuredContent: structured };
  } catch (error) {
    const message = error instanceof MnemoError ? `${error.code}: ${error.message}` : `INTERNAL: ${(error as Error).message}`;
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}
