/**
 * The write path of the engine: `add` (verbatim storage with exact and near-duplicate
 * detection, categorisation, one transaction per call, then auto-linking of the new
 * memories to the graph's entities in a second one: graph/autolink.ts) and `update`.
 *
 * Failure contract: `MnemoError` — `INVALID_INPUT` for bad text or options (nothing
 * written), `FORBIDDEN` for a paused app, `NOT_FOUND` for an id outside the caller's view,
 * `UNAVAILABLE` with `strict` when vectors cannot be made.
 */
import { parseTime } from '../core/clock.js';
import { isMnemoError, MnemoError } from '../core/errors.js';
import type { MemoryRecord, Metadata } from '../core/memory.js';
import type { Vector } from '../embedding/embedder.js';
import { keywordTerms } from '../retrieval/keyword-query.js';
import type { MemoryFilter, MemoryStore, MemoryText } from '../storage/store.js';
import { assertCanWrite } from './apps.js';
import { autoLink } from './graph/autolink.js';
import { contentHash } from './content-hash.js';
import { NEAR_DUPLICATE_DEFAULTS, nearDuplicateOf, type NearDuplicateRule } from './near-duplicate.js';
import { type EngineContext, notFound, type Ready } from './engine-context.js';
import { AddInputSchema, AddOptionsSchema, ByIdOptionsSchema, MemoryIdSchema, MemoryTextSchema, MetadataInputSchema, parseInput } from './inputs.js';
import type { AddInput, AddOptions, ByIdOptions } from './memory-options.js';
import type { AddEvent, AddResult } from './search-types.js';

/**
 * Keyword candidates checked for a near-duplicate of each added text (word tests in
 * JavaScript, microseconds each; cosine only for those passing them).
 */
const NEAR_DUPLICATE_CANDIDATES = 50;

