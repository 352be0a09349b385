/**
 * `node dist/bench/latency/vector-threshold.js [sizes] [queries]`: the measurement behind
 * the SQLite store's fast-vector-path constants (sqlite-store.ts FAST_PATH_MIN_VECTORS,
 * CANDIDATES_PER_RESULT, MIN_CANDIDATES). For each size (one user, filled with the fast
 * bag-of-words embedder of fast-fill.ts over the latency corpus, LoCoMo sentences when the
 * file is present) it times the exact scan and the code index's candidates + rescoring at
 * several candidate counts: `cC` keys are C Hamming candidates rescored exactly, `cCrR`
 * keys C Hamming candidates of which the R best by the asymmetric estimate
 * `<q, sign(x)>` (sign-rerank.ts) are rescored exactly; `...IndexP50Ms` is the in-memory
 * part alone, `engine` 1 when the Hamming scan ran in WebAssembly. It reports
 * recall@10/@50 against the exact scan (limit 50, the search path's depth). Prints one
 * JSON row per size and writes `vector-threshold-<stamp>.json`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UserCodeIndex } from '../../src/storage/sqlite/sqlite-code-index.js';
import { codeOf, rescore } from '../../src/storage/sqlite/sqlite-vector-blobs.js';
import { knn, loadSqliteVec, readActiveSpace } from '../../src/storage/sqlite/sqlite-vector-index.js';
import { defaultLocomoPath } from '../locomo/locomo-dataset.js';
import { defaultResultsDir } from '../paths.js';
import { machineInfo, writeResult } from '../report/results.js';
import { buildCorpus } from './corpus.js';
import { fastFill, wordsEmbedder } from './fast-fill.js';

const LIMIT = 50;
/** First-stage (Hamming) counts, each measured with the rescored counts of {@link RESCORED} at or below it (the same count: no second stage). */
const CANDIDATES = [400, 800, 1600, 3200];
/** Second-stage survivors (by `<q, sign(x)>`) sent to the exact SQL rescoring. */
const RESCORED = [100, 150, 200, 300, 400, 800];

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '1000,2000,5000,10000,100000').split(',').map(Number);
  const queryCount = Number(process.argv[3] ?? 200);
  const data = existsSync(defaultLocomoPath()) ? defaultLocomoPath() : null;
  const embedder = wordsEmbedder();
  const rows: Array<Record<string, number>> = [];
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'mnemo-vthreshold-'));
    try {
      const corpus = buildCorpus(size, queryCount, 'u', data, size);
      const path = join(dir, 'v.sqlite');
      await fastFill(path, corpus.items.map((it) => ({ text: it.text, userId: 'u', itemId: it.itemId, at: it.timestamp ?? 0 })), embedder, () => {});
      const db = new Database(path, { readonly: true });
      db.pragma('mmap_size = 1073741824'); // as the store opens a plaintext file
      const vecError = await loadSqliteVec(db);
      if (vecError) throw new Error(vecError);
      const space = readActiveSpace(db)!;
      const where = { sql: `m.user_id = ? AND m.state IN ('active')`, params: ['u'] };
      const queries = await embedder.embed(corpus.queries);
      const loadStart = performance.now();
      const index = new UserCodeIndex(16);
      for (const [seq, code] of db.prepare('SELECT seq, code FROM memory_vectors WHERE user_id = ? AND code IS NOT NULL').raw().iterate('u') as Iterable<[number, Buffer]>) index.apply(seq, codeOf(code));
      const loadMs = performance.now() - loadStart;
      const exactMs: number[] = [];
      // Truth: every vector's cosine (a full scan in SQL). Exact path timed: vec0 KNN, as the store's exact path.
      const truth = queries.map((q) => {
        const t = performance.now();
        knn(db, space, q, 'u', LIMIT);
        exactMs.push(performance.now() - t);
        return (db.prepare(`SELECT m.id FROM memories m JOIN memory_vectors v ON v.seq = m.seq WHERE m.user_id = 'u'
          ORDER BY vec_distance_cosine(v.embedding, ?) LIMIT ?`).pluck().all(Buffer.from(q.buffer, q.byteOffset, q.byteLength), LIMIT) as string[]);
      });
      const row: Record<string, number> = { size, loadMs, exactP50Ms: p50(exactMs) };
      row.engine = index.engine === 'wasm' ? 1 : 0;
      for (const c of CANDIDATES) {
        if (c * 4 > size) continue;
        for (const r of RESCORED.filter((x) => x <= c)) {
          const ms: number[] = [];
          const firstMs: number[] = [];
          let r10 = 0;
          let r50 = 0;
          for (const [i, q] of queries.entries()) {
            const t = performance.now();
            const seqs = index.candidates(q, c, r);
            firstMs.push(performance.now() - t);
            const hits = rescore(db, q, seqs, where, LIMIT).map((h) => h.id);
            ms.push(performance.now() - t);
            const got = new Set(hits);
            r10 += truth[i]!.slice(0, 10).filter((id) => got.has(id)).length / Math.max(1, Math.min(10, truth[i]!.length));
            r50 += truth[i]!.filter((id) => got.has(id)).length / Math.max(1, truth[i]!.length);
          }
          const key = r === c ? `c${c}` : `c${c}r${r}`;
          row[`${key}P50Ms`] = p50(ms);
          row[`${key}IndexP50Ms`] = p50(firstMs);
          row[`${key}Recall10`] = r10 / queries.length;
          row[`${key}Recall50`] = r50 / queries.length;
        }
      }
      db.close();
      rows.push(row);
      console.log(JSON.stringify(row));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const path = writeResult(defaultResultsDir(), {
    command: 'vector-threshold', startedAt: new Date().toISOString(), durationSeconds: 0, machine: machineInfo(),
    options: { sizes, queries: queryCount, limit: LIMIT, candidates: CANDIDATES, rescored: RESCORED, embedder: embedder.id, text: data ? 'locomo' : 'generated' }, results: rows, plots: [],
  });
  console.log(`wrote ${path}`);
}

await main();
