/**
 * The SQLite store's fast vector path (1-bit code index + exact rescoring, used above
 * FAST_PATH_MIN_VECTORS vectors of a user): the same top results as the exact scan on a
 * fixture, writes from a second connection and a second process seen by the first
 * connection's in-memory index, and deleted, archived and other users' memories never
 * returned; an older file's vectors are copied into the BLOB table on first use.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { normalize } from '../../embedding/embedder.js';
import type { NewMemory } from '../store.js';
import { JsHammingScanner } from './hamming-scan.js';
import { UserCodeIndex } from './sqlite-code-index.js';
import { FAST_PATH_MIN_VECTORS, openSqliteStore } from './sqlite-store.js';
import { rng } from '../../../bench/latency/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-fast-vectors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DIMENSIONS = 256;
/** Users of the fixture get this many vectors: above the fast path's threshold. */
const SIZE = FAST_PATH_MIN_VECTORS + 1000;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const row = (n: number, userId = 'u', extra: Partial<NewMemory> = {}): NewMemory => ({
  id: uuid(n), content: `memory ${n}`, hash: `h${n}`, userId, agentId: null, runId: null, app: 'test', metadata: {}, categories: [], createdAt: 1_000 + n, ...extra,
});

/** Clustered unit vectors (40 centres, noise around each), as text embeddings are. */
function fixture(count: number, seed: number): Float32Array[] {
  const next = rng(seed);
  const centres = Array.from({ length: 40 }, () => Float32Array.from({ length: DIMENSIONS }, () => next() - 0.5));
  return Array.from({ length: count }, (_, i) => {
    const c = centres[i % centres.length]!;
    return normalize(Float32Array.from(c, (x) => x + (next() - 0.5) * 0.6));
  });
}

async function filled(name: string): Promise<{ path: string; vectors: Float32Array[] }> {
  const path = join(dir, `${name}.sqlite`);
  const store = await openSqliteStore({ path });
  await store.resetVectorSpace({ embedderId: 'test:256', dimensions: DIMENSIONS });
  const vectors = fixture(SIZE, 7);
  await store.insertMemories(vectors.map((vector, i) => ({ memory: row(i + 1), vector })));
  await store.close();
  return { path, vectors };
}

