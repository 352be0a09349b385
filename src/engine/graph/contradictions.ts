/**
 * `find_contradictions` and its actions, LLM-free. Candidate pairs come from two places:
 * - live observations of one entity (valid now; the newest {@link MAX_PER_ENTITY} per
 *   entity): same predicate with a different value (`same_predicate`), the text rules of
 *   contradiction-rules.ts, or similar statements (cosine >= {@link DRIFT_MIN_COSINE}
 *   or Jaccard >= 0.75) whose confidences differ by >= {@link DRIFT_MIN_CONFIDENCE}
 *   (`confidence_drift`; both thresholds are local-memory-mcp's);
 * - a user's active memories (the newest `scan`): each memory's nearest neighbours (by
 *   vector, else by keywords) judged by the text rules.
 * Each candidate has an id (kind + both ids), its reasons and scores, and its two sides
 * ordered older/newer (by valid time for facts, by memory time for memories). Pairs
 * dismissed before are not returned again.
 *
 * Actions never edit text: `supersede` closes the older fact (supersededBy the newer)
 * or archives the older memory; `dismiss` remembers the pair as compatible; `delete`
 * deletes one side (the older by default).
 */
import { MnemoError } from '../../core/errors.js';
import type { Entity, Observation } from '../../core/graph.js';
import type { MemoryRecord } from '../../core/memory.js';
import { keywordTerms } from '../../retrieval/keyword-query.js';
import type { MemoryStore, Visibility } from '../../storage/store.js';
import { classifyPair } from './contradiction-rules.js';
import { cosine } from './graph-search.js';

/** Most live observations per entity compared pairwise (local-memory-mcp caps at 200). */
export const MAX_PER_ENTITY = 200;
/** Least cosine for two facts to be "the same statement" for a confidence drift (local-memory-mcp: 0.75). */
export const DRIFT_MIN_COSINE = 0.75;
/** Least confidence difference flagged (local-memory-mcp: 0.2). */
export const DRIFT_MIN_CONFIDENCE = 0.2;
/** Nearest neighbours of each memory checked. */
const MEMORY_NEIGHBOURS = 5;

/** One side of a candidate. */
export interface ContradictionSide {
  id: string;
  text: string;
  /** Valid time (facts) or memory time (memories), epoch ms. */
  at: number;
  confidence?: number;
  predicate?: string | null;
  value?: string | null;
}

/** A candidate contradiction. */
export interface Contradiction {
  /** `obs:<idA>:<idB>` or `mem:<idA>:<idB>` (ids sorted): the handle of the actions. */
  id: string;
  kind: 'observation' | 'memory';
  entity: { id: string; name: string; type: string } | null;
  reasons: Array<'same_predicate' | 'negation_diff' | 'value_conflict' | 'number_conflict' | 'confidence_drift'>;
  scores: { rule: number; jaccard: number; cosine: number | null; confidenceDrift: number | null };
  older: ContradictionSide;
  newer: ContradictionSide;
  suggestion: string;
}

/** The id of a pair. */
export function pairId(kind: 'obs' | 'mem', a: string, b: string): string {
  return `${kind}:${[a, b].sort().join(':')}`;
}

function ordered<T extends { at: number; id: string }>(a: T, b: T): [T, T] {
  return a.at < b.at || (a.at === b.at && a.id < b.id) ? [a, b] : [b, a];
}

function observationPair(e: Entity, a: Observation, b: Observation, cos: number | null): Contradiction | null {
  const v = classifyPair(a.content, b.content, cos ?? undefined);
  const reasons: Contradiction['reasons'] = [];
  if (a.predicate !== null && a.predicate === b.predicate && (a.value ?? a.content).toLowerCase() !== (b.value ?? b.content).toLowerCase()) reasons.push('same_predicate');
  for (const r of v.reasons) if (!(r === 'value_conflict' && reasons.includes('same_predicate'))) reasons.push(r);
  const drift = Math.abs(a.confidence - b.confidence);
  if (drift >= DRIFT_MIN_CONFIDENCE && ((cos ?? 0) >= DRIFT_MIN_COSINE || v.jaccard >= 0.75)) reasons.push('confidence_drift');
  if (reasons.length === 0) return null;
  const side = (o: Observation): ContradictionSide => ({ id: o.id, text: o.content, at: o.validAt, confidence: o.confidence, predicate: o.predicate, value: o.value });
  const [older, newer] = ordered(side(a), side(b));
  return {
    id: pairId('obs', a.id, b.id), kind: 'observation', entity: { id: e.id, name: e.name, type: e.type }, reasons,
    scores: { rule: reasons.includes('same_predicate') ? 1 : v.score, jaccard: v.jaccard, cosine: cos === null ? null : Number(cos.toFixed(4)), confidenceDrift: Number(drift.toFixed(4)) },
    older, newer, suggestion: `supersede the older fact of ${e.name} ("${older.text}") with the newer ("${newer.text}"), or dismiss if both hold`,
  };
}

