/**
 * `bench latency`: mnemo's speed and footprint at growing numbers of memories, through
 * the public SDK on a SQLite file.
 *
 * For each size N (fresh database each time): fill with N memories in batches; time
 * single adds on top; time searches per query in each mode; close and measure the file;
 * reopen and time `reindex`; time cold starts of `mnemo mcp`; read peak RSS.
 *
 * Query embedding vs storage + ranking: the Memory gets the local embedder wrapped in a
 * timing decorator (`new Memory({ embedder })`), so each hybrid/vector search's wall
 * time splits into the embed call made during it and the rest (SQLite reads, BM25,
 * vector scan, fusion, access log). Keyword mode embeds nothing and is the cross-check.
 *
 * Peak RSS is this process's high-water mark (`process.resourceUsage().maxRSS`), so it
 * includes every smaller size run before; with one size per run it is that size's.
 *
 * Failure contract: SDK errors propagate; a failing MCP cold start is recorded as
 * `null` with its message, the other figures still print.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Embedder, Memory, createEmbedder } from '../../src/index.js';
import { progress } from '../report/progress.js';
import { type Series, lineChartSvg, writeSvg } from '../report/plot.js';
import { type RunRecord, machineInfo, stamp, writeResult } from '../report/results.js';
import { type LatencySummary, percentile, summarize } from '../report/stats.js';
import { ms, renderTable } from '../report/table.js';
import { MNEMO_MODES, type MnemoMode } from '../systems/mnemo-system.js';
import { timingEmbedder } from '../systems/timing-embedder.js';
import { type CorpusSource, buildCorpus } from './corpus.js';
import { type McpStartup, measureMcpStartup } from './mcp-startup.js';
import { type FillItem, fastFill, wordsEmbedder } from './fast-fill.js';
import { type VectorPathResult, measureVectorPath } from './vector-recall.js';

/** Options of `bench latency`. */
export interface LatencyOptions {
  /** Numbers of memories, ascending. */
  sizes: number[];
  /** Search queries per mode and size. */
  queries: number;
  /** Single adds timed per size (after the fill). */
  singleAdds: number;
  /** Memories per add call while filling. */
  batchSize: number;
  /** Cold starts of `mnemo mcp` per size (0 skips). */
  mcpRuns: number;
  /** LoCoMo file for realistic text; the built-in generator is used when absent. */
  data: string;
  out: string;
  /**
   * Sizes above this are filled directly into the store with the fast deterministic
   * embedder of fast-fill.ts (stated in the output), as is every size when `users` > 1.
   * @default 10000
   */
  fastAbove: number;
  /** Users holding `size` memories each (1M = `--sizes 10000 --users 100`); searches go round-robin over them. @default 1 */
  users: number;
}

/** Search latency of one mode, per query, milliseconds. */
export interface ModeLatency {
  total: LatencySummary;
  /** The query's embed call; `null` in keyword mode (no embedding). */
  embed: LatencySummary | null;
  /** `total` minus `embed`, per query. */
  storageRanking: LatencySummary;
}

/** Figures at one size. Times in milliseconds, sizes in bytes. */
export interface SizeResult {
  /** Memories per user. */
  size: number;
  /** Users holding `size` memories each. */
  users: number;
  /** How the store was filled: through the SDK with the local model, or directly with the fast embedder (fast-fill.ts). */
  filledWith: 'sdk-local-model' | 'direct-fast-embedder';
  /** Embedder id of the vectors searched at this size. */
  embedder: string;
  /** The store's vector path against its exact scan (vector-recall.ts). */
  vectorPath: VectorPathResult;
  /** Memories actually stored after fill and single adds (mnemo merges exact and near duplicates). */
  stored: number;
  /** Batched fill; `embedPerMemoryMs` is the part spent in the embedder. */
  fill: { batchSize: number; totalMs: number; perMemoryMs: number; embedPerMemoryMs: number; callMs: LatencySummary };
  addSingle: LatencySummary;
  /** Embedder time per single add (the rest is storage, dedupe and indexing). */
  addSingleEmbed: LatencySummary;
  search: Partial<Record<MnemoMode, ModeLatency>>;
  /** The same searches with `context: false` (ranking on each memory's own text, as before issue 11). */
  searchWithoutContext?: Partial<Record<MnemoMode, ModeLatency>>;
  dbBytes: number;
  bytesPerMemory: number;
  reindex: { memories: number; totalMs: number; perMemoryMs: number };
  /** Median of the cold starts; `null` when skipped or failed. */
  mcp: (McpStartup & { runs: number }) | null;
  mcpError?: string;
  peakRssBytes: number;
}

