/**
 * `bench breakdown`: where a search's storage + ranking time goes, per store call, on a
 * large SQLite file: `size` memories for each of `users` users, filled as `bench latency`
 * fills sizes above `--fast-above` (bench/latency/fast-fill.ts: LoCoMo-like text, the
 * deterministic `bench:words-512` embedder, which the searches use too, so no figure
 * includes a model). The file is kept (`--db`) so later runs, e.g. of another build
 * (`--cli`-free: run this script from that build's dist), measure the same data.
 *
 * Method: every user gets one untimed search per mode first (loads its vector code
 * index and keyword index: their first-use cost is `bench latency`'s "first call"), then
 * `queries` LoCoMo questions round-robin over the users, per mode in `modes` order (list a
 * mode twice to see it with a warm page cache). Per search: wall time and the process's CPU
 * time (`process.cpuUsage`, steadier on a shared machine); per store call (a Proxy around
 * the store times each awaited method): count, p50, p95 and the mean per search. Writes
 * `breakdown-<stamp>.json` to `out`.
 */
import { existsSync } from 'node:fs';
import { Memory, openSqliteStore } from '../../src/index.js';
import type { MemoryStore } from '../../src/storage/store.js';
import { machineInfo, writeResult } from '../report/results.js';
import { percentile } from '../report/stats.js';
import { buildCorpus } from './corpus.js';
import { fastFill, wordsEmbedder } from './fast-fill.js';

/** Options of `bench breakdown`. */
export interface BreakdownOptions {
  /** Memories per user. */
  size: number;
  /** Users, each holding `size` memories (the first is `bench`, then `bench-1`, ...). */
  users: number;
  /** Timed searches per mode, round-robin over the users. */
  queries: number;
  /** Modes measured, in order (a mode may repeat). */
  modes: Array<'hybrid' | 'keyword' | 'vector'>;
  /** SQLite file: filled when absent, reused (and kept) when present. */
  db: string;
  /** LoCoMo file for the texts and questions (the seeded generator when absent). */
  data: string;
  /** Folder for the JSON result. */
  out: string;
}

/** The store calls timed (the read path of a search). */
const TIMED = new Set(['keywordCandidates', 'vectorCandidates', 'contextWindows', 'contextNeighbours', 'vectorSimilarities', 'getMemories', 'listMemories', 'logAccess']);

const userOf = (i: number, users: number): string => (i % users === 0 ? 'bench' : `bench-${i % users}`);

/** `store` with every {@link TIMED} method's awaited time appended to `times[name]` (ms). */
function timedStore(store: MemoryStore, times: Map<string, number[]>): MemoryStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || !TIMED.has(key) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const t = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          const list = times.get(key) ?? [];
          list.push(performance.now() - t);
          times.set(key, list);
        }
      };
    },
  });
}

const summary = (xs: number[]): { p50: number; p95: number } => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });

/** Runs the benchmark, prints a table per mode and writes the JSON record. */
export async function runBreakdown(options: BreakdownOptions): Promise<void> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const data = existsSync(options.data) ? options.data : null;
  const embedder = wordsEmbedder();
  const queries = buildCorpus(options.size, options.queries, 'bench', data, options.size).queries;
  if (!existsSync(options.db)) {
    for (let u = 0; u < options.users; u++) {
      const user = userOf(u, options.users);
      const items = buildCorpus(options.size, 0, user, data, options.size + u).items
        .map((it) => ({ text: it.text, userId: user, itemId: it.itemId, at: it.timestamp ?? 0 }));
      await fastFill(options.db, items, embedder, () => {});
      process.stderr.write(`\rfilled ${u + 1}/${options.users} users`);
    }
    process.stderr.write('\n');
  }
  const times = new Map<string, number[]>();
  const memory = new Memory({ store: timedStore(await openSqliteStore({ path: options.db }), times), embedder });
  const rows: Array<{ mode: string; wall: { p50: number; p95: number }; cpu: { p50: number; p95: number }; calls: Record<string, { n: number; p50: number; p95: number; perSearch: number }> }> = [];
  try {
    for (let u = 0; u < options.users; u++) {
      for (const mode of new Set(options.modes)) await memory.search('warm up', { userId: userOf(u, options.users), limit: 10, mode, log: false });
    }
    for (const mode of options.modes) {
      times.clear();
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < options.queries; i++) {
        const c = process.cpuUsage();
        const t = performance.now();
        await memory.search(queries[i % queries.length]!, { userId: userOf(i, options.users), limit: 10, mode });
        wall.push(performance.now() - t);
        const d = process.cpuUsage(c);
        cpu.push((d.user + d.system) / 1000);
      }
      const calls = Object.fromEntries([...times].map(([name, xs]) => [name, { n: xs.length, ...summary(xs), perSearch: xs.reduce((a, b) => a + b, 0) / options.queries }]));
      rows.push({ mode, wall: summary(wall), cpu: summary(cpu), calls });
      console.log(`${mode}: wall p50 ${summary(wall).p50.toFixed(2)} p95 ${summary(wall).p95.toFixed(2)} ms, CPU p50 ${summary(cpu).p50.toFixed(2)} ms`);
      for (const [name, c] of Object.entries(calls)) console.log(`  ${name.padEnd(20)} n=${String(c.n).padStart(4)}  p50 ${c.p50.toFixed(2).padStart(6)}  p95 ${c.p95.toFixed(2).padStart(6)}  per search ${c.perSearch.toFixed(2).padStart(6)}`);
    }
  } finally {
    await memory.close();
  }
  const path = writeResult(options.out, {
    command: 'breakdown', startedAt, durationSeconds: (performance.now() - t0) / 1000, machine: machineInfo(),
    options: { ...options }, results: { embedder: embedder.id, rows }, plots: [],
  });
  console.log(`\nwrote ${path}`);
}
