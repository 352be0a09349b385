/**
 * The SQLite store's issue-15 paths on a real file: keyword candidates ranked on the FTS
 * table alone give exactly what ranking only the filtered rows gives (also when the
 * filter removes most of the top hits), the near-duplicate probe (`minShared`) finds a
 * memory among thousands sharing its words, and buffered access-log entries reach the
 * file: before any read of the log, within the delay, on close, and for another process.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { MemoryFilter, NewMemory } from '../store.js';
import { fts5Match } from './sqlite-fts.js';
import { filterToSql } from './sqlite-filter.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-scale-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const WORDS = ['coffee', 'garden', 'piano', 'hiking', 'python', 'marathon', 'sourdough', 'chess', 'kayak', 'violin'];

/** Memory `i`: a few topic words, repeated a distinct number of times so no two BM25 scores tie. */
function memory(i: number, extra: Partial<NewMemory>): NewMemory {
  const words = [WORDS[i % 10]!, WORDS[(i * 7 + 3) % 10]!, `w${i % 13}`, ...Array.from({ length: i % 17 }, () => 'filler'), `unique${i}`];
  return {
    id: uuid(i), content: `${words.join(' ')} entry ${i}`, hash: `h${i}`, userId: 'u', agentId: null, runId: null, app: 'test',
    metadata: { n: i }, categories: i % 5 === 0 ? ['rare'] : ['common'], createdAt: 1_000 + i, ...extra,
  };
}

/** The exact ranking (issue-15 baseline): FTS joined to memories, only the filtered rows ranked. */
function exact(path: string, terms: string[], filter: MemoryFilter, limit: number): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const where = filterToSql(filter);
    return (db.prepare(`SELECT m.id FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
      WHERE memories_fts MATCH ? AND ${where.sql} ORDER BY bm25(memories_fts) LIMIT ?`)
      .all(fts5Match({ terms }), ...where.params, limit) as Array<{ id: string }>).map((r) => r.id);
  } finally {
    db.close();
  }
}

describe('SqliteStore at scale', () => {
  const path = join(dir, 'keyword.sqlite');
  let store: SqliteStore;
  before(async () => {
    store = await openSqliteStore({ path, disableVectors: true });
    // 2,000 memories: most belong to another user and outrank the few of `u`.
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      memory: memory(i, i % 20 === 0 ? { userId: 'u', app: i % 40 === 0 ? 'a' : 'b' } : { userId: 'other' }),
      vector: null,
    }));
    await store.insertMemories(rows);
    await store.setState([uuid(40), uuid(80)], 'u', 'archived', null, 5_000);
  });
  after(() => store.close());

  const cases: Array<{ name: string; terms: string[]; filter: MemoryFilter; limit: number }> = [
    { name: 'one user among many', terms: ['coffee', 'piano'], filter: { userId: 'u' }, limit: 10 },
    { name: 'the filter removes most top hits', terms: ['coffee', 'garden', 'chess'], filter: { userId: 'u', app: 'a', categories: ['rare'] }, limit: 5 },
    { name: 'states and metadata', terms: ['coffee', 'w1'], filter: { userId: 'u', states: ['archived', 'active'], metadata: { n: 40 } }, limit: 10 },
    { name: 'the other user, a deep page', terms: ['kayak', 'filler'], filter: { userId: 'other' }, limit: 200 },
    { name: 'nothing passes', terms: ['coffee'], filter: { userId: 'nobody' }, limit: 10 },
  ];
  for (const c of cases) {
    it(`keyword candidates equal the exact ranking of the filtered rows: ${c.name}`, async () => {
      const got = (await store.keywordCandidates({ terms: c.terms }, c.filter, c.limit)).map((x) => x.id);
      assert.deepEqual(got, exact(path, c.terms, c.filter, c.limit));
      if (c.name !== 'nothing passes') assert.ok(got.length > 0, 'the case exercises some rows');
    });
  }

  it('finds a memory sharing most words among thousands sharing some (minShared probe)', async () => {
    // Memory 777 is "chess piano w10 filler x12 unique777 entry 777"; hundreds share chess, piano, filler, entry.
    const probe = await store.keywordCandidates({ terms: ['really', 'chess', 'piano', 'w10', 'filler', 'entry', '777', 'unique777'], minShared: 5 }, { userId: 'other' }, 10);
    assert.equal(probe[0]?.id, uuid(777), `expected memory 777 first, got ${JSON.stringify(probe.slice(0, 3))}`);
    assert.equal(probe[0]?.score, 7); // all its terms but "really" 
    assert.ok(probe.every((c) => c.score >= 1));
    // The scope is kept: the same probe for `u` never returns another user's memory.
    const forU = await store.keywordCandidates({ terms: ['coffee', 'garden', 'unique777', 'entry'], minShared: 2 }, { userId: 'u' }, 50);
    const db = new Database(path, { readonly: true });
    const owners = new Set(forU.map((c) => (db.prepare('SELECT user_id FROM memories WHERE id = ?').get(c.id) as { user_id: string }).user_id));
    db.close();
    assert.deepEqual([...owners], forU.length > 0 ? ['u'] : []);
  });

  it('getMemories returns the filtered rows in the order of the ids', async () => {
    const ids = [uuid(60), uuid(1), uuid(20), uuid(40), 'missing'];
    const got = await store.getMemories(ids, { userId: 'u' });
    assert.deepEqual(got.map((m) => m.id), [uuid(60), uuid(20)]); // 1 is another user's, 40 archived
    assert.deepEqual(got[0]!.metadata, { n: 60 });
  });
});

