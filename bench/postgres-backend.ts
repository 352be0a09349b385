#!/usr/bin/env node
/**
 * What the PostgreSQL backend costs next to SQLite, in one run on one machine:
 * - latency at N memories (default 10,000, one user, the latency corpus): single adds
 *   through `Memory.add`, and searches per mode through `Memory.search`, p50/p95 ms;
 *   SQLite (file) beside PostgreSQL (the server at `--url`, keyword only when it lacks
 *   pgvector) and, with `--pglite`, PGlite + pgvector over pglite-socket (vectors, HNSW);
 * - vector modes use a deterministic bag-of-words embedder (256-d hashed word counts)
 *   so the figures measure storage and ranking, not a model; with vectors, the HNSW
 *   candidates' recall@10 against an exact scan of the same vectors;
 * - LoCoMo (dev split) evidence recall in keyword mode: SQLite's BM25 beside
 *   PostgreSQL's ts_rank.
 * The fill uses `store.insertMemories` in batches of 500 (both backends alike); what is
 * timed goes through the SDK. Writes `bench/results/postgres-<stamp>.json`.
 *
 * Usage: `node dist/bench/postgres-backend.js --url postgres://user:pw@127.0.0.1/db
 *   [--size 10000] [--queries 100] [--adds 100] [--pglite] [--no-locomo] [--out dir]`.
 * PGlite (WASM, one connection) is for checking pgvector, not for speed: at 10,000
 * memories with HNSW it aborted here (WASM `unreachable`), so run it at a smaller `--size`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { redactUrl } from '../src/config/database-url.js';
import type { Embedder, Vector } from '../src/embedding/embedder.js';
import { normalize } from '../src/embedding/embedder.js';
import { Memory } from '../src/engine/memory.js';
import { openPostgresStore } from '../src/storage/postgres/postgres-store.js';
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { MemoryStore } from '../src/storage/store.js';
import { pgliteUrl, stopPglite } from '../test/support/postgres-servers.js';
import { buildCorpus } from './latency/corpus.js';
import { defaultLocomoPath, loadLocomo } from './locomo/locomo-dataset.js';
import { ingestLocomo, scoreLocomo } from './locomo/locomo-eval.js';
import { defaultResultsDir } from './paths.js';
import { machineInfo, writeResult } from './report/results.js';
import { type LatencySummary, summarize } from './report/stats.js';
import { mnemoSystem } from './systems/mnemo-system.js';

/** Dimensions of the bench embedder: small enough for fast HNSW builds, enough buckets to separate the corpus's words. */
const DIMS = 256;

/** A deterministic embedder: lower-cased words hashed into {@link DIMS} buckets, L2-normalised. */
const bagOfWords: Embedder = {
  id: `bench:bag-of-words-${DIMS}`,
  dimensions: DIMS,
  async embed(texts: string[]): Promise<Vector[]> {
    return texts.map((t) => {
      const v = new Float32Array(DIMS);
      for (const w of t.toLowerCase().match(/[a-z0-9]+/g) ?? []) v[createHash('md5').update(w).digest().readUInt16LE(0) % DIMS]! += 1;
      if (v.every((x) => x === 0)) v[0] = 1;
      return normalize(v);
    });
  },
};

interface BackendResult {
  backend: string;
  keywordScore: string;
  vectorSearch: boolean;
  fillMs: number;
  addSingle: LatencySummary;
  search: Record<string, LatencySummary>;
  /** HNSW (or exact) candidates' recall@10 against an exact scan; `null` without vectors or when the store is exact. */
  vectorRecallAt10: number | null;
  locomoKeyword: { recallAt5: number; recallAt10: number; searchMs: LatencySummary } | null;
}

