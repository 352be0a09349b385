/**
 * `bench peers --size N`: latency side by side at N memories of ONE user (issue 15 keeps
 * mnemo beside mem0 OSS at 10k). Unlike the LoCoMo run (`run-peers.ts`, ~400 turns per
 * conversation), this fills every system with the same N texts of the latency corpus
 * (`bench/latency/corpus.ts`: two sentences of real LoCoMo turns per memory, or the
 * built-in generator), then times, on each system in turn:
 * 1. the fill: `addBatch` of `FILL_BATCH` memories per call (mnemo: one `add` of 100
 *    messages, one embedding batch and one transaction; mem0 OSS with `infer: false`
 *    stores a message list one `createMemory` (one embedding) per message; the MCP
 *    memory server one `create_entities` of 100 entities);
 * 2. `singles` more memories, one add call each (add p50/p95, the live-agent pattern);
 * 3. `queries` searches, limit 10 (search p50/p95), mnemo in hybrid, keyword and vector.
 *
 * Every system embeds through ONE loaded USE-Lite instance wrapped in a timing decorator
 * (`timing-embedder.ts`), so each add and search splits into embedding and the rest
 * (storage + ranking), for mem0 as for mnemo. To halve the run, the vectors of the fill
 * texts embedded for mnemo are kept in memory and replayed to the later systems' fills
 * (same model, same vectors); the timed single adds and searches always embed for real.
 *
 * Writes `bench/results/peers-size-<stamp>.json`.
 *
 * Failure contract: a peer that is not installed or fails gets a row with its error and
 * the run goes on; mnemo's own failure rejects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Memory, createEmbedder, type Embedder, type Vector } from '../../src/index.js';
import { buildCorpus, type CorpusSource } from '../latency/corpus.js';
import { progress } from '../report/progress.js';
import { type RunRecord, machineInfo, writeResult } from '../report/results.js';
import { type LatencySummary, summarize } from '../report/stats.js';
import { ms, ratio, renderTable } from '../report/table.js';
import type { BenchItem, MemorySystem } from '../systems/memory-system.js';
import { MNEMO_MODES, mnemoSystem } from '../systems/mnemo-system.js';
import { type TimingEmbedder, timingEmbedder } from '../systems/timing-embedder.js';
import { openMcpMemory } from './mcp-memory-peer.js';
import { openMem0 } from './mem0-peer.js';

/** Options of `bench peers --size`. */
export interface PeersAtSizeOptions {
  /** Memories of the one user before the timed adds. */
  size: number;
  /** Timed searches per system (and per mnemo mode). */
  queries: number;
  /** Timed single adds per system, after the fill. */
  singles: number;
  /** LoCoMo file the corpus draws sentences and questions from (generator when absent). */
  data: string;
  /** Peer keys to run (`mem0`, `mcp-memory`); `null` runs both. */
  only: string[] | null;
  out: string;
}

/** Memories per add call while filling (mnemo: one embedding batch per call). */
export const FILL_BATCH = 100;
/** Results per search, as in `bench latency`. */
const LIMIT = 10;
const USER = 'bench-user';

/** Wall time of a set of calls and, where the system embeds, the embedding part (ms). */
export interface SplitLatency {
  total: LatencySummary;
  /** Time inside the shared embedder during each call; `null` when the system embeds nothing. */
  embed: LatencySummary | null;
  /** total - embed per call: storage + ranking (search) or storage (add). */
  rest: LatencySummary;
}

/** One system (or mnemo search mode) measured at the size. */
export interface SizeRow {
  key: string;
  name: string;
  /** Fill: milliseconds per memory, the embedding part excluded when it was replayed. */
  /** `memories`: stored after the fill (mnemo merges near-duplicates, so it may keep fewer). */
  fill: { memories: number; msPerMemory: number; embeddedForReal: boolean } | null;
  add: SplitLatency | null;
  search: SplitLatency | null;
  notes: string[];
  error?: string;
}