describe('SqliteStore access log buffering', () => {
  const path = join(dir, 'access.sqlite');
  const entry = (memoryId: string, at: number) => ({ memoryId, app: 'reader', action: 'search' as const, query: 'q', score: 0.5, at });
  const countRows = () => {
    const db = new Database(path, { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM memory_access_log').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  before(async () => {
    const store = await openSqliteStore({ path, disableVectors: true });
    await store.insertMemories([{ memory: memory(1, { userId: 'u' }), vector: null }, { memory: memory(2, { userId: 'u' }), vector: null }]);
    await store.close();
  });

  it('a read of the log sees the reads logged just before it', async () => {
    const store = await openSqliteStore({ path, disableVectors: true });
    await store.logAccess([entry(uuid(1), 10), entry(uuid(2), 11)]);
    const page = await store.accessLog(uuid(1), 'u', { limit: 10, offset: 0 });
    assert.equal(page.total, 1);
    assert.equal(page.rows[0]!.app, 'reader');
    const activity = await store.activity('u', { limit: 10, offset: 0 });
    assert.equal(activity.rows.filter((r) => r.kind === 'read').length, 2);
    await store.close();
  });

  it('writes buffered reads within the delay, without a close, where another connection sees them', async () => {
    const store = await openSqliteStore({ path, disableVectors: true });
    const before = countRows();
    await store.logAccess([entry(uuid(1), 20)]);
    let seen = countRows();
    for (let i = 0; i < 100 && seen === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = countRows();
    }
    assert.equal(seen, before + 1);
    await store.close();
  });

  it('writes buffered reads on close, and another process reads them', async () => {
    const store = await openSqliteStore({ path, disableVectors: true });
    const before = countRows();
    await store.logAccess([entry(uuid(2), 30), entry(uuid(2), 31), entry(uuid(1), 32)]);
    await store.close();
    assert.equal(countRows(), before + 3);
    // A second process: logs reads and exits through close(); this process sees them.
    const storeUrl = pathToFileURL(join(import.meta.dirname, 'sqlite-store.js')).href;
    execFileSync(process.execPath, ['--input-type=module', '-e', `
      const { openSqliteStore } = await import(${JSON.stringify(storeUrl)});
      const store = await openSqliteStore({ path: ${JSON.stringify(path)}, disableVectors: true });
      await store.logAccess([{ memoryId: ${JSON.stringify(uuid(1))}, app: 'child', action: 'get', query: null, score: null, at: 40 }]);
      await store.close();
    `]);
    const reader = await openSqliteStore({ path, disableVectors: true });
    const page = await reader.accessLog(uuid(1), 'u', { limit: 1, offset: 0 });
    assert.equal(page.rows[0]!.app, 'child');
    await reader.close();
  });

  it('a process that never calls close still writes its reads before it exits', () => {
    const before = countRows();
    const storeUrl = pathToFileURL(join(import.meta.dirname, 'sqlite-store.js')).href;
    execFileSync(process.execPath, ['--input-type=module', '-e', `
      const { openSqliteStore } = await import(${JSON.stringify(storeUrl)});
      const store = await openSqliteStore({ path: ${JSON.stringify(path)}, disableVectors: true });
      await store.logAccess([{ memoryId: ${JSON.stringify(uuid(2))}, app: 'child', action: 'get', query: null, score: null, at: 50 }]);
    `]);
    assert.equal(countRows(), before + 1);
  });
});
