/**
 * The SQLite store's in-memory keyword index (sqlite-keyword-index.ts, forced on with
 * `keywordIndexMinRows: 0`) on real files: on a one-user file its top 10 ids and scores
 * equal FTS5's `-bm25(memories_fts, 1.0, 0.0)`; MaxScore's top k equals the exhaustive
 * ranking through adds, replacements and removals (compaction included); deleted,
 * archived and other users' memories are never returned; writes from a second
 * connection and from a child process are seen by the first connection's index; the
 * near-duplicate probe (`minShared`) returns what the FTS5 probe returns; a file made
 * before migration 9 gets its change feed numbered on open.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { NewMemory } from '../store.js';
import { fts5Match } from './sqlite-fts.js';
import { UserKeywordIndex } from './sqlite-keyword-index.js';
import { openSqliteStore } from './sqlite-store.js';
import { rng } from '../../../bench/latency/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-keyword-index-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** A Zipf-ish vocabulary: early words common (idf floored at 1e-6 for some), later ones rare; stems collide (run/running/runs). */
const VOCAB = ('caroline melanie said support group running runs run painting paint camping beach children family friend ' +
  'adoption agency counseling mental health charity race pottery class sunset lake guitar violin concert museum ' +
  'photography hiking mountains book novel recipe garden dogs cats horse festival parade wedding career transgender ' +
  'speech school library volunteer shelter ocean surfing bakery bread coffee marathon poem poetry café naïve').split(' ');

/** Texts drawn with a skewed distribution (word i picked with weight 1/(i+1)), 3-30 words, repeats allowed. */
function texts(count: number, seed: number): string[] {
  const next = rng(seed);
  const weights = VOCAB.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const word = () => {
    let x = next() * total;
    for (let i = 0; i < VOCAB.length; i++) if ((x -= weights[i]!) <= 0) return VOCAB[i]!;
    return VOCAB[VOCAB.length - 1]!;
  };
  return Array.from({ length: count }, (_, n) => `${Array.from({ length: 3 + Math.floor(next() * 28) }, word).join(' ')} item${n}`);
}

const row = (n: number, content: string, userId = 'u', extra: Partial<NewMemory> = {}): NewMemory => ({
  id: uuid(n), content, hash: `h${n}`, userId, agentId: null, runId: null, app: 'test', metadata: {}, categories: [], createdAt: 1_000 + n, ...extra,
});

/** Query term sets: one to four words, some common, some rare, some absent, some stem-colliding. */
function queries(count: number, seed: number): string[][] {
  const next = rng(seed);
  const out: string[][] = [['caroline', 'support', 'group'], ['running', 'run', 'runs'], ['naïve', 'cafe'], ['zebra'], ['caroline', 'zebra', 'poetry']];
  while (out.length < count) out.push(Array.from({ length: 1 + Math.floor(next() * 4) }, () => VOCAB[Math.floor(next() * VOCAB.length)]!));
  return out.map((q) => [...new Set(q)]);
}

/**
 * FTS5's own ranking of `terms` (id -> -bm25) over the file's non-deleted rows: a fresh
 * FTS5 table like memories_fts (same tokenizer, same owner column), because a
 * contentless_delete table never lowers its row count and token totals on a delete (read
 * from its averages record: still 1,500 rows after 3 deletions), so its scores drift
 * from the live rows' statistics after deletions until rebuilt.
 */
