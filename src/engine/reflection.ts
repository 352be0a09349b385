/**
 * `reflect` and sessions (`start_session`, `end_session`): what an agent should know at
 * the start of a conversation, LLM-free, as structured data plus short Markdown that is
 * safe to paste into a prompt (prompt-safe.ts).
 *
 * reflect (defaults as local-memory-mcp's: lookback 7 days, stale after 30, 5 per list):
 * most-recalled memories (access log within the lookback), stale ones (never read,
 * older than the stale threshold), hot entities (new facts and links within the
 * lookback), open contradictions, facts superseded within the lookback.
 *
 * start_session: profile-like memories (categories `preferences`/`personal`), the last
 * three session summaries, recent memories, hot entities and open contradictions, fitted
 * into a character budget in that order of priority. end_session stores the summary as a
 * memory of its own kind (metadata `kind: "session_summary"`, category `session`).
 */
import { z } from 'zod';
import { toIso } from '../core/clock.js';
import type { Entity, Observation } from '../core/graph.js';
import type { MemoryRecord } from '../core/memory.js';
import type { MemoryStore } from '../storage/store.js';
import type { Contradiction } from './graph/contradictions.js';
import type { KnowledgeGraph } from './graph/graph.js';
import { parseInput } from './inputs.js';
import { capLines, promptSafe } from './prompt-safe.js';

const DAY = 86_400_000;
/** Metadata `kind` of a session summary memory. */
export const SESSION_SUMMARY_KIND = 'session_summary';
/** Longest reflect summary, characters. */
export const SUMMARY_CHARS = 1_200;

const ReflectSchema = z.object({
  userId: z.string().trim().min(1).max(256),
  lookbackDays: z.number().positive().max(3650).default(7),
  staleDays: z.number().positive().max(36500).default(30),
  limit: z.number().int().min(1).max(50).default(5),
});
const StartSchema = z.object({
  userId: z.string().trim().min(1).max(256),
  /** Character budget of the Markdown context. @default 4000 */
  budget: z.number().int().min(200).max(100_000).default(4_000),
});
const EndSchema = z.object({
  userId: z.string().trim().min(1).max(256),
  sessionId: z.string().trim().min(1).max(256),
  summary: z.string().trim().min(1, 'summary must not be empty').max(20_000),
  caller: z.string().max(256).optional(),
});

/** What reflection needs from its Memory. */
export interface ReflectionContext {
  store(): Promise<MemoryStore>;
  now(): number;
  graph: KnowledgeGraph;
  add(text: string, options: { userId: string; metadata: Record<string, unknown>; categories: string[]; caller?: string }): Promise<{ results: Array<{ id: string; event: string }> }>;
  getAll(options: { userId: string; limit: number; metadata?: Record<string, unknown>; categories?: string[]; log: boolean }): Promise<{ results: MemoryRecord[] }>;
}

/** Result of `reflect`. */
export interface Reflection {
  lookbackDays: number;
  staleDays: number;
  mostRecalled: Array<{ id: string; memory: string; reads: number; lastReadAt: string }>;
  stale: Array<{ id: string; memory: string; createdAt: string }>;
  hotEntities: Array<{ id: string; name: string; type: string; newFacts: number; newLinks: number }>;
  openContradictions: Contradiction[];
  recentlySuperseded: Array<{ id: string; entity: string; content: string; invalidAt: string | null; supersededBy: string | null }>;
  /** Short Markdown, neutralised and capped at {@link SUMMARY_CHARS}. */
  summary: string;
}

/** Reflection and sessions of one Memory (see module header). */
export class Insights {
  constructor(private readonly ctx: ReflectionContext) {}

  /**
   * What stands out in a user's memory now (see module header).
   * @param options `userId`, `lookbackDays` (default 7), `staleDays` (default 30), `limit` per list (default 5).
   */
  async reflect(options: z.input<typeof ReflectSchema>): Promise<Reflection> {
    const opts = parseInput(ReflectSchema, options, 'reflect options');
    const store = await this.ctx.store();
    const now = this.ctx.now();
    const since = now - opts.lookbackDays * DAY;
    const recalled = await store.mostRecalled(opts.userId, since, opts.limit);
    const stale = await store.neverRecalled(opts.userId, now - opts.staleDays * DAY, opts.limit);
    const hot = await store.graph.hotEntities(opts.userId, since, opts.limit);
    const contradictions = await this.ctx.graph.findContradictions({ userId: opts.userId, limit: opts.limit, scan: 200 });
    const all = await store.graph.observations(opts.userId, { includeInvalid: true }, now);
    const superseded = all.filter((o) => o.expiredAt !== null && o.expiredAt >= since).sort((a, b) => b.expiredAt! - a.expiredAt!).slice(0, opts.limit);
    const names = new Map((await store.graph.entitiesById(opts.userId, superseded.map((o) => o.entityId))).map((e) => [e.id, e.name]));
    const r: Omit<Reflection, 'summary'> = {
      lookbackDays: opts.lookbackDays,
      staleDays: opts.staleDays,
      mostRecalled: recalled.map((x) => ({ id: x.memory.id, memory: x.memory.memory, reads: x.reads, lastReadAt: toIso(x.lastReadAt) })),
      stale: stale.map((m) => ({ id: m.id, memory: m.memory, createdAt: m.createdAt })),
      hotEntities: hot.map((h) => ({ id: h.entity.id, name: h.entity.name, type: h.entity.type, newFacts: h.observations, newLinks: h.links })),
      openContradictions: contradictions,
      recentlySuperseded: superseded.map((o: Observation) => ({
        id: o.id, entity: names.get(o.entityId) ?? o.entityId, content: o.content, invalidAt: o.invalidAt === null ? null : toIso(o.invalidAt), supersededBy: o.supersededBy,
      })),
    };
    return { ...r, summary: reflectionMarkdown(r) };
  }

