/**
 * Where the SQLite store's in-memory keyword index (sqlite-keyword-index.ts) starts to pay
 * against FTS5, and what its build costs: for each size N, one user's N LoCoMo-drawn
 * memories (bench/latency/corpus.ts) written straight into a fresh file, then
 * - FTS5: keyword candidates (limit 50, the search path's depth) for the corpus's
 *   LoCoMo-style questions through a store opened with `keywordIndex: 'fts'`;
 * - index: the first call of a store opened with `keywordIndexMinRows: 0` until its index
 *   is built (read every text, analyse, post; in steps above 10k rows), then the same questions;
 * - the index's bytes (its own estimate) and the growth of the JS heap plus ArrayBuffers
 *   (typed arrays live outside the heap) over the build (run with --expose-gc).
 * CPU time per call (user + system of this process), steadier than wall time on a shared
 * machine; p50 over the questions. Writes `keyword-threshold-<stamp>.json`.
 *
 * Usage: `npx tsc -p tsconfig.json && node dist/bench/latency/keyword-threshold.js --sizes 1000,3200,10000,100000`
 * (`--queries <n>`, default 100; `--out <dir>`, default bench/results/).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { keywordTerms } from '../../src/retrieval/keyword-query.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { contentHash } from '../../src/engine/content-hash.js';
import { defaultLocomoPath } from '../locomo/locomo-dataset.js';
import { defaultResultsDir } from '../paths.js';
import { machineInfo, stamp, writeResult } from '../report/results.js';
import { buildCorpus } from './corpus.js';

const USER = 'bench';

/** CPU time (user + system) of this process so far, ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

/** Figures at one size, ms and bytes. */
interface Figures { size: number; ftsCpuP50: number; indexCpuP50: number; buildMs: number; buildCpuMs: number; indexBytes: number; heapGrowthBytes: number }

async function measure(size: number, queries: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-kt-'));
  const path = join(dir, 'bench.sqlite');
  try {
    const data = defaultLocomoPath();
    const corpus = buildCorpus(size, queries, USER, existsSync(data) ? data : null, size);
    const writer = await openSqliteStore({ path, disableVectors: true, keywordIndex: 'fts' });
    for (let i = 0; i < size; i += 1000) {
      await writer.insertMemories(corpus.items.slice(i, i + 1000).map((it, j) => ({
        memory: {
          id: crypto.randomUUID(), content: it.text, hash: contentHash(it.text), userId: USER, agentId: null, runId: null, app: 'bench',
          metadata: {}, categories: [], createdAt: (it.timestamp ?? 0) + i + j,
        },
        vector: null,
      })));
    }
    await writer.close();
    const terms = corpus.queries.flatMap((q) => keywordTerms(q) ?? []);
    const time = async (store: Awaited<ReturnType<typeof openSqliteStore>>): Promise<number[]> => {
      const out: number[] = [];
      for (const q of terms) {
        const c = cpuMs();
        await store.keywordCandidates(q, { userId: USER }, 50);
        out.push(cpuMs() - c);
      }
      return out;
    };
    const fts = await openSqliteStore({ path, disableVectors: true, keywordIndex: 'fts' });
    await time(fts); // warm the page cache
    const ftsCpu = await time(fts);
    await fts.close();
    const indexed = await openSqliteStore({ path, disableVectors: true, keywordIndexMinRows: 0 });
    (globalThis as { gc?: () => void }).gc?.();
    const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const heap = used();
    const t = performance.now();
    const c = cpuMs();
    await indexed.keywordCandidates(terms[0] ?? { terms: ['x'] }, { userId: USER }, 50);
    await indexed.keywordIndexReady(USER); // above 10k rows the build goes on in steps
    const buildMs = performance.now() - t;
    const buildCpuMs = cpuMs() - c;
    (globalThis as { gc?: () => void }).gc?.();
    const heapGrowthBytes = used() - heap;
    const indexCpu = await time(indexed);
    const indexBytes = (indexed as unknown as { keywords: { users: Map<string, { bytes: number }> } }).keywords.users.get(USER)?.bytes ?? 0;
    await indexed.close();
    return { size, ftsCpuP50: p50(ftsCpu), indexCpuP50: p50(indexCpu), buildMs, buildCpuMs, indexBytes, heapGrowthBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,3200,10000' }, queries: { type: 'string', default: '100' }, out: { type: 'string', default: defaultResultsDir() } } });
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const results: Figures[] = [];
  for (const size of values.sizes.split(',').map(Number)) results.push(await measure(size, Number(values.queries)));
  const f = (x: number) => x.toFixed(2);
  console.log('memories | FTS5 CPU p50 ms | index CPU p50 ms | build wall ms | build CPU ms | index MB | heap + buffers growth MB');
  for (const r of results) console.log(`${r.size} | ${f(r.ftsCpuP50)} | ${f(r.indexCpuP50)} | ${f(r.buildMs)} | ${f(r.buildCpuMs)} | ${f(r.indexBytes / 1e6)} | ${f(r.heapGrowthBytes / 1e6)}`);
  const path = writeResult(values.out, { command: 'keyword-threshold', startedAt, durationSeconds: (performance.now() - t0) / 1000, machine: machineInfo(), options: { queries: Number(values.queries) }, results, plots: [] });
  console.log(`wrote ${path} (${stamp(startedAt)})`);
}

await main();
