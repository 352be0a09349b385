/**
 * What every engine module shares with the {@link Memory} facade: the options, the clock,
 * the lazily opened store and embedder, and the helpers every call starts with (parse the
 * options, open the engine, compute the reader's scope) so no method repeats them.
 *
 * Failure contract: `begin`/`reading` reject with `MnemoError` — `INVALID_INPUT` for
 * options their schema refuses (nothing opened or written), `UNAVAILABLE` when the engine
 * is closed or the store cannot open; `visibleRecord`/`assertReadable` with `NOT_FOUND`.
 */
import type { z } from 'zod';
import { type Clock, parseTime, systemClock } from '../core/clock.js';
import { MnemoError } from '../core/errors.js';
import { evaluateFilter, type FilterNode } from '../core/filter.js';
import type { AccessLogEntry, MemoryRecord } from '../core/memory.js';
import type { Embedder, Vector } from '../embedding/embedder.js';
import type { MemoryFilter, MemoryStore } from '../storage/store.js';
import { readerScope, type ReaderScope } from './apps.js';
import { isVisible } from './access-rules.js';
import { type Categorizer, KeywordCategorizer } from './categorizer.js';
import { MemoryEvents } from './events.js';
import { ProjectCategorizer } from './project.js';
import { composeEmbedder, composeStore } from './compose.js';
import { type ListOptionsSchema, parseInput, type SearchOptionsSchema } from './inputs.js';
import type { ExtraFilters, MemoryOptions, MemoryPredicate } from './memory-options.js';
import { VectorSide } from './vector-side.js';

/** The opened engine: store, embedder (`null` = keyword only) and the vector side's state. */
export interface Ready {
  store: MemoryStore;
  embedder: Embedder | null;
  vectors: VectorSide;
}

/** Embedded texts: one vector per text (`null` when the vector side is off) and why it is off. */
export interface Embedded {
  vectors: Array<Vector | null>;
  notice?: string;
}

/** The shared state of one {@link Memory} and the steps every call begins with. */
export class EngineContext {
  readonly clock: Clock;
  readonly categorizer: Categorizer | null;
  /** Memory events (add/update/delete) told to listeners such as webhooks (events.ts). */
  readonly events = new MemoryEvents();
  private ready: Promise<Ready> | undefined;
  private closed = false;

  constructor(readonly options: MemoryOptions) {
    this.clock = options.clock ?? systemClock;
    const base = options.categorizer === undefined ? new KeywordCategorizer() : options.categorizer;
    // The project's custom categories and instructions (mem0's project settings) steer it.
    this.categorizer = base === null ? null : new ProjectCategorizer(base, { store: async () => (await this.init()).store, clock: this.clock });
  }

  /** Now, epoch ms, from the configured clock. */
  now(): number {
    return this.clock.now();
  }

  /** The opened engine (opens store and embedder on first call). @throws MnemoError UNAVAILABLE when closed. */
  init(): Promise<Ready> {
    if (this.closed) return Promise.reject(new MnemoError('UNAVAILABLE', 'this Memory is closed'));
    this.ready ??= (async () => {
      const store = await composeStore(this.options);
      const embedder = await composeEmbedder(this.options);
      return { store, embedder, vectors: new VectorSide(store, embedder) };
    })();
    this.ready.catch(() => { this.ready = undefined; });
    return this.ready;
  }

  /**
   * The prologue of every call: parses `input` with `schema` (INVALID_INPUT naming `what`)
   * and opens the engine.
   */
  async begin<S extends z.ZodType>(schema: S, input: unknown, what: string): Promise<{ opts: z.output<S>; r: Ready }> {
    const opts = parseInput(schema, input, what);
    return { opts, r: await this.init() };
  }

  /** {@link begin} plus what the caller (`opts.caller`) may read of `opts.userId`'s memories. */
  async reading<S extends z.ZodType<{ userId: string; caller?: string | undefined }>>(
    schema: S, input: unknown, what: string,
  ): Promise<{ opts: z.output<S>; r: Ready; scope: ReaderScope }> {
    const { opts, r } = await this.begin(schema, input, what);
    return { opts, r, scope: await this.reader(r, opts.userId, opts.caller) };
  }

  /** The app acting in a call: its `caller`, else this instance's app, else none. */
  actor(caller: string | undefined): string | null {
    return caller ?? this.options.app ?? null;
  }

  /** What `caller` may read of `userId`'s memories (records the read on the app). */
  reader(r: Ready, userId: string, caller: string | undefined): Promise<ReaderScope> {
    return readerScope(r.store.governance, userId, this.actor(caller), this.now());
  }

