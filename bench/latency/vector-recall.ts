/**
 * The store's vector path measured on its own: `vectorCandidates` as the store serves it
 * (the fast quantised path where it applies) against the exact scan of the same file
 * (`openSqliteStore({ vectorIndex: 'exact' })`), on the benchmark's query vectors.
 *
 * Recall@k = |fast top-k ∩ exact top-k| / |exact top-k|, averaged over queries. Times are
 * one `vectorCandidates` call at the search path's candidate depth (50), milliseconds,
 * the first call of each store (which loads its in-memory index) excluded and reported
 * apart as `firstCallMs`. On a build without the fast path the option is ignored, both
 * sides are the same exact scan and recall is 1.
 */
import type { Vector } from '../../src/index.js';
import { openSqliteStore } from '../../src/index.js';
import type { SqliteStoreOptions } from '../../src/storage/sqlite/sqlite-store.js';
import { type LatencySummary, summarize } from '../report/stats.js';

/** Candidate depth the search path asks the vector side for (engine/search-path.ts CANDIDATE_DEPTH). */
const DEPTH = 50;

/** What {@link measureVectorPath} reports. */
export interface VectorPathResult {
  /** Mean recall@10 of the store's default path against the exact scan, in [0, 1]. */
  recallAt10: number;
  /** Mean recall@50 (the fusion depth). */
  recallAt50: number;
  /** `vectorCandidates(limit 50)` of the default path, ms (first call excluded). */
  fastMs: LatencySummary;
  /** The same call on the exact scan, ms. */
  exactMs: LatencySummary;
  /** The first call of the default path (builds its in-memory index), ms. */
  firstCallMs: number;
  queries: number;
}

async function timed(store: Awaited<ReturnType<typeof openSqliteStore>>, vectors: Vector[], users: string[]): Promise<{ lists: string[][]; ms: number[]; first: number }> {
  const lists: string[][] = [];
  const ms: number[] = [];
  let first = 0;
  // Warm every user once (its first call builds the index), timing the first of all.
  for (const [i, user] of users.entries()) {
    const t = performance.now();
    await store.vectorCandidates(vectors[0]!, { userId: user }, DEPTH);
    if (i === 0) first = performance.now() - t;
  }
  for (const [i, v] of vectors.entries()) {
    const t = performance.now();
    const hits = await store.vectorCandidates(v, { userId: users[i % users.length]! }, DEPTH);
    ms.push(performance.now() - t);
    lists.push(hits.map((h) => h.id));
  }
  return { lists, ms, first };
}

/**
 * Measures the vector path of the SQLite file at `path` for `vectors` (query `i` is asked
 * as user `users[i % users.length]`).
 */
export async function measureVectorPath(path: string, vectors: Vector[], users: string[]): Promise<VectorPathResult> {
  const exactOptions = { path, vectorIndex: 'exact' } as SqliteStoreOptions;
  const fast = await openSqliteStore({ path });
  const exact = await openSqliteStore(exactOptions);
  try {
    const f = await timed(fast, vectors, users);
    const e = await timed(exact, vectors, users);
    const recall = (k: number) => {
      let sum = 0;
      for (const [i, truth] of e.lists.entries()) {
        const want = truth.slice(0, k);
        const got = new Set(f.lists[i]!.slice(0, k));
        sum += want.length === 0 ? 1 : want.filter((id) => got.has(id)).length / want.length;
      }
      return sum / Math.max(1, e.lists.length);
    };
    return { recallAt10: recall(10), recallAt50: recall(50), fastMs: summarize(f.ms), exactMs: summarize(e.ms), firstCallMs: f.first, queries: vectors.length };
  } finally {
    await fast.close();
    await exact.close();
  }
}