describe('SQLite fast vector path', () => {
  it('returns the same top 10 as the exact scan and claims an approximate index', async () => {
    const { path } = await filled('same-top');
    const fast = await openSqliteStore({ path });
    const exact = await openSqliteStore({ path, vectorIndex: 'exact' });
    assert.deepEqual([fast.capabilities.approximateVectorIndex, fast.capabilities.exactVectorSearch], [true, false]);
    assert.deepEqual([exact.capabilities.approximateVectorIndex, exact.capabilities.exactVectorSearch], [false, true]);
    // Queries from the same distribution as the stored vectors (the same seed continued).
    for (const [i, query] of fixture(SIZE + 20, 7).slice(SIZE).entries()) {
      const a = await fast.vectorCandidates(query, { userId: 'u' }, 10);
      const b = await exact.vectorCandidates(query, { userId: 'u' }, 10);
      assert.deepEqual(a.map((h) => h.id), b.map((h) => h.id), `query ${i}`);
      for (const [j, h] of a.entries()) assert.ok(Math.abs(h.score - b[j]!.score) < 1e-6);
    }
    // A filter keeping few rows still finds them all (the fast path widens, then scans).
    const rare = await fast.vectorCandidates(fixture(1, 5)[0]!, { userId: 'u', ids: [uuid(3), uuid(SIZE)] }, 5);
    assert.deepEqual(rare.map((h) => h.id).sort(), [uuid(3), uuid(SIZE)]);
    await fast.close();
    await exact.close();
  });

  it('sees writes from a second connection and a second process; never returns deleted, archived or other users\' memories', async () => {
    const { path, vectors } = await filled('cross');
    const first = await openSqliteStore({ path });
    const query = fixture(1, 1234)[0]!;
    const top = async (filter: Record<string, unknown> = {}) => (await first.vectorCandidates(query, { userId: 'u', ...filter }, 5)).map((h) => h.id);
    const before = await top(); // builds the first connection's index
    assert.equal(before.length, 5);

    const second = await openSqliteStore({ path });
    await second.insertMemories([
      { memory: row(900_001), vector: query },
      { memory: row(900_002, 'v'), vector: query }, // another user's exact match
    ]);
    assert.equal((await top())[0], uuid(900_001), 'a vector written by another connection is found');
    assert.ok(!(await top()).includes(uuid(900_002)), 'another user\'s memory never comes back');

    await second.setState([uuid(900_001)], 'u', 'archived', null, 5_000);
    assert.ok(!(await top()).includes(uuid(900_001)), 'archived: out of the default states');
    assert.equal((await top({ states: ['archived'] }))[0], uuid(900_001), 'and found when archived memories are asked for');
    await second.setState([uuid(900_001)], 'u', 'deleted', null, 6_000);
    assert.ok(!(await top({ states: ['active', 'paused', 'archived', 'deleted'] })).includes(uuid(900_001)), 'deleted: never returned');
    assert.deepEqual(await top(), before);

    // An update of a vector by another process moves that memory next to the query.
    const moved = before[4]!;
    const url = pathToFileURL(join(import.meta.dirname, 'sqlite-store.js')).href;
    const script = `const { openSqliteStore } = await import(${JSON.stringify(url)});
      const s = await openSqliteStore({ path: ${JSON.stringify(path)} });
      const r = await s.getMemory(${JSON.stringify(moved)}, 'u');
      await s.updateMemory(r.id, 'u', { content: 'moved', hash: 'moved', vector: Float32Array.from(${JSON.stringify([...query])}), app: null, at: 7_000 });
      await s.close();`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script]);
    const after = await first.vectorCandidates(query, { userId: 'u' }, 5);
    assert.equal(after[0]!.id, moved, 'a vector replaced by another process is rescored with its new value');
    assert.ok(after[0]!.score > 0.9999);
    assert.ok(vectors.length >= FAST_PATH_MIN_VECTORS);

    // A new space of the same dimension from another connection: the old codes are not used.
    await second.resetVectorSpace({ embedderId: 'other', dimensions: DIMENSIONS });
    await second.putVectors([{ id: uuid(77), vector: query }]);
    assert.deepEqual((await first.vectorCandidates(query, { userId: 'u' }, 5)).map((h) => h.id), [uuid(77)]);
    await second.resetVectorSpace({ embedderId: 'other', dimensions: 3 });
    assert.deepEqual(await first.vectorCandidates(query, { userId: 'u' }, 5), []);
    await second.close();
    await first.close();
  });

  it('copies the vectors of a file made before the BLOB table on first use', async () => {
    const { path } = await filled('backfill');
    const raw = new Database(path);
    raw.exec('UPDATE vector_spaces SET blob_copy = 0; DELETE FROM memory_vectors;');
    raw.close();
    const store = await openSqliteStore({ path });
    const exact = await openSqliteStore({ path, vectorIndex: 'exact' });
    const query = fixture(SIZE + 1, 7)[SIZE]!;
    const hits = await store.vectorCandidates(query, { userId: 'u' }, 10);
    assert.deepEqual(hits.map((h) => h.id), (await exact.vectorCandidates(query, { userId: 'u' }, 10)).map((h) => h.id));
    const sims = await store.vectorSimilarities(query, [hits[0]!.id]);
    assert.ok(Math.abs(sims.get(hits[0]!.id)! - hits[0]!.score) < 1e-6);
    await exact.close();
    await store.close();
    const check = new Database(path, { readonly: true });
    assert.equal(check.prepare('SELECT COUNT(*) FROM memory_vectors WHERE code IS NOT NULL').pluck().get(), SIZE);
    check.close();
  });
});

describe('UserCodeIndex', () => {
  for (const engine of ['wasm', 'js'] as const) it(`selects exactly the nearest codes by Hamming distance, through adds, replacements and removals (${engine} scan)`, () => {
    const next = rng(3);
    const words = 40; // 1,280 bits: more than one popcount fold per code
    const index = new UserCodeIndex(words, engine === 'js' ? new JsHammingScanner(words) : undefined);
    assert.equal(index.engine, engine);
    const codes = new Map<number, Uint32Array>();
    const code = () => Uint32Array.from({ length: words }, () => Math.floor(next() * 2 ** 32));
    for (let seq = 1; seq <= 500; seq++) {
      codes.set(seq, code());
      index.apply(seq, codes.get(seq)!);
    }
    for (let seq = 1; seq <= 500; seq += 3) {
      index.apply(seq, null);
      codes.delete(seq);
    }
    for (let seq = 2; seq <= 500; seq += 7) {
      if (!codes.has(seq)) continue;
      codes.set(seq, code());
      index.apply(seq, codes.get(seq)!);
    }
    assert.equal(index.live, codes.size);
    const hamming = (a: Uint32Array, b: Uint32Array) => a.reduce((n, x, i) => n + [...((x ^ b[i]!) >>> 0).toString(2)].filter((c) => c === '1').length, 0);
    const query = code();
    const byDistance = [...codes].map(([seq, c]) => ({ seq, d: hamming(c, query) })).sort((a, b) => a.d - b.d);
    const got = index.nearest(query, 50);
    assert.equal(got.length, 50);
    const cut = byDistance[49]!.d;
    for (const seq of got) assert.ok(hamming(codes.get(seq)!, query) <= cut, `seq ${seq} is within the 50 nearest`);
    for (const { seq, d } of byDistance) if (d < cut) assert.ok(got.includes(seq), `seq ${seq} (distance ${d}) selected`);
    assert.deepEqual(index.nearest(query, 10_000).sort((a, b) => a - b), [...codes.keys()].sort((a, b) => a - b));
  });
});
