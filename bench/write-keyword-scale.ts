/**
 * `bench:write-keyword`: the storage cost of an add and of a keyword search as one user's
 * memories grow (issue 15, the write path and the keyword side), through the public SDK
 * on a SQLite file.
 *
 * For each size N (fresh database each time): fill with N memories (LoCoMo-drawn texts,
 * bench/latency/corpus.ts) in batches with near-duplicate detection off (the fill is not
 * what is measured); reopen with detection on and time
 * - single adds of new texts: wall time minus the embedder's time = storage cost per add
 *   (exact-duplicate check, near-duplicate lookup, insert, FTS/vector indexing, graph link);
 * - single re-adds of stored texts restated ("Really, " + text): each must come back as an
 *   UPDATE of the stored memory (near-duplicate found among N), counted and printed;
 * - keyword searches (limit 10), storage + ranking only (keyword mode embeds nothing);
 * - before those, the first keyword search of the reopened store, apart (it builds the
 *   SQLite store's in-memory keyword index for a user above its threshold).
 * Wall times and, steadier on a shared machine, this process's CPU time per call.
 *
 * The embedder is a deterministic 64-dimension hash of character trigrams (no model), so
 * the figures are storage and ranking, not inference; categorisation is off for the same
 * reason. Figures come from a shared 2-core machine: compare runs made back to back.
 *
 * Usage: `npx tsc -p tsconfig.json && node dist/bench/write-keyword-scale.js --sizes 1000,10000,100000`
 * (options: `--adds <n>` single adds and re-adds per size, default 50; `--queries <n>`
 * keyword searches per size, default 100; `--users <n>`: spread the N memories over n
 * users and measure one of them, default 1; `--out <dir>`, default bench/results/). Writes
 * `write-keyword-<stamp>.json` there.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Memory } from '../src/engine/memory.js';
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { buildCorpus } from './latency/corpus.js';
import { defaultLocomoPath } from './locomo/locomo-dataset.js';
import { defaultResultsDir } from './paths.js';
import { machineInfo, stamp, writeResult } from './report/results.js';
import { type LatencySummary, summarize } from './report/stats.js';
import { timingEmbedder } from './systems/timing-embedder.js';
import { trigramEmbedder as makeTrigramEmbedder } from '../test/support/trigram-embedder.js';

const trigramEmbedder = makeTrigramEmbedder('bench:trigram-64');

const USER = 'bench';
const FILL_BATCH = 500;

/** Figures at one size; times in milliseconds. */
interface SizeFigures {
  /** Memories in the store, over `users` users; the measured user holds `size / users`. */
  size: number;
  users: number;
  fillSeconds: number;
  /** The first keyword search after opening, ms (the keyword index build at this size, when the user is above its threshold). */
  firstKeywordMs: number;
  /** Storage cost of a single add of a new text (wall minus embed). */
  addStorage: LatencySummary;
  /** CPU time of the same adds (user + system, whole process; embedding included, ~0.05 ms): steadier than wall time on a shared machine. */
  addCpu: LatencySummary;
  /** The same for a restated stored text (near-duplicate found and updated). */
  reAddStorage: LatencySummary;
  /** Re-adds that came back as UPDATE of the restated memory, of `reAdds`. */
  nearDuplicatesFound: number;
  reAdds: number;
  keyword: LatencySummary;
  /** CPU time of the same searches. */
  keywordCpu: LatencySummary;
}