  /**
   * A memory `caller` may see, or NOT_FOUND (also for paused apps and denied memories,
   * so a rule never reveals that a memory exists).
   */
  async visibleRecord(r: Ready, id: string, userId: string, caller: string | undefined): Promise<MemoryRecord> {
    const scope = await this.reader(r, userId, caller);
    const record = scope.blocked ? null : await r.store.getMemory(id, userId);
    if (!record || !isVisible(scope.visibility, record)) throw notFound(id);
    return record;
  }

  /** Like {@link visibleRecord} for reads that also cover deleted memories (history). */
  async assertReadable(r: Ready, id: string, userId: string, caller: string | undefined): Promise<void> {
    const scope = await this.reader(r, userId, caller);
    if (scope.blocked) throw notFound(id);
    // Always checked, also without rules: another user's id is NOT_FOUND, never an empty page.
    const ids = await r.store.listIds({ userId, ids: [id], states: ['active', 'paused', 'archived', 'deleted'], visibility: scope.visibility });
    if (ids.length === 0) throw notFound(id);
  }

  /** Embeds texts if the vector side is usable; otherwise returns the reason (or throws UNAVAILABLE with `strict`). */
  async embedAll(r: Ready, texts: string[]): Promise<Embedded> {
    const status = await r.vectors.check();
    if (!status.usable) return this.degrade(status.reason, texts.length);
    try {
      const vectors = await status.embedder.embed(texts);
      if (vectors[0]) await r.vectors.ensureSpaceFor(vectors[0]);
      return { vectors };
    } catch (error) {
      if (error instanceof MnemoError && error.code === 'UNAVAILABLE') {
        return this.degrade(`embedding failed (${error.message})`, texts.length);
      }
      throw error;
    }
  }

  private degrade(reason: string, n: number): { vectors: Array<Vector | null>; notice: string } {
    if (this.options.strict) throw new MnemoError('UNAVAILABLE', reason);
    return { vectors: new Array<Vector | null>(n).fill(null), notice: reason };
  }

  /** Records reads in the access log, as the acting app. */
  async logReads(r: Ready, reads: Array<{ id: string; score: number | null }>, action: AccessLogEntry['action'], query: string | null, caller?: string): Promise<void> {
    const app = this.actor(caller);
    const at = this.now();
    await r.store.logAccess(reads.map((x) => ({ memoryId: x.id, app, action, query, score: x.score, at })));
  }

  /** Closes the store and the embedder. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const ready = this.ready;
    this.ready = undefined;
    if (!ready) return;
    const r = await ready.catch(() => null);
    if (!r) return;
    await r.store.close();
    await r.embedder?.close?.();
  }
}

/**
 * The store filter of search/list options (times parsed to epoch ms); memories expired at
 * `now` (epoch ms) are left out unless `showExpired`.
 * @throws MnemoError INVALID_INPUT for a bad time.
 */
export function toFilter(opts: z.output<typeof SearchOptionsSchema> | z.output<typeof ListOptionsSchema>, now: number): MemoryFilter {
  return {
    userId: opts.userId, agentId: opts.agentId, runId: opts.runId, app: opts.app, categories: opts.categories,
    metadata: opts.metadata, states: opts.states,
    from: opts.from === undefined ? undefined : parseTime(opts.from, 'from', 'bound'),
    to: opts.to === undefined ? undefined : parseTime(opts.to, 'to', 'bound'),
    notExpiredAt: opts.showExpired ? undefined : now,
  };
}

/** The NOT_FOUND error for a memory id absent from the caller's view. */
export function notFound(id: string): MnemoError {
  return new MnemoError('NOT_FOUND', `memory ${id} not found`);
}

/**
 * Splits a call's extra filters between the store and JavaScript: the `filter` tree goes
 * to the store (`MemoryFilter.where`) when it compiles filters
 * (`capabilities.filterPushdown`), else it is evaluated in JavaScript with `where`.
 * @returns `where` for the store filter, `predicate` for the rows it returns (either may be undefined).
 */
export function splitFilters(store: MemoryStore, extra: ExtraFilters): { where?: FilterNode; predicate?: MemoryPredicate } {
  const { filter, where } = extra;
  if (!filter) return where ? { predicate: where } : {};
  if (store.capabilities.filterPushdown) return where ? { where: filter, predicate: where } : { where: filter };
  if (!where) return { predicate: (m) => evaluateFilter(filter, m) };
  return { predicate: (m) => evaluateFilter(filter, m) && where(m) };
}
