/**
 * Smoke runs of the benchmark scripts (`dist/bench/main.js`), so they never rot: each
 * command runs end to end on tiny inputs in a temporary folder and must write its JSON
 * record with the expected keys and sane values. Figures are printed by the scripts and
 * never asserted here. The peers run is skipped, with the reason, when the peers are not
 * installed (`npm install --prefix bench/peers`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LatencyResults, ModeLatency } from '../bench/latency/run-latency.js';
import type { LocomoResults } from '../bench/locomo/run-locomo.js';
import { writeSyntheticLocomo } from '../bench/locomo/synthetic-locomo.js';
import type { PeersAtSizeResults } from '../bench/peers/peers-at-size.js';
import type { PeersResults } from '../bench/peers/run-peers.js';
import type { RunRecord } from '../bench/report/results.js';

const run = promisify(execFile);
const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'main.js');
const PEERS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'peers', 'node_modules');

/** Runs the bench CLI; resolves with stdout/stderr and the exit code (never rejects on a non-zero exit). */
async function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

function record<T>(dir: string, command: string): RunRecord<T> {
  const file = readdirSync(dir).find((f) => f.startsWith(`${command}-`) && f.endsWith('.json'));
  assert.ok(file, `no ${command}-*.json in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as RunRecord<T>;
}

function assertFraction(value: unknown, what: string): void {
  assert.equal(typeof value, 'number', `${what} is a number`);
  assert.ok((value as number) >= 0 && (value as number) <= 1, `${what} = ${String(value)} is in [0,1]`);
}

describe('bench scripts (smoke)', { timeout: 600_000 }, () => {
  let dir: string;
  let data: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-smoke-'));
    data = writeSyntheticLocomo(join(dir, 'tiny-locomo.json'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('locomo writes recall@k and MRR per mode and category', async () => {
    const out = join(dir, 'locomo');
    const r = await bench(['locomo', '--data', data, '--mode', 'all', '--k', '1,5', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /DRAGON/);
    const rec = record<LocomoResults>(out, 'locomo');
    assert.deepEqual(Object.keys(rec).sort(), ['command', 'durationSeconds', 'machine', 'options', 'plots', 'results', 'startedAt']);
    assert.equal(rec.results.conversations, 2);
    assert.equal(rec.results.questions, 10);
    for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
      const s = rec.results.modes[mode];
      assert.ok(s, `${mode} scored`);
      assertFraction(s.recall['1'], `${mode} recall@1`);
      assertFraction(s.recall['5'], `${mode} recall@5`);
      assertFraction(s.mrr, `${mode} MRR`);
      assert.deepEqual(Object.keys(s.perCategory).sort(), ['1', '2', '3', '4', '5']);
      assert.ok(s.recall['5']! >= s.recall['1']!, 'recall grows with k');
      assertFraction(rec.results.withoutContext?.[mode]?.recall['5'], `${mode} recall@5 without context (ablation)`);
    }
    assert.match(r.stdout, /mnemo \(hybrid, no context\)/);
    for (const plot of rec.plots) assert.match(readFileSync(plot, 'utf8'), /^<svg/);
  });

  it('locomo exits 2 with a clear message when the data file is absent', async () => {
    const r = await bench(['locomo', '--data', join(dir, 'missing.json'), '--out', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /LoCoMo data not found at .*missing\.json/);
  });

  it('postgres-backend writes add/search percentiles per backend and pgvector recall', async () => {
    const out = join(dir, 'postgres');
    const script = resolve(dirname(MAIN), 'postgres-backend.js');
    await run(process.execPath, [script, '--size', '60', '--queries', '5', '--adds', '3', '--pglite', '--locomo', data, '--out', out], { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
    const rec = record<Array<{ backend: string; search: Record<string, { n: number }>; addSingle: { n: number }; vectorRecallAt10: number | null; locomoKeyword: { recallAt5: number } | null }>>(out, 'postgres');
    assert.deepEqual(rec.results.map((r) => r.backend), ['sqlite', 'pglite+pgvector']);
    for (const r of rec.results) {
      assert.deepEqual(Object.keys(r.search).sort(), ['hybrid', 'keyword', 'vector']);
      assert.equal(r.search.keyword!.n, 5);
      assert.equal(r.addSingle.n, 3);
      assertFraction(r.locomoKeyword?.recallAt5, `${r.backend} LoCoMo recall@5`);
    }
    assertFraction(rec.results[1]!.vectorRecallAt10, 'HNSW recall@10');
  });

  it('write-keyword-scale writes add, re-add and keyword figures and finds the restatements', async () => {
    const out = join(dir, 'write-keyword');
    const script = resolve(dirname(MAIN), 'write-keyword-scale.js');
    await run(process.execPath, [script, '--sizes', '200', '--adds', '5', '--queries', '5', '--out', out], { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
    const rec = record<Array<{ size: number; addStorage: { n: number }; keyword: { n: number }; nearDuplicatesFound: number; reAdds: number }>>(out, 'write-keyword');
    assert.equal(rec.results[0]!.size, 200);
    assert.equal(rec.results[0]!.addStorage.n, 5);
    assert.equal(rec.results[0]!.keyword.n, 5);
    assert.equal(rec.results[0]!.nearDuplicatesFound, rec.results[0]!.reAdds);
  });

  it('latency writes add/search percentiles, footprint and reindex time', async () => {
    const out = join(dir, 'latency');
    const r = await bench(['latency', '--sizes', '200', '--queries', '10', '--single', '5', '--batch', '50', '--mcp-runs', '1', '--data', join(dir, 'none.json'), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const rec = record<LatencyResults>(out, 'latency');
    assert.equal(rec.results.corpus, 'generated');
    const [size] = rec.results.sizes;
    assert.ok(size);
    assert.equal(size.size, 200);
    assert.ok(size.stored > 0 && size.stored <= 205);
    for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
      const m: ModeLatency | undefined = size.search[mode];
      assert.ok(m, `${mode} timed`);
      assert.equal(m.total.n, 10);
      assert.ok(m.total.p50 <= m.total.p95 && m.total.p95 <= m.total.p99);
    }
    assert.equal(size.search.keyword?.embed, null, 'keyword search embeds nothing');
    assert.equal(size.addSingle.n, 5);
    assert.ok(size.bytesPerMemory > 0);
    assert.ok(size.reindex.memories > 0);
    assert.ok(size.peakRssBytes > 0);
    assert.ok(size.mcp !== null || typeof size.mcpError === 'string', 'mcp cold start measured or its failure recorded');
    assert.equal(rec.plots.length, 2);
    assert.equal(size.filledWith, 'sdk-local-model');
    assert.equal(size.vectorPath.recallAt10, 1, 'a small user is searched exactly');
  });

  it('latency fills several users directly with the fast embedder and measures the vector path against the exact scan', async () => {
    const out = join(dir, 'latency-users');
    const r = await bench(['latency', '--sizes', '150', '--users', '2', '--queries', '4', '--single', '2', '--mcp-runs', '1', '--data', join(dir, 'none.json'), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const [size] = record<LatencyResults>(out, 'latency').results.sizes;
    assert.ok(size);
    assert.deepEqual([size.users, size.filledWith, size.embedder], [2, 'direct-fast-embedder', 'bench:words-512']);
    assert.match(r.stdout, /fast deterministic bag-of-words embedder/);
    assertFraction(size.vectorPath.recallAt10, 'recall@10 of the vector path');
    assert.equal(size.vectorPath.queries, 4);
    assert.equal(size.mcp, null);
  });

  it('breakdown fills a kept file once and times each store call of a search per mode', async () => {
    const out = join(dir, 'breakdown');
    const db = join(dir, 'breakdown.sqlite');
    const args = ['breakdown', '--size', '120', '--users', '2', '--queries', '6', '--modes', 'keyword,hybrid', '--db', db, '--data', join(dir, 'none.json'), '--out', out];
    const r = await bench(args);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(db), 'the file is kept for later runs');
    const rec = record<{ embedder: string; rows: Array<{ mode: string; calls: Record<string, { n: number }> }> }>(out, 'breakdown');
    assert.equal(rec.results.embedder, 'bench:words-512');
    assert.deepEqual(rec.results.rows.map((row) => row.mode), ['keyword', 'hybrid']);
    assert.equal(rec.results.rows[0]!.calls.keywordCandidates?.n, 6, 'one keyword call per timed search');
    assert.equal(rec.results.rows[0]!.calls.vectorCandidates, undefined, 'keyword mode reads no vectors');
    assert.equal(rec.results.rows[1]!.calls.vectorCandidates?.n, 6);
    const again = await bench(['breakdown', '--size', '120', '--users', '2', '--queries', '2', '--modes', 'vector', '--db', db, '--data', join(dir, 'none.json'), '--out', join(dir, 'breakdown-2')]);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /filled/, 'a present file is reused, not filled again');
    const bad = await bench(['breakdown', '--modes', 'fuzzy', '--db', db, '--out', out]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--modes takes hybrid, keyword and vector/);
  });

  it('peers writes a row per system, saying why one cannot run', async (t) => {
    if (!existsSync(join(PEERS, 'mem0ai')) || !existsSync(join(PEERS, '@modelcontextprotocol', 'server-memory'))) {
      t.skip('peers not installed: run `npm install --prefix bench/peers` (or `npm run bench -- peers --install`)');
      return;
    }
    const out = join(dir, 'peers');
    const r = await bench(['peers', '--data', data, '--k', '1,5', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const rec = record<PeersResults>(out, 'peers');
    const rows = rec.results.systems;
    assert.deepEqual(rows.map((row) => row.key), ['mnemo-hybrid', 'mnemo-vector', 'mem0', 'mcp-memory', 'openmemory']);
    for (const row of rows) {
      if (row.scores) assertFraction(row.scores.recall['5'], `${row.key} recall@5`);
      else assert.equal(typeof row.error, 'string', `${row.key} says why it could not run`);
    }
    assert.ok(rows[2]?.scores, `mem0 ran: ${rows[2]?.error ?? ''}`);
    assert.equal(rows[0]?.ratios?.searchP50, 1);
  });

  it('peers --size times adds and searches of every system at that size, splitting out the embedding', async (t) => {
    if (!existsSync(join(PEERS, 'mem0ai')) || !existsSync(join(PEERS, '@modelcontextprotocol', 'server-memory'))) {
      t.skip('peers not installed: run `npm install --prefix bench/peers` (or `npm run bench -- peers --install`)');
      return;
    }
    const out = join(dir, 'peers-size');
    const r = await bench(['peers', '--size', '120', '--queries', '4', '--singles', '3', '--data', data, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const rec = record<PeersAtSizeResults>(out, 'peers-size');
    assert.equal(rec.results.size, 120);
    const rows = rec.results.rows;
    assert.deepEqual(rows.map((row) => row.key), ['mnemo-hybrid', 'mnemo-keyword', 'mnemo-vector', 'mem0', 'mcp-memory']);
    for (const row of rows) {
      assert.equal(row.error, undefined, `${row.key} ran`);
      assert.equal(row.search?.total.n, 4, `${row.key} searched 4 times`);
    }
    assert.equal(rows[0]!.add?.total.n, 3);
    assert.ok(rows[0]!.fill!.memories > 0 && rows[0]!.fill!.memories <= 120);
    assert.equal(rows[3]!.fill!.memories, 120);
    assert.ok(rows[0]!.search?.embed, 'mnemo hybrid embeds its queries');
    assert.equal(rows[1]!.search?.embed, null, 'keyword search embeds nothing');
    assert.ok(rows[3]!.search?.embed, 'mem0 embeds its queries with the shared model');
    assert.equal(rows[4]!.search?.embed, null, 'the MCP memory server has no model');
  });
});