/** The `results` of a `peers --size` record. */
export interface PeersAtSizeResults {
  size: number;
  corpus: CorpusSource;
  sharedEmbedder: string;
  limit: number;
  fillBatch: number;
  rows: SizeRow[];
}

/**
 * The shared model behind every system: times each call and, while `replaying` is set,
 * answers texts it recorded earlier from memory instead of the model (fills only).
 */
function fillReplayEmbedder(timing: TimingEmbedder): Embedder & { record: boolean; replay: boolean } {
  const saved = new Map<string, Vector>();
  const self = {
    id: timing.id,
    get dimensions() { return timing.dimensions; },
    record: false,
    replay: false,
    async embed(texts: string[]): Promise<Vector[]> {
      if (self.replay && texts.every((t) => saved.has(t))) return texts.map((t) => saved.get(t)!);
      const vectors = await timing.embed(texts);
      if (self.record) texts.forEach((t, i) => saved.set(t, vectors[i]!));
      return vectors;
    },
    async close() { /* the model is closed by the run */ },
  };
  return self;
}

async function split(calls: number, embedder: TimingEmbedder, once: (i: number) => Promise<unknown>, tick: (done: number, total: number) => void): Promise<SplitLatency> {
  const total: number[] = [];
  const embed: number[] = [];
  let embedded = false;
  for (let i = 0; i < calls; i++) {
    embedder.take();
    const start = performance.now();
    await once(i);
    total.push(performance.now() - start);
    const e = embedder.take().reduce((sum, c) => sum + c.ms, 0);
    if (e > 0) embedded = true;
    embed.push(e);
    tick(i + 1, calls);
  }
  return { total: summarize(total), embed: embedded ? summarize(embed) : null, rest: summarize(total.map((t, i) => t - embed[i]!)) };
}

async function fill(system: MemorySystem, items: BenchItem[], embedder: TimingEmbedder, label: string): Promise<number> {
  const tick = progress(`${label}: filling`);
  let storage = 0;
  for (let i = 0; i < items.length; i += FILL_BATCH) {
    embedder.take();
    const start = performance.now();
    await system.addBatch(items.slice(i, i + FILL_BATCH));
    storage += performance.now() - start;
    tick(Math.min(i + FILL_BATCH, items.length), items.length);
  }
  return storage / Math.max(1, items.length);
}

/**
 * Runs mnemo and the peers at `options.size` memories, prints the table and writes the
 * JSON record.
 * @returns the record and the path of the JSON file.
 * @throws Error when the local embedder is unavailable or mnemo fails.
 */
