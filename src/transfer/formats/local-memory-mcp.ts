/**
 * local-memory-mcp's export envelope (`memory_export`, `src/tools/export.ts`):
 * `{format: "studiomeyer-memory-export", version: 1, exportedAt, profile{}, goal,
 * learnings[{id, date, category, content, project, tags[], confidence, source, archived,
 * importance, lifecycleState, memoryType, usageCount, verified}], decisions[{id, date,
 * title, decision, alternatives, reasoning, project, tags[]}], sessions[{id, startedAt,
 * endedAt, project, summary}], entities[{id, name, entityType, createdAt, summary}],
 * observations[{id, entityId, content, source, validFrom, validTo, confidence, createdAt}],
 * relations[{id, fromEntityId, toEntityId, relationType, weight, createdAt}]}`. Times are
 * SQLite `YYYY-MM-DD HH:MM:SS` UTC or ISO strings.
 *
 * Learnings, decisions, sessions with a summary, profile fields and the goal become
 * memories (category = the learning's category, `decision`, `session`, `profile`, `goal`;
 * archived learnings archived). Entities, observations (with their valid times and
 * confidence) and relations go to mnemo's knowledge graph (import-file.ts); an observation
 * or relation whose entity is not in the file is skipped and counted, as
 * local-memory-mcp's own import does.
 */
import { z } from 'zod';
import { MnemoError } from '../../core/errors.js';
import type { Metadata } from '../../core/memory.js';
import type { GraphEntity, GraphRelation, ImportFormat, ParsedImport } from '../import-types.js';
import { emptyImport } from '../import-types.js';
import { peerTime } from '../time.js';
import { isObject, optText, parseShape, withSource } from './common.js';

const FORMAT = 'local-memory-mcp';
const APP = 'local-memory-mcp';
const time = z.union([z.string(), z.number()]).nullable().optional();
const num = z.number().nullable().optional();
const tags = z.array(z.string()).nullable().optional();
const flag = z.union([z.number(), z.boolean()]).nullable().optional();

const Envelope = z.object({
  format: z.literal('studiomeyer-memory-export', { error: 'format must be "studiomeyer-memory-export"' }),
  version: z.literal(1, { error: 'version must be 1 (the only local-memory-mcp export version)' }),
  profile: z.record(z.string(), z.unknown()).nullable().optional(),
  goal: optText,
  learnings: z.array(z.object({
    id: z.string(), date: time, category: z.string(), content: z.string(), project: optText, tags,
    confidence: num, source: optText, archived: flag, importance: num, lifecycleState: optText, memoryType: optText,
    usageCount: num, verified: flag,
  })).default([]),
  decisions: z.array(z.object({
    id: z.string(), date: time, title: z.string(), decision: z.string(), alternatives: optText, reasoning: z.string(),
    project: optText, tags, confidence: num,
  })).default([]),
  sessions: z.array(z.object({ id: z.string(), startedAt: time, endedAt: time, project: optText, summary: optText })).default([]),
  entities: z.array(z.object({ id: z.string(), name: z.string(), entityType: z.string(), createdAt: time, summary: optText, confidence: num })).default([]),
  observations: z.array(z.object({
    id: z.string(), entityId: z.string(), content: z.string(), source: optText, validFrom: time, validTo: time, confidence: num, createdAt: time,
  })).default([]),
  relations: z.array(z.object({
    id: z.string(), fromEntityId: z.string(), toEntityId: z.string(), relationType: z.string(), weight: num, createdAt: time,
  })).default([]),
});

/** Drops null/undefined values. */
function compact(values: Record<string, unknown>): Metadata {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
}