/** The `results` of a `latency` run record. */
export interface LatencyResults {
  corpus: CorpusSource;
  embedder: string;
  /** First embed call (loads the model), milliseconds. */
  modelLoadMs: number;
  sizes: SizeResult[];
}

const USER = 'bench';

function fileBytes(path: string): number {
  return ['', '-wal', '-shm'].reduce((n, suffix) => n + (existsSync(path + suffix) ? statSync(path + suffix).size : 0), 0);
}

async function measureSize(size: number, options: LatencyOptions, embedderModel: Embedder): Promise<{ result: SizeResult; source: CorpusSource }> {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-'));
  const db = join(dir, 'bench.sqlite');
  try {
    const data = existsSync(options.data) ? options.data : null;
    const corpus = buildCorpus(size + options.singleAdds, options.queries, USER, data, size);
    const fillItems = corpus.items.slice(0, size);
    const singles = corpus.items.slice(size);
    const fast = size > options.fastAbove || options.users > 1;
    const users = Array.from({ length: options.users }, (_, u) => (u === 0 ? USER : `${USER}-${u}`));
    const embedder = timingEmbedder(fast ? wordsEmbedder() : embedderModel);
    const fillTimes: number[] = [];
    const fillProgress = progress(`${size}${options.users > 1 ? ` x ${options.users} users` : ''}: filling${fast ? ' (direct, fast embedder)' : ''}`);
    const fillStart = performance.now();
    if (fast) {
      const total = size * options.users;
      for (const [u, user] of users.entries()) {
        const items: FillItem[] = (u === 0 ? fillItems : buildCorpus(size, 0, user, data, size + u).items)
          .map((it) => ({ text: it.text, userId: user, itemId: it.itemId, at: it.timestamp ?? 0 }));
        const t = performance.now();
        await fastFill(db, items, embedder, (done) => fillProgress(u * size + done, total));
        fillTimes.push(performance.now() - t);
      }
    }
    let memory = new Memory({ path: db, embedder });
    if (!fast) {
      for (let i = 0; i < fillItems.length; i += options.batchSize) {
        const batch = fillItems.slice(i, i + options.batchSize);
        const t = performance.now();
        await memory.add(batch.map((it) => ({ role: 'user' as const, content: it.text, metadata: { dia_id: it.itemId }, timestamp: new Date(it.timestamp ?? 0) })), { userId: USER });
        fillTimes.push(performance.now() - t);
        fillProgress(Math.min(i + options.batchSize, size), size);
      }
    }
    const fillMs = performance.now() - fillStart;
    const fillEmbedMs = embedder.take().reduce((n, c) => n + c.ms, 0);
    const singleTimes: number[] = [];
    const singleEmbeds: number[] = [];
    for (const it of singles) {
      const t = performance.now();
      await memory.add(it.text, { userId: USER, metadata: { dia_id: it.itemId } });
      singleTimes.push(performance.now() - t);
      singleEmbeds.push(embedder.take().reduce((n, c) => n + c.ms, 0));
    }
    // With many users, one untimed search each first: the timed figures are per-user
    // steady state (a user's first search after the process starts loads its code index,
    // reported apart as the vector path's first call).
    if (options.users > 1) for (const user of users) await memory.search(corpus.queries[0] ?? 'warm up', { userId: user, limit: 10, mode: 'vector', log: false });
    const search: SizeResult['search'] = {};
    const searchWithoutContext: SizeResult['search'] = {};
    for (const [mode, context] of [...MNEMO_MODES.map((m) => [m, true] as const), ...MNEMO_MODES.map((m) => [m, false] as const)]) {
      const totals: number[] = [];
      const embeds: number[] = [];
      const rest: number[] = [];
      embedder.take();
      for (const [qi, q] of corpus.queries.entries()) {
        const t = performance.now();
        await memory.search(q, { userId: users[qi % users.length]!, limit: 10, mode, context });
        const total = performance.now() - t;
        const embedMs = embedder.take().reduce((n, c) => n + c.ms, 0);
        totals.push(total);
        if (mode !== 'keyword') embeds.push(embedMs);
        rest.push(total - embedMs);
      }
      (context ? search : searchWithoutContext)[mode] = { total: summarize(totals), embed: mode === 'keyword' ? null : summarize(embeds), storageRanking: summarize(rest) };
    }
    const stored = (await memory.getAll({ userId: USER, limit: 1 })).total;
    await memory.close();
    const vectorPath = await measureVectorPath(db, await embedder.embed(corpus.queries), users);
    embedder.take();
    const dbBytes = fileBytes(db);
    // Reindexing 1M memories would take longer than the rest of the run: skipped with several users.
    let reindexed = 0;
    let reindexMs = 0;
    if (options.users === 1) {
      memory = new Memory({ path: db, embedder });
      const reindexStart = performance.now();
      ({ reindexed } = await memory.reindex());
      reindexMs = performance.now() - reindexStart;
      await memory.close();
    }
    let mcp: SizeResult['mcp'] = null;
    let mcpError: string | undefined;
    if (fast && options.mcpRuns > 0) mcpError = 'skipped: the store holds the fast embedder\'s vectors, `mnemo mcp` would search with the local model';
    else if (options.mcpRuns > 0) {
      try {
        const runs: McpStartup[] = [];
        for (let i = 0; i < options.mcpRuns; i++) runs.push(await measureMcpStartup(db, USER, corpus.queries[0] ?? 'what did I do last weekend?'));
        mcp = { initializeMs: percentile(runs.map((r) => r.initializeMs), 50), firstToolCallMs: percentile(runs.map((r) => r.firstToolCallMs), 50), runs: runs.length };
      } catch (cause) {
        mcpError = (cause as Error).message;
      }
    }
    const result: SizeResult = {
      size,
      users: options.users,
      filledWith: fast ? 'direct-fast-embedder' : 'sdk-local-model',
      embedder: embedder.id,
      vectorPath,
      stored,
      fill: { batchSize: options.batchSize, totalMs: fillMs, perMemoryMs: fillMs / Math.max(1, size), embedPerMemoryMs: fillEmbedMs / Math.max(1, size), callMs: summarize(fillTimes) },
      addSingle: summarize(singleTimes),
      addSingleEmbed: summarize(singleEmbeds),
      search,
      searchWithoutContext,
      dbBytes,
      bytesPerMemory: dbBytes / Math.max(1, stored * options.users),
      reindex: { memories: reindexed, totalMs: reindexMs, perMemoryMs: reindexMs / Math.max(1, reindexed) },
      mcp,
      ...(mcpError ? { mcpError } : {}),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    return { result, source: corpus.source };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTables(results: LatencyResults): void {
  const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
  console.log(`\nembedder ${results.embedder}, model load ${ms(results.modelLoadMs)} ms, text: ${results.corpus}\n`);
  console.log(renderTable({
    title: 'Add (ms)',
    headers: ['memories', 'batch size', 'batched per memory', 'of which embed', 'batch call p50', 'single p50', 'single p95', 'single p99', 'single embed p50'],
    rows: results.sizes.map((s) => [String(s.size), String(s.fill.batchSize), ms(s.fill.perMemoryMs), ms(s.fill.embedPerMemoryMs), ms(s.fill.callMs.p50), ms(s.addSingle.p50), ms(s.addSingle.p95), ms(s.addSingle.p99), ms(s.addSingleEmbed.p50)]),
    notes: ['single adds are timed after the fill, on top of it; embed = time inside the embedder (timing decorator).'],
  }));
  console.log(`\n${renderTable({
    title: 'Search, per query (ms, limit 10)',
    headers: ['memories', 'mode', 'p50', 'p95', 'p99', 'embed p50', 'storage+ranking p50', 'p95', 'p99'],
    rows: results.sizes.flatMap((s) => [...MNEMO_MODES.map((mode) => [mode, s.search[mode]] as const), ...MNEMO_MODES.map((mode) => [`${mode}, no context`, s.searchWithoutContext?.[mode]] as const)].map(([mode, m]) => {
      return [String(s.size), mode, ms(m?.total.p50), ms(m?.total.p95), ms(m?.total.p99), m?.embed ? ms(m.embed.p50) : 'none', ms(m?.storageRanking.p50), ms(m?.storageRanking.p95), ms(m?.storageRanking.p99)];
    })),
    notes: ['embed = the query embedding call made inside that search (timing decorator); storage+ranking = total - embed.'],
  })}`);
  console.log(`\n${renderTable({
    title: 'Vector path of the store (vectorCandidates, limit 50, ms)',
    headers: ['memories', 'users', 'vectors of', 'recall@10 vs exact', 'recall@50', 'fast p50', 'fast p95', 'exact p50', 'exact p95', 'first call'],
    rows: results.sizes.map((s) => [String(s.size), String(s.users), s.embedder, s.vectorPath.recallAt10.toFixed(4), s.vectorPath.recallAt50.toFixed(4),
      ms(s.vectorPath.fastMs.p50), ms(s.vectorPath.fastMs.p95), ms(s.vectorPath.exactMs.p50), ms(s.vectorPath.exactMs.p95), ms(s.vectorPath.firstCallMs)]),
    notes: [
      'fast = the store as opened by default; exact = the same file opened with vectorIndex: "exact" (the full scan). First call: the default path\'s first search (loads its index).',
      ...results.sizes.filter((s) => s.filledWith === 'direct-fast-embedder').map((s) => `${s.size}${s.users > 1 ? ` x ${s.users} users` : ''}: filled directly into the store with the fast deterministic bag-of-words embedder ${s.embedder} (bench/latency/fast-fill.ts), not the local model; its searches embed queries with it too.`),
    ],
  })}`);
  console.log(`\n${renderTable({
    title: 'Footprint and start-up',
    headers: ['memories', 'stored', 'DB bytes/memory', 'DB MB', 'reindex s', 'reindex ms/memory', 'mcp initialize ms', 'mcp first call ms', 'peak RSS MB'],
    rows: results.sizes.map((s) => [`${s.size}${s.users > 1 ? ` x ${s.users}` : ''}`, String(s.stored), s.bytesPerMemory.toFixed(0), mb(s.dbBytes), (s.reindex.totalMs / 1000).toFixed(1), ms(s.reindex.perMemoryMs), ms(s.mcp?.initializeMs), ms(s.mcp?.firstToolCallMs), mb(s.peakRssBytes)]),
    notes: [
      'mcp: spawn of `node dist/src/cli/main.js mcp` to the answer, median of the cold starts; the first search_memory loads the model.',
      'peak RSS: high-water mark of this process so far (includes smaller sizes run before).',
      ...results.sizes.filter((s) => s.mcpError).map((s) => `${s.size}: mcp failed: ${s.mcpError!.split('\n')[0]}`),
    ],
  })}`);
}

/**
 * Runs the latency benchmark, prints its tables and writes `latency-<stamp>.json` and
 * `latency-<stamp>-search.svg` / `-add.svg` under `options.out`.
 * @returns the record and the path of the JSON file.
 */
export async function runLatency(options: LatencyOptions): Promise<{ record: RunRecord<LatencyResults>; path: string }> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const model = await createEmbedder({ provider: 'local' });
  if (!model) throw new Error('the local embedder is unavailable');
  const loadStart = performance.now();
  await model.embed(['warm up the model']);
  const modelLoadMs = performance.now() - loadStart;
  let corpus: CorpusSource = 'generated';
  const sizes: SizeResult[] = [];
  try {
    for (const size of options.sizes) {
      const { result, source } = await measureSize(size, options, model);
      sizes.push(result);
      corpus = source;
      console.error(`size ${size} done`);
    }
  } finally {
    await model.close?.();
  }
  const results: LatencyResults = { corpus, embedder: model.id, modelLoadMs, sizes };
  printTables(results);
  const base = resolve(options.out, `latency-${stamp(startedAt)}`);
  const chart = (title: string, yLabel: string, series: Series[]) =>
    lineChartSvg({ title, xLabel: 'memories in the store', yLabel, logX: sizes.length > 1, series });
  const line = (name: string, colour: number, y: (s: SizeResult) => number | null | undefined, dashed = false): Series =>
    ({ name, colour, dashed, points: sizes.map((s) => ({ x: s.size, y: y(s) ?? null })) });
  const plots = [
    writeSvg(`${base}-search.svg`, chart('mnemo search latency per query vs memories', 'milliseconds', [
      ...MNEMO_MODES.flatMap((mode, i) => [line(`${mode} p50`, i, (s) => s.search[mode]?.total.p50), line(`${mode} p95`, i, (s) => s.search[mode]?.total.p95, true)]),
      line('hybrid minus embed p50', 3, (s) => s.search.hybrid?.storageRanking.p50),
    ])),
    writeSvg(`${base}-add.svg`, chart('mnemo add latency vs memories', 'milliseconds per memory', [
      line('single add p50', 0, (s) => s.addSingle.p50),
      line('single add p95', 0, (s) => s.addSingle.p95, true),
      line('batched, per memory', 1, (s) => s.fill.perMemoryMs),
      line('batch, embed part', 2, (s) => s.fill.embedPerMemoryMs),
    ])),
  ];
  const record: RunRecord<LatencyResults> = {
    command: 'latency', startedAt, durationSeconds: (performance.now() - t0) / 1000, machine: machineInfo(),
    options: { ...options, data: resolve(options.data), out: resolve(options.out) }, results, plots,
  };
  const path = writeResult(options.out, record);
  console.log(`\nwrote ${path}\nplots ${plots.join('\n      ')}`);
  return { record, path };
}