/** CPU time (user + system) of this process so far, ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function measure(size: number, adds: number, queries: number, users: number): Promise<SizeFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-wk-'));
  const path = join(dir, 'bench.sqlite');
  try {
    const data = defaultLocomoPath();
    const corpus = buildCorpus(size + adds, queries, USER, existsSync(data) ? data : null, size);
    const embedder = timingEmbedder(trigramEmbedder);
    let memory = new Memory({ path, embedder, categorizer: null, dedupe: { enabled: false } });
    const fillStart = performance.now();
    for (let i = 0; i < size; i += FILL_BATCH) {
      const batch = corpus.items.slice(i, Math.min(size, i + FILL_BATCH));
      // With several users, memory j belongs to user j mod users; the measured user is USER (j = 0, users, 2 x users, ...).
      for (let u = 0; u < users; u++) {
        const own = batch.filter((_, j) => (i + j) % users === u);
        if (own.length > 0) await memory.add(own.map((it) => ({ role: 'user' as const, content: it.text, timestamp: new Date(it.timestamp ?? 0) })), { userId: u === 0 ? USER : `${USER}-${u}` });
      }
      if (i % 10_000 === 0) process.stderr.write(`\r${size}: ${i}`);
    }
    const fillSeconds = (performance.now() - fillStart) / 1000;
    process.stderr.write(`\r${size}: filled in ${fillSeconds.toFixed(0)} s\n`);
    await memory.close();
    const store = await openSqliteStore({ path });
    memory = new Memory({ store, embedder, categorizer: null });
    // The first keyword search of a process: for a user above the SQLite store's
    // KEYWORD_INDEX_MIN_ROWS it starts the in-memory keyword index (read every text,
    // analyse, post; above 10k rows in steps while FTS5 answers); timed apart, until the
    // index is ready, so the figures below are steady state.
    const first = performance.now();
    await memory.search(corpus.queries[0] ?? 'warm up', { userId: USER, limit: 10, mode: 'keyword' });
    await store.keywordIndexReady(USER);
    const firstKeywordMs = performance.now() - first;
    embedder.take();
    const addStorage: number[] = [];
    const addCpu: number[] = [];
    for (const it of corpus.items.slice(size, size + adds)) {
      const t = performance.now();
      const c = cpuMs();
      await memory.add(it.text, { userId: USER });
      addCpu.push(cpuMs() - c);
      addStorage.push(performance.now() - t - embedder.take().reduce((n, c) => n + c.ms, 0));
    }
    const reAddStorage: number[] = [];
    let found = 0;
    const step = Math.max(1, Math.floor(size / users / adds));
    let reAdds = 0;
    for (let i = 0; i < size && reAdds < adds; i += step * users, reAdds++) {
      const t = performance.now();
      const result = await memory.add(`Really, ${corpus.items[i]!.text}`, { userId: USER });
      reAddStorage.push(performance.now() - t - embedder.take().reduce((n, c) => n + c.ms, 0));
      if (result.results[0]?.event === 'UPDATE') found++;
    }
    const keyword: number[] = [];
    const keywordCpu: number[] = [];
    for (const q of corpus.queries) {
      const t = performance.now();
      const c = cpuMs();
      await memory.search(q, { userId: USER, limit: 10, mode: 'keyword' });
      keywordCpu.push(cpuMs() - c);
      keyword.push(performance.now() - t);
    }
    await memory.close();
    return {
      size, users, fillSeconds, firstKeywordMs, addStorage: summarize(addStorage), addCpu: summarize(addCpu), reAddStorage: summarize(reAddStorage),
      nearDuplicatesFound: found, reAdds, keyword: summarize(keyword), keywordCpu: summarize(keywordCpu),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '1000,10000' }, adds: { type: 'string', default: '50' }, queries: { type: 'string', default: '100' }, out: { type: 'string', default: defaultResultsDir() }, users: { type: 'string', default: '1' } },
  });
  const sizes = values.sizes.split(',').map(Number);
  const adds = Number(values.adds);
  const queries = Number(values.queries);
  const users = Math.max(1, Number(values.users));
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const figures: SizeFigures[] = [];
  for (const size of sizes) figures.push(await measure(size, adds, queries, users));
  const f = (x: number) => x.toFixed(2);
  console.log(`users: ${users} (the measured user holds 1/${users} of the memories)`);
  console.log('memories | first keyword search | add storage p50 | p95 | add CPU p50 | re-add storage p50 | p95 | near-duplicates found | keyword p50 | p95 | keyword CPU p50');
  for (const s of figures) {
    console.log(`${s.size} | ${f(s.firstKeywordMs)} | ${f(s.addStorage.p50)} | ${f(s.addStorage.p95)} | ${f(s.addCpu.p50)} | ${f(s.reAddStorage.p50)} | ${f(s.reAddStorage.p95)} | ${s.nearDuplicatesFound}/${s.reAdds} | ${f(s.keyword.p50)} | ${f(s.keyword.p95)} | ${f(s.keywordCpu.p50)}`);
  }
  const path = writeResult(values.out, {
    command: 'write-keyword', startedAt, durationSeconds: (performance.now() - t0) / 1000, machine: machineInfo(),
    options: { sizes, adds, queries, users, embedder: trigramEmbedder.id }, results: figures, plots: [],
  });
  console.log(`wrote ${path} (${stamp(startedAt)})`);
}

await main();