export async function runPeersAtSize(options: PeersAtSizeOptions): Promise<{ record: RunRecord<PeersAtSizeResults>; path: string }> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const corpus = buildCorpus(options.size + options.singles, options.queries, USER, options.data);
  const fillItems = corpus.items.slice(0, options.size);
  const singleItems = corpus.items.slice(options.size);
  const model = await createEmbedder({ provider: 'local' });
  if (!model) throw new Error('the local embedder is unavailable');
  await model.embed(['warm up the model']);
  const timing = timingEmbedder(model);
  const shared = fillReplayEmbedder(timing);
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-peers-size-'));
  const rows: SizeRow[] = [];
  try {
    // mnemo: one store, searched in each mode.
    const memory = new Memory({ path: join(dir, 'mnemo.sqlite'), embedder: shared });
    try {
      const hybrid = mnemoSystem(memory, 'hybrid');
      shared.record = true;
      const fillMs = await fill(hybrid, fillItems, timing, 'mnemo');
      shared.record = false;
      const stored = (await memory.getAll({ userId: USER, limit: 1 })).total;
      const add = await split(singleItems.length, timing, (i) => hybrid.add(singleItems[i]!), progress('mnemo: single adds'));
      for (const mode of MNEMO_MODES) {
        const view = mnemoSystem(memory, mode);
        await view.search(corpus.queries[0]!, USER, LIMIT); // untimed: first-use caches of the mode
        const search = await split(corpus.queries.length, timing, (i) => view.search(corpus.queries[i]!, USER, LIMIT), progress(`mnemo (${mode}): searches`));
        rows.push({
          key: `mnemo-${mode}`, name: view.name, notes: view.notes, search,
          fill: mode === 'hybrid' ? { memories: stored, msPerMemory: fillMs, embeddedForReal: true } : null,
          add: mode === 'hybrid' ? add : null,
        });
      }
    } finally {
      await memory.close();
    }
    for (const key of ['mem0', 'mcp-memory'].filter((k) => options.only === null || options.only.includes(k))) {
      let system: MemorySystem | null = null;
      try {
        system = key === 'mem0' ? await openMem0(shared) : await openMcpMemory();
        shared.replay = true;
        const fillMs = await fill(system, fillItems, timing, system.name);
        shared.replay = false;
        const s = system;
        const add = await split(singleItems.length, timing, (i) => s.add(singleItems[i]!), progress(`${s.name}: single adds`));
        await s.search(corpus.queries[0]!, USER, LIMIT);
        const search = await split(corpus.queries.length, timing, (i) => s.search(corpus.queries[i]!, USER, LIMIT), progress(`${s.name}: searches`));
        rows.push({ key, name: s.name, notes: s.notes, fill: { memories: fillItems.length, msPerMemory: fillMs, embeddedForReal: key !== 'mem0' }, add, search });
      } catch (cause) {
        rows.push({ key, name: system?.name ?? key, notes: [], fill: null, add: null, search: null, error: (cause as Error).message.split('\n')[0]! });
      } finally {
        shared.replay = false;
        await system?.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await model.close?.();
  }
  printTable(rows, options, corpus.source);
  const record: RunRecord<PeersAtSizeResults> = {
    command: 'peers-size', startedAt, durationSeconds: (performance.now() - t0) / 1000, machine: machineInfo(),
    options: { ...options, data: resolve(options.data), out: resolve(options.out) },
    results: { size: options.size, corpus: corpus.source, sharedEmbedder: model.id, limit: LIMIT, fillBatch: FILL_BATCH, rows },
    plots: [],
  };
  const path = writeResult(options.out, record);
  console.log(`\nwrote ${path}`);
  return { record, path };
}

function printTable(rows: SizeRow[], options: PeersAtSizeOptions, source: CorpusSource): void {
  const ref = rows.find((r) => r.key === 'mnemo-hybrid')?.search?.total.p50;
  console.log(`\n${renderTable({
    title: `${options.size} memories of one user (${source} corpus), limit ${LIMIT}, one shared USE-Lite instance; ms`,
    headers: ['system', 'add p50', 'add p95', 'add embed p50', 'search p50', 'search p95', 'query embed p50', 'storage+ranking p50', 'search × mnemo hybrid'],
    rows: rows.map((r) => [
      r.name, ms(r.add?.total.p50), ms(r.add?.total.p95), ms(r.add?.embed?.p50),
      ms(r.search?.total.p50), ms(r.search?.total.p95), r.search ? (r.search.embed ? ms(r.search.embed.p50) : 'none') : '', ms(r.search?.rest.p50),
      ratio(r.search && ref ? r.search.total.p50 / ref : null),
    ]),
    notes: [
      `fill: ${FILL_BATCH} memories per add call; add: ${options.singles} single adds after the fill; search: ${options.queries} queries per system/mode.`,
      'mnemo keyword/vector search the same store as hybrid (their add/fill is the hybrid row).',
      ...rows.flatMap((r) => (r.error ? [`${r.name}: cannot run: ${r.error}`] : r.fill ? [`${r.name}: fill ${r.fill.msPerMemory.toFixed(1)} ms/memory${r.fill.embeddedForReal ? '' : ' (vectors replayed, embedding excluded)'}, ${r.fill.memories} stored`] : [])),
    ],
  })}`);
}