function fts5Scores(path: string, terms: string[]): Map<string, number> {
  const db = new Database(path, { readonly: true });
  const mem = new Database(':memory:');
  try {
    mem.exec(`CREATE VIRTUAL TABLE f USING fts5(content, owner, tokenize='porter unicode61 remove_diacritics 2'); CREATE TABLE ids(seq INTEGER PRIMARY KEY, id TEXT)`);
    const rows = db.prepare(`SELECT seq, id, content, 'u' || lower(hex(user_id)) FROM memories WHERE state <> 'deleted' ORDER BY seq`).raw().all() as Array<[number, string, string, string]>;
    const insert = mem.prepare('INSERT INTO f(rowid, content, owner) VALUES (?, ?, ?)');
    const id = mem.prepare('INSERT INTO ids VALUES (?, ?)');
    mem.transaction(() => rows.forEach(([seq, memoryId, content, owner]) => { insert.run(seq, content, owner); id.run(seq, memoryId); }))();
    return new Map((mem.prepare(`SELECT ids.id, -bm25(f, 1.0, 0.0) FROM f JOIN ids ON ids.seq = f.rowid
      WHERE f MATCH ? ORDER BY bm25(f, 1.0, 0.0)`).raw().all(`content : (${fts5Match({ terms })})`) as Array<[string, number]>));
  } finally {
    mem.close();
    db.close();
  }
}

