/**
 * Knowledge-graph data as memories, until mnemo has a graph store: each observation
 * becomes one memory `"<entity>: <observation>"` with `metadata.entity` /
 * `metadata.entity_type` (superseded observations, with a `validTo`, are archived); an
 * entity with a summary but no observations becomes `"<entity>: <summary>"`; each relation
 * becomes `"<from> <relationType> <to>"` with `metadata.relation`. The structured
 * entities/relations stay in {@link ParsedImport.graph} for a graph store to take.
 */
import type { GraphEntity, GraphRelation, ParsedMemory } from './import-types.js';

/** Memories for `entities` and `relations` read from a `format` file, written by `app`. */
export function graphToMemories(entities: GraphEntity[], relations: GraphRelation[], format: string, app: string): ParsedMemory[] {
  const out: ParsedMemory[] = [];
  for (const [e, entity] of entities.entries()) {
    const about = { entity: entity.name, entity_type: entity.entityType };
    if (entity.observations.length === 0 && entity.summary) {
      out.push({ ref: `entities[${e}] (${entity.name})`, memory: {
        content: `${entity.name}: ${entity.summary}`, createdAt: entity.createdAt, app,
        metadata: { ...about, imported_from: { format, ...(entity.sourceId ? { id: entity.sourceId } : {}) } },
      } });
    }
    for (const [o, obs] of entity.observations.entries()) {
      const createdAt = obs.createdAt ?? obs.validFrom ?? entity.createdAt;
      out.push({ ref: `entities[${e}] (${entity.name}) observation ${o}`, memory: {
        content: `${entity.name}: ${obs.content}`,
        state: obs.validTo === undefined ? 'active' : 'archived',
        createdAt, updatedAt: obs.validTo ?? createdAt, app,
        metadata: {
          ...about,
          ...(obs.source ? { source: obs.source } : {}),
          ...(obs.confidence === undefined ? {} : { confidence: obs.confidence }),
          ...(obs.validFrom === undefined ? {} : { valid_from: obs.validFrom }),
          ...(obs.validTo === undefined ? {} : { valid_to: obs.validTo }),
          imported_from: { format, ...(obs.sourceId ? { id: obs.sourceId } : {}) },
        },
      } });
    }
  }
  for (const [r, rel] of relations.entries()) {
    out.push({ ref: `relations[${r}]`, memory: {
      content: `${rel.from} ${rel.relationType} ${rel.to}`, createdAt: rel.createdAt, app,
      metadata: { relation: { from: rel.from, to: rel.to, type: rel.relationType, ...(rel.weight === undefined ? {} : { weight: rel.weight }) }, imported_from: { format } },
    } });
  }
  return out;
}