async function measure(name: string, open: () => Promise<MemoryStore>, size: number, queries: string[], adds: number, locomo: string | null): Promise<BackendResult> {
  const store = await open();
  const vectors = store.capabilities.vectorSearch;
  const memory = new Memory({ store, embedder: vectors ? bagOfWords : null, dedupe: { enabled: false } });
  try {
    const corpus = buildCorpus(size + adds, 0, 'bench', null);
    const fill = corpus.items.slice(0, size);
    if (vectors) await store.resetVectorSpace({ embedderId: bagOfWords.id, dimensions: DIMS });
    const t0 = performance.now();
    for (let i = 0; i < fill.length; i += 500) {
      const batch = fill.slice(i, i + 500);
      const vecs = vectors ? await bagOfWords.embed(batch.map((b) => b.text)) : [];
      await store.insertMemories(batch.map((b, j) => ({
        memory: {
          id: crypto.randomUUID(), content: b.text, hash: createHash('sha256').update(b.text).digest('hex'), userId: 'bench', agentId: null, runId: null,
          app: 'bench', metadata: {}, categories: [], createdAt: Date.UTC(2024, 0, 1) + i + j,
        },
        vector: vecs[j] ?? null,
      })));
    }
    const fillMs = performance.now() - t0;
    const addTimes: number[] = [];
    for (const item of corpus.items.slice(size)) {
      const s = performance.now();
      await memory.add(item.text, { userId: 'bench' });
      addTimes.push(performance.now() - s);
    }
    const search: Record<string, LatencySummary> = {};
    for (const mode of vectors ? ['keyword', 'vector', 'hybrid'] as const : ['keyword'] as const) {
      const times: number[] = [];
      for (const q of queries) {
        const s = performance.now();
        await memory.search(q, { userId: 'bench', limit: 10, mode });
        times.push(performance.now() - s);
      }
      search[mode] = summarize(times);
    }
    let vectorRecallAt10: number | null = null;
    if (vectors && store.capabilities.approximateVectorIndex) {
      let hit = 0;
      let total = 0;
      for (const q of queries.slice(0, 50)) {
        const [v] = await bagOfWords.embed([q]);
        const approx = new Set((await store.vectorCandidates(v!, { userId: 'bench' }, 10)).map((c) => c.id));
        // Exact top 10: similarities of every memory (ids of the user), sorted.
        const ids = await store.listIds({ userId: 'bench' });
        const sims = await store.vectorSimilarities(v!, ids);
        const exact = [...sims.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id]) => id);
        hit += exact.filter((id) => approx.has(id)).length;
        total += exact.length;
      }
      vectorRecallAt10 = total === 0 ? null : hit / total;
    }
    let locomoKeyword: BackendResult['locomoKeyword'] = null;
    if (locomo) {
      const conversations = loadLocomo(locomo);
      const view = mnemoSystem(memory, 'keyword');
      await ingestLocomo(view, conversations, 'batch');
      const scores = await scoreLocomo(view, conversations, [5, 10]);
      const recall = scores.recall as Record<string, number>;
      locomoKeyword = { recallAt5: recall['5'] ?? NaN, recallAt10: recall['10'] ?? NaN, searchMs: scores.searchMs };
    }
    const result = {
      backend: name, keywordScore: store.capabilities.keywordScore, vectorSearch: vectors, fillMs, addSingle: summarize(addTimes), search, vectorRecallAt10, locomoKeyword,
    };
    const f = (s: LatencySummary) => `p50 ${s.p50.toFixed(2)} / p95 ${s.p95.toFixed(2)} ms`;
    console.log(`${name}: fill ${size} in ${(fillMs / 1000).toFixed(1)} s; add ${f(result.addSingle)}; ${Object.entries(search).map(([m, s]) => `${m} ${f(s)}`).join('; ')}`
      + `${vectorRecallAt10 === null ? '' : `; HNSW recall@10 ${(vectorRecallAt10 * 100).toFixed(1)}%`}`
      + `${locomoKeyword ? `; LoCoMo keyword recall@5 ${(locomoKeyword.recallAt5 * 100).toFixed(1)}% @10 ${(locomoKeyword.recallAt10 * 100).toFixed(1)}%` : ''}`);
    return result;
  } finally {
    await memory.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' }, size: { type: 'string', default: '10000' }, queries: { type: 'string', default: '100' },
      adds: { type: 'string', default: '100' }, pglite: { type: 'boolean', default: false }, out: { type: 'string', default: defaultResultsDir() },
      locomo: { type: 'string', default: defaultLocomoPath() }, 'no-locomo': { type: 'boolean', default: false },
    },
  });
  const size = Number(values.size);
  const adds = Number(values.adds);
  const queries = buildCorpus(10, Number(values.queries), 'bench', null).queries;
  const locomo = values['no-locomo'] ? null : values.locomo!;
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-pg-bench-'));
  const results: BackendResult[] = [];
  try {
    results.push(await measure('sqlite', () => openSqliteStore({ path: join(dir, 'bench.sqlite') }), size, queries, adds, locomo));
    if (values.url) {
      const u = new URL(values.url);
      u.searchParams.set('schema', `bench_${Date.now().toString(36)}`);
      try {
        results.push(await measure('postgres', () => openPostgresStore({ url: u.toString() }), size, queries, adds, locomo));
      } finally {
        const { openPool } = await import('../src/storage/postgres/postgres-db.js');
        const { pool, db } = await openPool({ url: values.url });
        await db.exec(`DROP SCHEMA IF EXISTS "${u.searchParams.get('schema')}" CASCADE`);
        await pool.end();
      }
    }
    if (values.pglite) {
      results.push(await measure('pglite+pgvector', async () => openPostgresStore({ url: `${await pgliteUrl()}&schema=bench`, poolMax: 1 }), size, queries, adds, locomo));
    }
  } finally {
    await stopPglite();
    rmSync(dir, { recursive: true, force: true });
  }
  const path = writeResult(resolve(values.out!), {
    command: 'postgres',
    startedAt,
    durationSeconds: (performance.now() - t0) / 1000,
    machine: machineInfo(),
    options: { ...values, url: values.url ? redactUrl(values.url) : null },
    results,
    plots: [],
  });
  console.log(`wrote ${path}`);
}

await main();
