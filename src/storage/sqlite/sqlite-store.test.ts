/**
 * The SQLite store on a real file: pragmas and migrations at open, the FTS5 index kept in
 * sync through insert/update/delete, KNN filtered by scope, and vector spaces replaced
 * rather than mixed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { normalize } from '../../embedding/embedder.js';
import type { NewMemory } from '../store.js';
import { SCHEMA_VERSION } from './sqlite-migrations.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: string, content: string, extra: Partial<NewMemory> = {}): NewMemory => ({
  id, content, hash: id, userId: 'u', agentId: null, runId: null, app: 'test', metadata: {}, categories: [], createdAt: 1_000, ...extra,
});
const vec = (...xs: number[]) => normalize(Float32Array.from(xs));
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('SqliteStore', () => {
  const path = join(dir, 'nested', 'store.sqlite');

  it('creates the file with WAL, foreign keys and the schema version recorded', async () => {
    const store = await openSqliteStore({ path });
    await store.close();
    const db = new Database(path);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>;
    assert.deepEqual(versions.map((v) => v.version), Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    db.close();
    // Reopening applies nothing twice.
    const again = await openSqliteStore({ path });
    assert.equal((await again.stats()).schemaVersion, SCHEMA_VERSION);
    await again.close();
  });

  it('keeps the full-text index in sync with content and state', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    await store.insertMemories([{ memory: row(uuid(1), 'The quick brown fox'), vector: null }, { memory: row(uuid(2), 'A lazy dog sleeps'), vector: null }]);
    /** `q` is one quoted FTS5 term, as the store renders a keyword query. */
    const terms = (q: string) => ({ terms: [q.replaceAll('"', '')] });
    const find = async (q: string) => (await store.keywordCandidates(terms(q), { userId: 'u' }, 10)).map((c) => c.id);
    assert.deepEqual(await find('"fox"'), [uuid(1)]);
    assert.deepEqual(await find('"foxes"'), [uuid(1)], 'porter stemming');
    await store.updateMemory(uuid(1), 'u', { content: 'The quick brown cat', hash: 'h', vector: null, app: null, at: 2_000 });
    assert.deepEqual(await find('"fox"'), []);
    assert.deepEqual(await find('"cat"'), [uuid(1)]);
    await store.setState([uuid(2)], 'u', 'deleted', 'test', 3_000);
    assert.deepEqual(await find('"dog"'), []);
    assert.deepEqual(await store.keywordCandidates(terms('"dog"'), { userId: 'u', states: ['active', 'paused', 'archived'] }, 10), []);
    assert.deepEqual(await find('"cat"'), [uuid(1)], 'other rows untouched');
    await store.close();
  });

  it('passes the FTS5 integrity check after many updates and state changes', async () => {
    const path = join(dir, 'fts-integrity.sqlite');
    const store = await openSqliteStore({ path });
    await store.insertMemories(Array.from({ length: 50 }, (_, i) => ({ memory: row(uuid(i), `note ${i} about apples`), vector: null })));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 50; i++) {
        await store.updateMemory(uuid(i), 'u', { content: `note ${i} round ${round} about pears`, hash: `h${round}-${i}`, vector: null, app: null, at: 2_000 + round });
        if (i % 3 === 0) await store.setState([uuid(i)], 'u', round % 2 ? 'active' : 'archived', 'test', 3_000 + round);
      }
    }
    await store.setState([uuid(1), uuid(2)], 'u', 'deleted', 'test', 9_000);
    await store.close();
    const db = new Database(path);
    // FTS5 'integrity-check' throws SQLITE_CORRUPT_VTAB when the index is inconsistent.
    db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run();
    const hits = db.prepare("SELECT COUNT(*) AS n FROM memories_fts WHERE memories_fts MATCH 'pears'").get() as { n: number };
    assert.equal(hits.n, 48, 'every non-deleted memory indexed once, with its latest text');
    db.close();
  });

  it('filters vector neighbours by scope and widens k until enough pass the filter', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    await store.resetVectorSpace({ embedderId: 'test:3', dimensions: 3 });
    const rows = [];
    // More vectors than sqlite-vec's largest k (4096), the rare one farthest away: the
    // widening KNN cannot reach it and the exact scan must.
    for (let i = 0; i < 5000; i++) {
      rows.push({ memory: row(uuid(i), `m${i}`, { agentId: i === 4999 ? 'rare' : 'common' }), vector: vec(1, i / 500, 0) });
    }
    rows.push({ memory: row(uuid(999_999), 'other user', { userId: 'v' }), vector: vec(1, 0, 0) });
    await store.insertMemories(rows);
    const top = await store.vectorCandidates(vec(1, 0, 0), { userId: 'u' }, 3);
    assert.deepEqual(top.map((c) => c.id), [uuid(0), uuid(1), uuid(2)]);
    assert.ok(top[0]!.score > 0.999);
    const rare = await store.vectorCandidates(vec(1, 0, 0), { userId: 'u', agentId: 'rare' }, 3);
    assert.deepEqual(rare.map((c) => c.id), [uuid(4999)], 'found past the largest k');
    const near = await store.vectorSimilarities(vec(1, 0, 0), [uuid(0), uuid(4999), uuid(123_456)]);
    assert.ok(near.get(uuid(0))! > 0.999 && near.get(uuid(4999))! < near.get(uuid(0))!);
    assert.equal(near.has(uuid(123_456)), false, 'unknown ids are absent');
    assert.ok(!(await store.vectorCandidates(vec(1, 0, 0), { userId: 'u' }, 400)).some((c) => c.id === uuid(999_999)));
    await store.close();
  });

  it('replaces the vector space instead of mixing dimensions', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    await store.resetVectorSpace({ embedderId: 'a:2', dimensions: 2 });
    await store.insertMemories([{ memory: row(uuid(1), 'x'), vector: vec(1, 0) }]);
    assert.equal((await store.stats()).vectors, 1);
    await store.resetVectorSpace({ embedderId: 'b:4', dimensions: 4 });
    const stats = await store.stats();
    assert.deepEqual(stats.vectorSpace, { embedderId: 'b:4', dimensions: 4 });
    assert.equal(stats.vectors, 0);
    assert.equal(stats.missingVectors, 1);
    assert.deepEqual(await store.vectorCandidates(vec(1, 0), { userId: 'u' }, 5), [], 'a 2-d query finds nothing in a 4-d space');
    await store.close();
  });

  it('reports vectors unavailable when sqlite-vec cannot load', async () => {
    const store = await openSqliteStore({ path: ':memory:', sqliteVecPath: join(dir, 'missing.so') });
    assert.equal(store.capabilities.vectorSearch, false);
    assert.match(store.capabilities.vectorUnavailableReason ?? '', /sqlite-vec failed to load/);
    await assert.rejects(store.vectorCandidates(vec(1), { userId: 'u' }, 1), { code: 'UNAVAILABLE' });
    await store.close();
  });
});
