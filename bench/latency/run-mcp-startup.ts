/**
 * `npm run bench -- mcp-startup`: the cold start of `mnemo mcp` on its own, without the
 * whole latency run. Seeds a SQLite file with N memories through the SDK (local
 * embeddings, so the first search can be hybrid), then spawns the server R times with the
 * official MCP client over stdio and reports, per run and as p50: spawn to `initialize`
 * answered, spawn to the first `search_memory` answered and the mode it reports, and spawn
 * to the first search answered in hybrid mode (the model loaded). Writes
 * `bench/results/mcp-startup-<stamp>.json`.
 *
 * Failure contract: rejects (exit 1) when the CLI is not built or a run fails; the
 * server's stderr tail is in the message (mcp-startup.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Memory } from '../../src/index.js';
import { percentile } from '../report/stats.js';
import { machineInfo, writeResult } from '../report/results.js';
import { type McpStartup, measureMcpStartup } from './mcp-startup.js';

/** Options of `bench mcp-startup`. */
export interface McpStartupOptions {
  /** Memories seeded before the runs (ignored when `db` exists). */
  memories: number;
  /** Cold starts. */
  runs: number;
  /** A SQLite file to reuse (seeded when absent, kept); default a temporary one. */
  db: string | null;
  /** The built CLI to spawn (to time another build); default this checkout's. */
  cli: string | null;
  out: string;
}

const USER = 'bench';
const QUERY = 'what does my sister drink in the morning?';
const TOPICS = ['green tea', 'a flight to Lisbon', 'the rent increase', 'a yoga class', 'TypeScript generics', 'vitamin D', 'a camping trip'];

/** Runs the cold starts and prints a table. */
export async function runMcpStartup(options: McpStartupOptions): Promise<void> {
  const startedAt = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-mcp-startup-'));
  const db = options.db ?? join(dir, 'memory.sqlite');
  try {
    if (!existsSync(db)) {
      const memory = new Memory({ path: db, dedupe: { enabled: false } });
      try {
        for (let i = 0; i < options.memories; i += 500) {
          const n = Math.min(500, options.memories - i);
          await memory.add(Array.from({ length: n }, (_, j) => `My sister mentioned ${TOPICS[(i + j) % TOPICS.length]} (note ${i + j})`), { userId: USER });
        }
      } finally {
        await memory.close();
      }
    }
    const runs: McpStartup[] = [];
    for (let i = 0; i < options.runs; i++) {
      const run = await measureMcpStartup(db, USER, QUERY, { untilHybrid: true, ...(options.cli ? { cli: options.cli } : {}) });
      runs.push(run);
      process.stdout.write(`run ${i + 1}: initialize ${run.initializeMs.toFixed(0)} ms, first search ${run.firstToolCallMs.toFixed(0)} ms (mode ${run.firstMode ?? 'not reported'}), first hybrid answer ${run.hybridMs?.toFixed(0) ?? '-'} ms\n`);
    }
    const p50 = (pick: (r: McpStartup) => number | undefined) => percentile(runs.map(pick).filter((x): x is number => x !== undefined), 50);
    const summary = { initializeMs: p50((r) => r.initializeMs), firstToolCallMs: p50((r) => r.firstToolCallMs), hybridMs: p50((r) => r.hybridMs), firstModes: runs.map((r) => r.firstMode ?? null) };
    process.stdout.write(`\nmnemo mcp cold start, ${options.db && options.memories === 0 ? 'given database' : `${options.memories} memories`}, ${runs.length} runs, p50: initialize ${summary.initializeMs.toFixed(0)} ms, first search ${summary.firstToolCallMs.toFixed(0)} ms, first hybrid answer ${summary.hybridMs.toFixed(0)} ms\n`);
    const path = writeResult(options.out, {
      command: 'mcp-startup', startedAt, durationSeconds: (Date.now() - Date.parse(startedAt)) / 1000, machine: machineInfo(),
      options: { ...options }, results: { summary, runs }, plots: [],
    });
    process.stdout.write(`wrote ${path}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