/** See `Memory.add`. */
export async function add(ctx: EngineContext, input: AddInput, options: AddOptions): Promise<AddResult> {
  const items = parseInput(AddInputSchema, input, 'memory input');
  const { opts, r } = await ctx.begin(AddOptionsSchema, options, 'add options');
  const app = opts.app ?? opts.caller ?? ctx.options.app ?? null;
  await assertCanWrite(r.store.governance, opts.userId, app, ctx.now());
  const baseTime = opts.timestamp === undefined ? ctx.now() : parseTime(opts.timestamp);
  const expiresAt = opts.expiresAt === undefined || opts.expiresAt === null ? null : parseTime(opts.expiresAt, 'expiresAt');
  const list = (typeof items === 'string' ? [items] : items)
    .map((item) => (typeof item === 'string' ? { role: 'user' as const, content: item } : item))
    .filter((m) => m.role !== 'system')
    .map((m) => ({
      text: m.content,
      metadata: { ...opts.metadata, ...('metadata' in m ? m.metadata : undefined), ...('name' in m && m.name ? { name: m.name } : {}), ...(typeof items === 'string' ? {} : { role: m.role }) } as Metadata,
      createdAt: 'timestamp' in m && m.timestamp !== undefined ? parseTime(m.timestamp) : baseTime,
    }));
  if (list.length === 0) return { results: [] };

  const { vectors, notice } = await ctx.embedAll(r, list.map((m) => m.text));
  const events: AddEvent[] = [];
  const inserts: Parameters<MemoryStore['insertMemories']>[0] = [];
  const seenInBatch = new Map<string, string>();
  const dedupe = { enabled: true, ...NEAR_DUPLICATE_DEFAULTS, ...ctx.options.dedupe };
  for (const [i, m] of list.entries()) {
    const hash = contentHash(m.text);
    const vector = vectors[i] ?? null;
    const stored = seenInBatch.has(hash) ? null : await r.store.findByHash(opts.userId, opts.agentId ?? null, opts.runId ?? null, hash);
    if (stored && stored.expiresAt && Date.parse(stored.expiresAt) <= ctx.now()) {
      // The same text again after it expired: the stored memory (hidden since its expiry,
      // and still holding the unique live content key) is renewed with this add's expiry
      // (none unless given) and is visible again, keeping its id and history.
      await r.store.platform.setMemoryTimes(stored.id, opts.userId, { expiresAt }, ctx.now());
      seenInBatch.set(hash, stored.id);
      events.push({ id: stored.id, memory: m.text, event: 'ADD' });
      continue;
    }
    const existing = seenInBatch.get(hash) ?? stored?.id;
    if (existing) {
      events.push({ id: existing, memory: m.text, event: 'NONE' });
      continue;
    }
    const near = dedupe.enabled ? await nearDuplicate(r, opts, m.text, vector, dedupe) : null;
    if (near) {
      let updated: MemoryRecord | null;
      try {
        updated = await r.store.updateMemory(near.id, opts.userId, {
          content: m.text, hash, vector, metadata: m.metadata, app, at: ctx.now(),
        });
      } catch (error) {
        // Another writer stored this exact text meanwhile: it is a duplicate after all.
        const holder = isMnemoError(error, 'CONFLICT') ? (error.data as { id?: string } | undefined)?.id : undefined;
        if (holder === undefined) throw error;
        events.push({ id: holder, memory: m.text, event: 'NONE' });
        seenInBatch.set(hash, holder);
        continue;
      }
      if (updated) {
        events.push({ id: near.id, memory: m.text, event: 'UPDATE', previousMemory: near.memory });
        seenInBatch.set(hash, near.id);
        continue;
      }
    }
    const id = crypto.randomUUID();
    seenInBatch.set(hash, id);
    inserts.push({
      memory: {
        id, content: m.text, hash, userId: opts.userId, agentId: opts.agentId ?? null, runId: opts.runId ?? null,
        app, metadata: m.metadata, categories: opts.categories ?? [], createdAt: m.createdAt, expiresAt,
      },
      vector,
    });
    events.push({ id, memory: m.text, event: 'ADD' });
  }
  if (inserts.length > 0) {
    if (opts.categories === undefined && ctx.categorizer) {
      // The texts' vectors let the default categorizer weigh meaning beside keywords (hybrid-categorizer.ts).
      const context = { vectors: inserts.map((x) => x.vector), embed: async (texts: string[]) => (await ctx.embedAll(r, texts)).vectors };
      const categories = await ctx.categorizer.categorize(inserts.map((x) => x.memory.content), opts.guidance, context);
      inserts.forEach((x, i) => { x.memory.categories = categories[i] ?? []; });
    }
    // Insert-if-absent: a row whose text another writer stored meanwhile is not stored
    // twice; its event becomes NONE with the stored memory's id.
    const outcomes = await r.store.insertMemories(inserts);
    outcomes.forEach((o, i) => {
      if (o.inserted) return;
      const planned = inserts[i]!.memory.id;
      for (const e of events) if (e.id === planned) Object.assign(e, { id: o.id, event: 'NONE' });
    });
    const stored = inserts.filter((_, i) => outcomes[i]?.inserted);
    await autoLink(r.store.graph, opts.userId, stored.map((x) => x.memory), ctx.now());
  }
  ctx.events.emit({ kind: 'add', userId: opts.userId, app, changes: events });
  return notice === undefined ? { results: events } : { results: events, notice };
}

/**
 * The memory a new text near-duplicates, if any. Candidates come from the keyword index:
 * a near-duplicate shares most of its words, so the store is asked for the memories
 * sharing at least {@link minSharedTerms} of them (`KeywordQuery.minShared`: the SQLite
 * store looks among the memories holding the text's rarest words, intersecting the other
 * words with those; 7.7 ms of CPU at 100k memories against 85 before, measured with
 * bench/write-keyword-scale.ts) rather than a vector scan or a BM25 ranking of every
 * memory sharing any word, both O(memories) per added item with a large constant. The rule of near-duplicate.ts (cosine, content-word
 * overlap, no flipped polarity, no swapped detail) then decides: its word tests first,
 * on every candidate, then cosine only for those passing them (a stored vector read
 * each); the highest word overlap passing wins. Without a vector, the word test alone
 * decides, at a stricter overlap.
 */