describe('SQLite keyword index', () => {
  it('ranks a one-user file with exactly FTS5 bm25 scores, before and after changes', async () => {
    const path = join(dir, 'scores.db');
    const store = await openSqliteStore({ path, keywordIndexMinRows: 0, disableVectors: true });
    await store.insertMemories(texts(1500, 1).map((t, i) => ({ memory: row(i, t), vector: null })));
    const check = async () => {
      for (const terms of queries(60, 2)) {
        const got = await store.keywordCandidates({ terms }, { userId: 'u', states: ['active', 'paused', 'archived'] }, 10);
        const want = fts5Scores(path, terms);
        const wantTop = [...want.values()].slice(0, 10);
        assert.equal(got.length, wantTop.length, `${terms}: result count`);
        got.forEach((c, i) => {
          const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
          assert.ok(rel(c.score, wantTop[i]!) < 1e-6, `${terms} #${i}: score ${c.score} vs FTS5 ${wantTop[i]}`);
          assert.ok(want.has(c.id) && rel(c.score, want.get(c.id)!) < 1e-6, `${terms} #${i}: ${c.id} scored as FTS5 scores it`);
        });
      }
    };
    await check();
    // Deletions, archiving (still indexed: FTS5 keeps archived rows), an edit.
    await store.setState([uuid(3), uuid(4), uuid(5)], 'u', 'deleted', null, 9_000);
    await store.setState([uuid(6)], 'u', 'archived', null, 9_000);
    await store.updateMemory(uuid(7), 'u', { content: 'caroline caroline support poetry', hash: 'e7', app: null, at: 9_001 });
    await check();
    await store.close();
  });

  it('finds the exact top k with MaxScore through adds, replacements and removals', () => {
    const index = new UserKeywordIndex();
    const corpus = texts(3000, 5);
    corpus.forEach((t, i) => index.apply(i + 1, t));
    const next = rng(6);
    // Enough removals and replacements to compact the slots more than once.
    for (let round = 0; round < 3; round++) {
      for (let seq = 1; seq <= 3000; seq++) {
        const x = next();
        if (x < 0.3) index.apply(seq, null);
        else if (x < 0.6) index.apply(seq, corpus[Math.floor(next() * corpus.length)]!);
      }
    }
    for (const terms of queries(80, 7)) {
      const all = index.top(terms, 1_000_000)!;
      for (const k of [1, 10, 50]) {
        const got = index.top(terms, k)!;
        assert.equal(got.length, Math.min(k, all.length));
        got.forEach((h, i) => assert.ok(Math.abs(h.score - all[i]!.score) <= 1e-12 * all[i]!.score, `${terms} k=${k} #${i}`));
      }
    }
  });

  it('never returns deleted, archived (when not asked) or other users\' memories, and applies filters', async () => {
    const path = join(dir, 'filters.db');
    const store = await openSqliteStore({ path, keywordIndexMinRows: 0, disableVectors: true });
    const base = texts(600, 9);
    await store.insertMemories([
      ...base.map((t, i) => ({ memory: row(i, t, 'u', { app: i % 3 === 0 ? 'a' : 'b' }), vector: null })),
      ...Array.from({ length: 50 }, (_, i) => ({ memory: row(10_000 + i, 'zebra zebra zebra caroline', 'other'), vector: null })),
      ...Array.from({ length: 20 }, (_, i) => ({ memory: row(20_000 + i, `zebra zebra zebra gone ${i}`, 'u'), vector: null })),
    ]);
    const gone = Array.from({ length: 10 }, (_, i) => uuid(20_000 + i));
    const shelved = Array.from({ length: 10 }, (_, i) => uuid(20_010 + i));
    assert.equal((await store.keywordCandidates({ terms: ['zebra'] }, { userId: 'u' }, 50)).length, 20);
    await store.setState(gone, 'u', 'deleted', null, 9_000);
    await store.setState(shelved, 'u', 'archived', null, 9_000);
    const active = await store.keywordCandidates({ terms: ['zebra', 'caroline'] }, { userId: 'u', states: ['active'] }, 100);
    assert.ok(active.length > 0);
    for (const c of active) {
      assert.ok(!gone.includes(c.id) && !shelved.includes(c.id), `${c.id} is active and the user's`);
      assert.ok(Number(c.id.slice(-12)) < 10_000, `${c.id} is user u's`);
    }
    const withArchived = await store.keywordCandidates({ terms: ['zebra'] }, { userId: 'u', states: ['active', 'archived'] }, 100);
    assert.deepEqual(new Set(withArchived.map((c) => c.id)), new Set(shelved));
    const everything = await store.keywordCandidates({ terms: ['zebra'] }, { userId: 'u', states: ['active', 'paused', 'archived', 'deleted'] }, 100);
    assert.ok(everything.every((c) => !gone.includes(c.id)), 'deleted rows are out of the index');
    // A selective filter (app 'a', one row in three): only its rows, best first, as many as asked.
    const onlyA = await store.keywordCandidates({ terms: ['caroline', 'melanie'] }, { userId: 'u', app: 'a' }, 30);
    const all = await store.keywordCandidates({ terms: ['caroline', 'melanie'] }, { userId: 'u' }, 1000);
    const appA = new Set(base.flatMap((_, i) => (i % 3 === 0 ? [uuid(i)] : [])));
    assert.deepEqual(onlyA.map((c) => c.id), all.filter((c) => appA.has(c.id)).slice(0, 30).map((c) => c.id));
    // The other user is below no threshold here either: its own index, its own rows.
    const other = await store.keywordCandidates({ terms: ['zebra'] }, { userId: 'other' }, 100);
    assert.equal(other.length, 50);
    await store.close();
  });

  it('sees writes of a second connection and of another process', async () => {
    const path = join(dir, 'sync.db');
    const first = await openSqliteStore({ path, keywordIndexMinRows: 0, disableVectors: true });
    await first.insertMemories(texts(500, 11).map((t, i) => ({ memory: row(i, t), vector: null })));
    const top = async (terms: string[]) => (await first.keywordCandidates({ terms }, { userId: 'u' }, 5)).map((c) => c.id);
    assert.deepEqual(await top(['okapi']), []);
    const second = await openSqliteStore({ path, keywordIndexMinRows: 0, disableVectors: true });
    await second.insertMemories([{ memory: row(900, 'okapi okapi sighting at the zoo'), vector: null }]);
    assert.deepEqual(await top(['okapi']), [uuid(900)], 'an insert by another connection');
    await second.updateMemory(uuid(1), 'u', { content: 'okapi okapi okapi okapi', hash: 'e1', app: null, at: 5_000 });
    assert.deepEqual(await top(['okapi']), [uuid(1), uuid(900)], 'an edit by another connection');
    await second.setState([uuid(900)], 'u', 'deleted', null, 5_001);
    assert.deepEqual(await top(['okapi']), [uuid(1)], 'a deletion by another connection');
    await second.close();
    const url = pathToFileURL(join(import.meta.dirname, 'sqlite-store.js')).href;
    const script = `const { openSqliteStore } = await import(${JSON.stringify(url)});
      const s = await openSqliteStore({ path: ${JSON.stringify(path)}, disableVectors: true });
      await s.insertMemories([{ memory: { id: ${JSON.stringify(uuid(901))}, content: 'okapi okapi okapi okapi okapi okapi', hash: 'p', userId: 'u', agentId: null, runId: null, app: 'p', metadata: {}, categories: [], createdAt: 6000 }, vector: null }]);
      await s.updateMemory(${JSON.stringify(uuid(1))}, 'u', { content: 'nothing here now', hash: 'e1b', app: null, at: 6001 });
      await s.close();`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script]);
    assert.deepEqual(await top(['okapi']), [uuid(901)], 'an insert and an edit by another process');
    // A memory moved to another user by hand (SQL) leaves this user's index.
    const raw = new Database(path);
    raw.prepare("UPDATE memories SET user_id = 'someone' WHERE id = ?").run(uuid(901));
    raw.close();
    assert.deepEqual(await top(['okapi']), [], 'a row moved to another user');
    await first.close();
  });

  it('builds a large user\'s index in steps while FTS5 answers, writes in between included', async () => {
    const path = join(dir, 'steps.db');
    const store = await openSqliteStore({ path, disableVectors: true, keywordIndexMinRows: 0 });
    const corpus = texts(12_500, 21); // above the 10k rows indexed at once
    for (let i = 0; i < corpus.length; i += 2500) {
      await store.insertMemories(corpus.slice(i, i + 2500).map((t, j) => ({ memory: row(i + j, t), vector: null })));
    }
    const fts = await openSqliteStore({ path, disableVectors: true, keywordIndex: 'fts' });
    const building = (): boolean => (store as unknown as { keywords: { builds: Map<string, unknown> } }).keywords.builds.has('u');
    const terms = ['guitar', 'violin', 'okapi'];
    // The first search starts the build and is answered by FTS5 (same ranking, one user).
    const first = await store.keywordCandidates({ terms }, { userId: 'u' }, 10);
    assert.ok(building(), 'a build is in progress');
    assert.deepEqual(first, await fts.keywordCandidates({ terms }, { userId: 'u' }, 10));
    // Writes while it builds: an early row edited (already read), a late row deleted (not yet read), a new row.
    await fts.updateMemory(uuid(2), 'u', { content: 'okapi okapi okapi okapi', hash: 'e2', app: null, at: 50_000 });
    await fts.setState([uuid(12_400)], 'u', 'deleted', null, 50_001);
    await fts.insertMemories([{ memory: row(20_000, 'okapi okapi guitar'), vector: null }]);
    await store.keywordIndexReady('u');
    assert.ok(!building(), 'the build finished on idle turns');
    const scores = fts5Scores(path, terms);
    const got = await store.keywordCandidates({ terms }, { userId: 'u', states: ['active', 'paused', 'archived'] }, 10);
    assert.deepEqual(new Set(got.slice(0, 2).map((c) => c.id)), new Set([uuid(2), uuid(20_000)]), 'the okapi rows written during the build');
    assert.ok(!got.some((c) => c.id === uuid(12_400)), 'the row deleted during the build');
    got.forEach((c, i) => assert.ok(Math.abs(c.score - [...scores.values()][i]!) < 1e-6 * c.score, `#${i} scored as FTS5 over the live rows`));
    // A caller that never yields to the event loop: the next search past 200 ms finishes the build.
    const looping = await openSqliteStore({ path, disableVectors: true, keywordIndexMinRows: 0 });
    const cache = (looping as unknown as { keywords: { builds: Map<string, unknown>; users: Map<string, unknown> } }).keywords;
    await looping.keywordCandidates({ terms }, { userId: 'u' }, 10);
    assert.ok(cache.builds.has('u'));
    for (const end = performance.now() + 250; performance.now() < end;); // no idle turn
    assert.deepEqual(await looping.keywordCandidates({ terms }, { userId: 'u', states: ['active', 'paused', 'archived'] }, 10), got);
    assert.ok(!cache.builds.has('u') && cache.users.get('u') !== undefined, 'built by the search');
    await looping.close();
    await fts.close();
    await store.close();
  });

  it('numbers the rows of a file made before migration 9 and searches them', async () => {
    const path = join(dir, 'backfill.db');
    const store = await openSqliteStore({ path, disableVectors: true });
    await store.insertMemories([
      ...texts(300, 15).map((t, i) => ({ memory: row(i, t), vector: null })),
      ...texts(50, 16).map((t, i) => ({ memory: row(1_000 + i, t, 'v'), vector: null })),
    ]);
    await store.setState([uuid(1)], 'u', 'deleted', null, 9_000);
    await store.close();
    const raw = new Database(path);
    raw.exec(`DROP TRIGGER memory_text_versions_insert; DROP TRIGGER memory_text_versions_update; DROP TRIGGER memory_text_versions_delete;
      DROP TABLE memory_text_versions; DELETE FROM schema_migrations WHERE version >= 9; PRAGMA user_version = 8;`);
    raw.close();
    const indexed = await openSqliteStore({ path, disableVectors: true, keywordIndexMinRows: 0 });
    const fts = await openSqliteStore({ path, disableVectors: true, keywordIndex: 'fts' });
    const check = new Database(path, { readonly: true });
    assert.deepEqual(check.prepare('SELECT user_id, COUNT(*), MAX(version) FROM memory_text_versions GROUP BY user_id ORDER BY user_id').raw().all(), [['u', 299, 299], ['v', 50, 50]]);
    check.close();
    for (const terms of queries(20, 17)) {
      // Two users: IDF differs (per user vs the whole file), so compare the sets of matches.
      const a = await indexed.keywordCandidates({ terms }, { userId: 'u' }, 1000);
      const b = await fts.keywordCandidates({ terms }, { userId: 'u' }, 1000);
      assert.deepEqual(new Set(a.map((c) => c.id)), new Set(b.map((c) => c.id)), terms.join(' '));
    }
    await fts.close();
    await indexed.close();
  });

  it('answers the near-duplicate probe as the FTS5 probe does', async () => {
    const path = join(dir, 'probe.db');
    const indexed = await openSqliteStore({ path, keywordIndexMinRows: 0, disableVectors: true });
    const fts = await openSqliteStore({ path, keywordIndex: 'fts', disableVectors: true });
    const corpus = texts(1200, 13);
    await indexed.insertMemories(corpus.map((t, i) => ({ memory: row(i, t), vector: null })));
    const next = rng(14);
    let nonEmpty = 0;
    for (let q = 0; q < 40; q++) {
      // Restatements of stored texts (most words kept) and random word sets.
      const source = corpus[Math.floor(next() * corpus.length)]!.split(' ');
      const words = q % 2 === 0 ? source.filter(() => next() < 0.85) : Array.from({ length: 6 }, () => VOCAB[Math.floor(next() * VOCAB.length)]!);
      const terms = [...new Set(words)];
      if (terms.length === 0) continue;
      for (const minShared of [Math.max(1, terms.length - 2), Math.ceil(terms.length * 0.6)]) {
        const a = await indexed.keywordCandidates({ terms, minShared }, { userId: 'u' }, 20);
        const b = await fts.keywordCandidates({ terms, minShared }, { userId: 'u' }, 20);
        assert.deepEqual(a, b, `${terms.join(' ')} minShared ${minShared}`);
        if (a.length > 0) nonEmpty++;
      }
    }
    assert.ok(nonEmpty >= 20, `probes with results: ${nonEmpty}`);
    await fts.close();
    await indexed.close();
  });
});
