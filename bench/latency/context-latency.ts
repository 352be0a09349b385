/**
 * `bench context-latency`: the conversation-context step's cost in a search, storage +
 * ranking only. A deterministic hash embedder (512 dimensions, SHA-256 of the text, about
 * 0.1 ms per text) stands in for the model, so the figure excludes query embedding, as
 * issue 11's budget does ("hybrid p50 within 1.5x of ranking without context").
 *
 * Worst case for context: `size` memories of one user and one conversation written in
 * one go (all within CONTEXT_WINDOW_MS, so every memory has a full neighbour chain),
 * in a SQLite file under os.tmpdir() (deleted afterwards). Each query is searched with
 * and without context, alternating, `rounds` times; per search we take wall time and the
 * process's CPU time (user + system, `process.cpuUsage`), the latter being far less
 * sensitive to other processes on a shared machine. Reports p50s and the with/without
 * ratio, writes `context-latency-<stamp>.json` to `out`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Memory } from '../../src/index.js';
import type { Embedder, Vector } from '../../src/embedding/embedder.js';
import { machineInfo, writeResult } from '../report/results.js';

/** Options of `bench context-latency`. */
export interface ContextLatencyOptions {
  /** Memories stored (one user, one sitting). */
  size: number;
  /** Distinct queries. */
  queries: number;
  /** Passes over the queries (each pass: every query with and without context). */
  rounds: number;
  /** Search mode measured. */
  mode: 'hybrid' | 'keyword' | 'vector';
  /** Result limit of each search. */
  limit: number;
  /** Folder for the JSON result. */
  out: string;
}

const WORDS = 'alpha beta gamma delta river mountain coffee paint dog cat travel book music garden school work family friend city sea'.split(' ');
const word = (i: number, k: number): string => WORDS[(i * 7 + k * 13 + (i >> 3)) % WORDS.length]!;

/** A deterministic unit-length 512-dimension embedder from SHA-256 chains (no model; benchmark only). */
function hashEmbedder(): Embedder {
  const dimensions = 512;
  const one = (text: string): Vector => {
    const v = new Float32Array(dimensions);
    let h = createHash('sha256').update(text).digest();
    for (let i = 0; i < dimensions; i++) {
      if (i % 32 === 0) h = createHash('sha256').update(h).digest();
      v[i] = h[i % 32]! / 255 - 0.5;
    }
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  return { id: 'bench:hash-512', dimensions, embed: async (texts: string[]) => texts.map(one) } as unknown as Embedder;
}

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs the benchmark, prints a table and writes the JSON record. */
export async function runContextLatency(options: ContextLatencyOptions): Promise<void> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-context-latency-'));
  const memory = new Memory({ path: join(dir, 'bench.db'), embedder: hashEmbedder(), dedupe: { enabled: false } });
  try {
    for (let b = 0; b < options.size; b += 500) {
      const n = Math.min(500, options.size - b);
      await memory.add(Array.from({ length: n }, (_, j) => ({ role: 'user' as const, content: `memory ${b + j} about ${word(b + j, 1)} and ${word(b + j, 2)} ${word(b + j, 3)}` })), { userId: 'u' });
    }
    const queries = Array.from({ length: options.queries }, (_, i) => `what about ${word(i, 5)} ${word(i, 9)}`);
    const samples = { with: { wall: [] as number[], cpu: [] as number[] }, without: { wall: [] as number[], cpu: [] as number[] } };
    for (let r = 0; r < options.rounds; r++) {
      for (const q of queries) {
        for (const context of r % 2 === 0 ? [false, true] : [true, false]) {
          const cpu = process.cpuUsage();
          const wall = performance.now();
          await memory.search(q, { userId: 'u', limit: options.limit, mode: options.mode, context, log: false });
          const side = context ? samples.with : samples.without;
          side.wall.push(performance.now() - wall);
          const d = process.cpuUsage(cpu);
          side.cpu.push((d.user + d.system) / 1000);
        }
      }
    }
    const results = {
      size: options.size, mode: options.mode, limit: options.limit, searchesPerSide: samples.with.wall.length,
      withContext: { wallP50Ms: p50(samples.with.wall), cpuP50Ms: p50(samples.with.cpu) },
      withoutContext: { wallP50Ms: p50(samples.without.wall), cpuP50Ms: p50(samples.without.cpu) },
      ratio: { wall: p50(samples.with.wall) / p50(samples.without.wall), cpu: p50(samples.with.cpu) / p50(samples.without.cpu) },
    };
    console.log(`${options.size} memories, ${options.mode}, limit ${options.limit}, ${results.searchesPerSide} searches per side (storage + ranking, hash embedder)`);
    console.log(`p50 ms       with context  without  ratio`);
    console.log(`wall         ${results.withContext.wallP50Ms.toFixed(2).padStart(12)}  ${results.withoutContext.wallP50Ms.toFixed(2).padStart(7)}  ${results.ratio.wall.toFixed(2)}`);
    console.log(`cpu          ${results.withContext.cpuP50Ms.toFixed(2).padStart(12)}  ${results.withoutContext.cpuP50Ms.toFixed(2).padStart(7)}  ${results.ratio.cpu.toFixed(2)}`);
    const path = writeResult(options.out, {
      command: 'context-latency', startedAt, durationSeconds: (performance.now() - t0) / 1000, machine: machineInfo(),
      options: { ...options }, results, plots: [],
    });
    console.log(`\nwrote ${path}`);
  } finally {
    await memory.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