async function nearDuplicate(
  r: Ready, scope: { userId: string; agentId?: string | undefined; runId?: string | undefined }, text: string, vector: Vector | null,
  rule: NearDuplicateRule,
): Promise<MemoryText | null> {
  const match = keywordTerms(text);
  if (!match) return null;
  const filter: MemoryFilter = { userId: scope.userId, agentId: scope.agentId, runId: scope.runId, states: ['active', 'paused', 'archived'] };
  // The laxer of the two overlaps: a candidate stored without a vector is judged on words alone.
  const least = Math.min(rule.jaccard, rule.lexicalOnly);
  const candidates = await r.store.keywordCandidates({ ...match, minShared: minSharedTerms(match.terms.length, least) }, filter, NEAR_DUPLICATE_CANDIDATES);
  // Only each candidate's text and scope are needed (the rule reads nothing else).
  const ids = candidates.map((c) => c.id);
  const rows = r.store.getMemoryTexts ? await r.store.getMemoryTexts(ids, filter) : await r.store.getMemories(ids, filter);
  const byId = new Map(rows
    .filter((m) => (m.agentId ?? undefined) === scope.agentId && (m.runId ?? undefined) === scope.runId)
    .map((m) => [m.id, m]));
  const wordRule = { ...rule, jaccard: least, lexicalOnly: vector ? least : rule.lexicalOnly };
  const isNearDuplicate = nearDuplicateOf(text);
  const byWords = candidates.flatMap((c) => {
    const m = byId.get(c.id);
    const verdict = m ? isNearDuplicate(m.memory, vector ? 1 : null, wordRule) : null;
    return m && verdict?.same ? [{ m, jaccard: verdict.jaccard }] : [];
  }).sort((a, b) => b.jaccard - a.jaccard);
  if (byWords.length === 0) return null;
  const similarity = vector ? await r.store.vectorSimilarities(vector, byWords.map((x) => x.m.id)) : null;
  return byWords.find(({ m }) => {
    // A candidate stored without a vector is judged on words alone.
    const cosine = similarity ? similarity.get(m.id) ?? null : null;
    return isNearDuplicate(m.memory, cosine, rule).same;
  })?.m ?? null;
}

/**
 * How many of a text's `n` keyword terms a near-duplicate shares at least
 * (`KeywordQuery.minShared`): Jaccard >= `jaccard` of the two word sets implies at least
 * `ceil(jaccard * n)` shared; one less absorbs the difference between keyword terms and
 * the rule's stems (near-duplicate.ts), and the rule decides after.
 */
export function minSharedTerms(n: number, jaccard: number): number {
  return Math.max(1, Math.ceil(jaccard * n) - 1);
}

/** See `Memory.update`. */
export async function update(ctx: EngineContext, id: string, text: string | undefined, options: ByIdOptions & { metadata?: Metadata }): Promise<MemoryRecord> {
  const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
  const content = text === undefined ? undefined : parseInput(MemoryTextSchema, text, 'text');
  const opts = parseInput(ByIdOptionsSchema, options, 'options');
  if (content === undefined && options.metadata === undefined) throw new MnemoError('INVALID_INPUT', 'update needs text or metadata');
  if (options.metadata !== undefined) parseInput(MetadataInputSchema, options.metadata, 'metadata');
  const r = await ctx.init();
  const current = await ctx.visibleRecord(r, memoryId, opts.userId, opts.caller);
  await assertCanWrite(r.store.governance, opts.userId, ctx.actor(opts.caller), ctx.now());
  const change = content === undefined
    ? { content: current.memory, hash: current.hash }
    : { content, hash: contentHash(content), vector: (await ctx.embedAll(r, [content])).vectors[0] ?? null };
  const updated = await r.store.updateMemory(memoryId, opts.userId, {
    ...change, app: ctx.actor(opts.caller), at: ctx.now(),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
  if (!updated) throw notFound(memoryId);
  ctx.events.emit({ kind: 'update', userId: opts.userId, app: ctx.actor(opts.caller), changes: [{ id: memoryId, memory: updated.memory, event: 'UPDATE', previousMemory: current.memory }] });
  return updated;
}