/**
 * Candidate contradictions of one user (see module header), strongest first.
 * @param options `entityIds` to limit the fact side; `memories: false` to skip memories;
 *   `scan` newest memories checked (default 500); `limit` (default 50).
 */
export async function findContradictions(
  store: MemoryStore,
  embed: (texts: string[]) => Promise<Array<Float32Array | null>>,
  userId: string,
  now: number,
  options: { entityIds?: string[] | undefined; memories: boolean; scan: number; limit: number; visibility?: Visibility | undefined },
): Promise<Contradiction[]> {
  const out: Contradiction[] = [];
  // Facts of entities.
  const live = await store.graph.observations(userId, { entityIds: options.entityIds }, now);
  const byEntity = new Map<string, Observation[]>();
  for (const o of live) byEntity.set(o.entityId, [...(byEntity.get(o.entityId) ?? []), o]);
  const entities = new Map((await store.graph.entitiesById(userId, [...byEntity.keys()])).map((e) => [e.id, e]));
  for (const [entityId, list] of byEntity) {
    const facts = list.sort((a, b) => b.createdAt - a.createdAt).slice(0, MAX_PER_ENTITY);
    if (facts.length < 2) continue;
    const vectors = await store.graph.observationVectors(userId, facts.map((f) => f.id));
    for (let i = 0; i < facts.length; i++) {
      for (let j = i + 1; j < facts.length; j++) {
        const va = vectors.get(facts[i]!.id);
        const vb = vectors.get(facts[j]!.id);
        const c = observationPair(entities.get(entityId)!, facts[i]!, facts[j]!, va && vb ? cosine(va, vb) : null);
        if (c) out.push(c);
      }
    }
  }
  // Memories.
  if (options.memories) {
    const { rows } = await store.listMemories({ userId, visibility: options.visibility }, { limit: options.scan, offset: 0, order: { by: 'created_at', direction: 'desc' } });
    const seen = new Set<string>();
    const byId = new Map<string, MemoryRecord>(rows.map((m) => [m.id, m]));
    const vectors = rows.length > 0 ? await embed(rows.map((m) => m.memory)) : [];
    for (const [i, m] of rows.entries()) {
      const q = vectors[i] ?? null;
      const filter = { userId, excludeIds: [m.id], visibility: options.visibility };
      const hits = q ? await store.vectorCandidates(q, filter, MEMORY_NEIGHBOURS)
        : await (async () => { const match = keywordTerms(m.memory); return match ? store.keywordCandidates(match, filter, MEMORY_NEIGHBOURS) : []; })();
      const missing = hits.map((h) => h.id).filter((id) => !byId.has(id));
      for (const x of await store.getMemories(missing, { userId, visibility: options.visibility })) byId.set(x.id, x);
      for (const h of hits) {
        const other = byId.get(h.id);
        const id = pairId('mem', m.id, h.id);
        if (!other || seen.has(id)) continue;
        seen.add(id);
        const cos = q ? h.score : null;
        const v = classifyPair(m.memory, other.memory, cos ?? undefined);
        if (!v.contradicts) continue;
        const side = (x: MemoryRecord): ContradictionSide => ({ id: x.id, text: x.memory, at: Date.parse(x.createdAt) });
        const [older, newer] = ordered(side(m), side(other));
        out.push({
          id, kind: 'memory', entity: null, reasons: v.reasons,
          scores: { rule: v.score, jaccard: v.jaccard, cosine: cos === null ? null : Number(cos.toFixed(4)), confidenceDrift: null },
          older, newer, suggestion: `archive the older memory ("${older.text}") in favour of the newer ("${newer.text}"), or dismiss if both hold`,
        });
      }
    }
  }
  const dismissed = await store.graph.dismissed(userId, out.map((c) => c.id));
  return out.filter((c) => !dismissed.has(c.id)).sort((a, b) => b.scores.rule - a.scores.rule || b.newer.at - a.newer.at).slice(0, options.limit);
}

/** Parses a pair id. @throws MnemoError INVALID_INPUT */
export function parsePairId(id: string): { kind: 'obs' | 'mem'; a: string; b: string } {
  const m = /^(obs|mem):([^:]{1,256}):([^:]{1,256})$/.exec(id);
  if (!m) throw new MnemoError('INVALID_INPUT', `not a contradiction id: ${JSON.stringify(id)} (expected obs:<id>:<id> or mem:<id>:<id>)`);
  return { kind: m[1] as 'obs' | 'mem', a: m[2]!, b: m[3]! };
}
