#!/usr/bin/env node
/**
 * OR/NOT filter cost at scale: one user with N memories (default 20,000), mem0-style
 * filter trees run through `Memory.getAll` and `Memory.search` two ways:
 * - `pushdown`: the SQLite store compiles the tree (`capabilities.filterPushdown`), so
 *   SQLite returns one page and its count;
 * - `javascript`: the same store with the flag turned off, as before the filter language
 *   moved into core: the engine reads every row the plain filters keep, in pages of 1,000,
 *   and evaluates the tree in JavaScript.
 * For each it prints the store calls, the memory rows the store handed to the engine,
 * and the median wall time of a few runs, checks both return the same page and total,
 * and writes `bench/results/filters-<stamp>.json`.
 *
 * Usage: `node dist/bench/filter-pushdown.js [--memories 20000] [--runs 5] [--out dir]`.
 * Keyword-only (no embedder), so it measures filtering, not embedding.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateFilter, parseFilter } from '../src/core/filter.js';
import { Memory } from '../src/engine/memory.js';
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { MemoryStore, NewMemory } from '../src/storage/store.js';
import { defaultResultsDir } from './paths.js';
import { machineInfo, writeResult } from './report/results.js';

/** Counts the store calls that hand memory rows to the engine, and those rows. */
interface Counter { calls: number; rows: number }

/** `store` with reads counted and `filterPushdown` forced to `pushdown`. */
function counting(store: MemoryStore, pushdown: boolean, counter: Counter): MemoryStore {
  const capabilities = { ...store.capabilities, filterPushdown: pushdown };
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'capabilities') return capabilities;
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => Promise<unknown>;
      if (key === 'listMemories' || key === 'getMemories' || key === 'keywordCandidates' || key === 'listIds') {
        return async (...args: unknown[]) => {
          const out = await fn.apply(target, args);
          counter.calls += 1;
          counter.rows += Array.isArray(out) ? out.length : (out as { rows: unknown[] }).rows.length;
          return out;
        };
      }
      return fn.bind(target);
    },
  });
}

const TOPICS = ['travel', 'food', 'work', 'health', 'family'];
const AGENTS = Array.from({ length: 10 }, (_, i) => `agent-${i}`);

const FILTERS: Record<string, unknown> = {
  'OR agent / metadata': { OR: [{ agent_id: 'agent-3' }, { metadata: { topic: 'travel' } }] },
  'NOT categories': { NOT: [{ categories: { in: ['work', 'food', 'health', 'family'] } }] },
  'AND of OR and NOT with icontains': {
    AND: [{ OR: [{ agent_id: { in: ['agent-1', 'agent-2'] } }, { metadata: { n: { gte: 19_990 } } }] }, { NOT: [{ app_id: { icontains: 'CURSOR' } }] }],
  },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { memories: { type: 'string', default: '20000' }, runs: { type: 'string', default: '5' }, out: { type: 'string' } } });
  const n = Number(values.memories);
  const runs = Number(values.runs);
  const out = resolve(values.out ?? defaultResultsDir());
  const startedAt = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-filters-'));
  const store = await openSqliteStore({ path: join(dir, 'bench.sqlite'), disableVectors: true });
  const rows: Array<{ memory: NewMemory; vector: null }> = [];
  for (let i = 0; i < n; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    rows.push({
      memory: {
        id: crypto.randomUUID(), content: `note ${i} about ${topic} and the week ahead`, hash: `h${i}`, userId: 'bench',
        agentId: AGENTS[i % AGENTS.length]!, runId: null, app: i % 3 === 0 ? 'cursor' : 'claude', metadata: { topic, n: i },
        categories: [topic], createdAt: 1_700_000_000_000 + i * 1000,
      },
      vector: null,
    });
  }
  for (let i = 0; i < rows.length; i += 1000) await store.insertMemories(rows.slice(i, i + 1000));
  console.log(`${n} memories of one user stored; ${runs} runs per case\n`);

  const results: Array<Record<string, unknown>> = [];
  for (const [name, filters] of Object.entries(FILTERS)) {
    const filter = parseFilter(filters);
    for (const call of ['getAll', 'search'] as const) {
      const seen: Record<string, { ids: string[]; total: number | null }> = {};
      for (const mode of ['pushdown', 'javascript'] as const) {
        const counter: Counter = { calls: 0, rows: 0 };
        const memory = new Memory({ store: counting(store, mode === 'pushdown', counter), embedder: null, categorizer: null });
        const times: number[] = [];
        let ids: string[] = [];
        let total: number | null = null;
        let allMatch = true;
        for (let r = 0; r < runs; r++) {
          counter.calls = 0;
          counter.rows = 0;
          const t0 = performance.now();
          if (call === 'getAll') {
            const page = await memory.getAll({ userId: 'bench', filter, limit: 100, log: false });
            ids = page.results.map((m) => m.id);
            total = page.total;
            allMatch = page.results.every((m) => evaluateFilter(filter, m));
          } else {
            const hits = await memory.search('week ahead', { userId: 'bench', filter, limit: 10, mode: 'keyword', log: false });
            ids = hits.results.map((m) => m.id);
            allMatch = hits.results.every((m) => evaluateFilter(filter, m));
          }
          times.push(performance.now() - t0);
        }
        seen[mode] = { ids, total };
        if (!allMatch) {
          console.log(`${name}: ${call} ${mode} returned a memory the filter refuses`);
          process.exitCode = 1;
        }
        const row = { filter: name, call, mode, storeCalls: counter.calls, rowsRead: counter.rows, medianMs: Number(median(times).toFixed(2)), returned: ids.length, total };
        results.push(row);
        console.log(`${name.padEnd(34)} ${call.padEnd(7)} ${mode.padEnd(10)} store calls ${String(counter.calls).padStart(3)}  rows read ${String(counter.rows).padStart(6)}  median ${row.medianMs.toFixed(1).padStart(7)} ms  returned ${ids.length}${total === null ? '' : ` of ${total}`}`);
        // Not closed: the Memory would close the shared store.
      }
      if (call === 'getAll') {
        const same = JSON.stringify(seen.pushdown) === JSON.stringify(seen.javascript);
        console.log(`${''.padEnd(34)} ${call.padEnd(7)} same page and total both ways: ${same}\n`);
        if (!same) process.exitCode = 1;
      } else {
        // Search: the JavaScript path filters after the candidate cut-off (5 × limit), so it
        // may return fewer hits; pushdown filters before ranking.
        console.log(`${''.padEnd(34)} ${call.padEnd(7)} hits: pushdown ${seen.pushdown!.ids.length}, javascript ${seen.javascript!.ids.length}\n`);
      }
    }
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const path = writeResult(out, {
    command: 'filters', startedAt, durationSeconds: (Date.now() - Date.parse(startedAt)) / 1000, machine: machineInfo(),
    options: { memories: n, runs, out }, results, plots: [],
  });
  console.log(`wrote ${path}`);
}

await main();