function parse(json: unknown): ParsedImport {
  const env = parseShape(Envelope, json, 'local-memory-mcp export');
  const out = emptyImport(FORMAT);
  const base = { app: APP };

  for (const [i, l] of env.learnings.entries()) {
    const createdAt = peerTime(l.date, `learnings[${i}].date`);
    out.memories.push({ ref: `learnings[${i}]`, memory: {
      ...base, content: l.content, createdAt, categories: [l.category],
      state: l.archived ? 'archived' : 'active',
      metadata: withSource(compact({
        kind: 'learning', project: l.project, tags: l.tags, confidence: l.confidence, source: l.source, importance: l.importance,
        lifecycle_state: l.lifecycleState, memory_type: l.memoryType, usage_count: l.usageCount, verified: l.verified,
      }), FORMAT, l.id),
    } });
  }
  for (const [i, d] of env.decisions.entries()) {
    const text = [`Decision: ${d.title}: ${d.decision}`, `Reasoning: ${d.reasoning}`, ...(d.alternatives ? [`Alternatives: ${d.alternatives}`] : [])].join('\n');
    out.memories.push({ ref: `decisions[${i}]`, memory: {
      ...base, content: text, createdAt: peerTime(d.date, `decisions[${i}].date`), categories: ['decision'],
      metadata: withSource(compact({ kind: 'decision', title: d.title, project: d.project, tags: d.tags, confidence: d.confidence }), FORMAT, d.id),
    } });
  }
  for (const [i, s] of env.sessions.entries()) {
    if (!s.summary) { out.skipped.push({ ref: `sessions[${i}]`, reason: 'session without a summary' }); continue; }
    const createdAt = peerTime(s.startedAt, `sessions[${i}].startedAt`);
    out.memories.push({ ref: `sessions[${i}]`, memory: {
      ...base, content: `Session summary${s.project ? ` (${s.project})` : ''}: ${s.summary}`, createdAt,
      updatedAt: peerTime(s.endedAt, `sessions[${i}].endedAt`) ?? createdAt, categories: ['session'],
      metadata: withSource(compact({ kind: 'session', project: s.project }), FORMAT, s.id),
    } });
  }
  for (const [key, value] of Object.entries(env.profile ?? {})) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    out.memories.push({ ref: `profile.${key}`, memory: {
      ...base, content: `Profile ${key}: ${value}`, categories: ['profile'], metadata: withSource({ kind: 'profile', field: key }, FORMAT, `profile_${key}`),
    } });
  }
  if (env.goal) {
    out.memories.push({ ref: 'goal', memory: { ...base, content: `Current goal: ${env.goal}`, categories: ['goal'], metadata: withSource({ kind: 'goal' }, FORMAT, 'current_goal') } });
  }

  const byId = new Map<string, GraphEntity>();
  for (const [i, e] of env.entities.entries()) {
    byId.set(e.id, { name: e.name, entityType: e.entityType, sourceId: e.id, summary: e.summary ?? undefined, observations: [], createdAt: peerTime(e.createdAt, `entities[${i}].createdAt`) });
  }
  for (const [i, o] of env.observations.entries()) {
    const entity = byId.get(o.entityId);
    if (!entity) { out.skipped.push({ ref: `observations[${i}]`, reason: `entity ${o.entityId} is not in the file` }); continue; }
    entity.observations.push({
      content: o.content, sourceId: o.id, source: o.source ?? undefined, confidence: o.confidence ?? undefined,
      validFrom: peerTime(o.validFrom, `observations[${i}].validFrom`), validTo: peerTime(o.validTo, `observations[${i}].validTo`),
      createdAt: peerTime(o.createdAt, `observations[${i}].createdAt`),
    });
  }
  const relations: GraphRelation[] = [];
  for (const [i, r] of env.relations.entries()) {
    const from = byId.get(r.fromEntityId);
    const to = byId.get(r.toEntityId);
    if (!from || !to) { out.skipped.push({ ref: `relations[${i}]`, reason: 'an endpoint entity is not in the file' }); continue; }
    relations.push({ from: from.name, to: to.name, relationType: r.relationType, weight: r.weight ?? undefined, createdAt: peerTime(r.createdAt, `relations[${i}].createdAt`) });
  }
  out.graph = { entities: [...byId.values()], relations };
  return out;
}

/** The local-memory-mcp envelope. */
export const localMemoryMcpFormat: ImportFormat = {
  id: FORMAT,
  label: 'local-memory-mcp export envelope (format "studiomeyer-memory-export", version 1)',
  detect: (_file, peek) => isObject(peek.json) && peek.json.format === 'studiomeyer-memory-export',
  parse: (_file, peek) => {
    if (peek.json === undefined) throw new MnemoError('INVALID_INPUT', 'a local-memory-mcp export must be one JSON document');
    return parse(peek.json);
  },
};