  /**
   * Opens a session: a context bundle within `budget` characters (see module header).
   * @returns `sessionId` (pass it to `endSession`), `markdown` and the structured parts.
   */
  async startSession(options: z.input<typeof StartSchema>): Promise<{
    sessionId: string; markdown: string; profile: MemoryRecord[]; previousSessions: MemoryRecord[]; recent: MemoryRecord[];
    hotEntities: Array<Pick<Entity, 'id' | 'name' | 'type'>>; openContradictions: Contradiction[];
  }> {
    const opts = parseInput(StartSchema, options, 'session options');
    const profile = (await this.ctx.getAll({ userId: opts.userId, limit: 20, categories: ['preferences', 'personal'], log: false })).results
      .filter((m) => m.metadata.kind !== SESSION_SUMMARY_KIND);
    const previousSessions = (await this.ctx.getAll({ userId: opts.userId, limit: 3, metadata: { kind: SESSION_SUMMARY_KIND }, log: false })).results;
    const recent = (await this.ctx.getAll({ userId: opts.userId, limit: 10, log: false })).results.filter((m) => m.metadata.kind !== SESSION_SUMMARY_KIND);
    const store = await this.ctx.store();
    const hot = (await store.graph.hotEntities(opts.userId, this.ctx.now() - 30 * DAY, 5)).map((h) => ({ id: h.entity.id, name: h.entity.name, type: h.entity.type }));
    const openContradictions = await this.ctx.graph.findContradictions({ userId: opts.userId, limit: 5, scan: 200 });
    const lines: string[] = ['## What I know about the user'];
    const section = (title: string, items: string[]) => { if (items.length > 0) lines.push(`### ${title}`, ...items.map((i) => `- ${promptSafe(i)}`)); };
    section('Profile', profile.map((m) => m.memory));
    section('Previous sessions', previousSessions.map((m) => `${m.createdAt.slice(0, 10)}: ${m.memory}`));
    section('Recent', recent.map((m) => m.memory));
    section('Active topics', hot.map((e) => `${e.name} (${e.type})`));
    section('Open contradictions', openContradictions.map((c) => `"${c.older.text}" vs "${c.newer.text}"`));
    return { sessionId: crypto.randomUUID(), markdown: capLines(lines, opts.budget), profile, previousSessions, recent, hotEntities: hot, openContradictions };
  }

  /**
   * Closes a session by storing its summary as a memory of kind `session_summary`.
   * @returns the stored memory's id. @throws MnemoError INVALID_INPUT for an empty summary.
   */
  async endSession(options: z.input<typeof EndSchema>): Promise<{ id: string; sessionId: string }> {
    const opts = parseInput(EndSchema, options, 'session options');
    const res = await this.ctx.add(opts.summary, {
      userId: opts.userId, metadata: { kind: SESSION_SUMMARY_KIND, session_id: opts.sessionId }, categories: ['session'],
      ...(opts.caller ? { caller: opts.caller } : {}),
    });
    return { id: res.results[0]!.id, sessionId: opts.sessionId };
  }
}

/** The reflection as short, prompt-safe Markdown. */
function reflectionMarkdown(r: Omit<Reflection, 'summary'>): string {
  const lines = [`## Reflection (last ${r.lookbackDays} days)`];
  const section = (title: string, items: string[]) => { if (items.length > 0) lines.push(`### ${title}`, ...items.map((i) => `- ${promptSafe(i, 160)}`)); };
  section('Most recalled', r.mostRecalled.map((m) => `${m.memory} (${m.reads} reads)`));
  section('Hot entities', r.hotEntities.map((e) => `${e.name} (${e.type}): ${e.newFacts} new facts, ${e.newLinks} new mentions`));
  section('Open contradictions', r.openContradictions.map((c) => `"${c.older.text}" vs "${c.newer.text}" (${c.reasons.join(', ')})`));
  section('Recently superseded', r.recentlySuperseded.map((o) => `${o.entity}: ${o.content}`));
  section('Never recalled', r.stale.map((m) => m.memory));
  if (lines.length === 1) lines.push('- nothing notable');
  return capLines(lines, SUMMARY_CHARS);
}
