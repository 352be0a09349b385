/**
 * The full-text index's owner column (migration 8) on a real file: with many users, one
 * user's keyword candidates are exactly the exact ranking of that user's filtered rows
 * (FTS joined to memories over the whole index, as before the owner column), users whose
 * ids share prefixes, quotes, FTS5 operators or non-ASCII letters never see each other's
 * memories, and a file written before migration 8 (one-column index) is rebuilt in place
 * on open and then searches the same.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { MemoryFilter, NewMemory } from '../store.js';
import { fts5Match, ownerToken } from './sqlite-fts.js';
import { filterToSql } from './sqlite-filter.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-fts-owner-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const WORDS = ['coffee', 'garden', 'piano', 'hiking', 'python', 'marathon', 'sourdough', 'chess', 'kayak', 'violin'];
/** Ids meant to collide if the owner token were naive: prefixes, FTS5 syntax, quotes, non-ASCII, an owner token itself. */
const USERS = ['a', 'ab', 'AB', 'OR', 'owner : x', '"q"', 'naïve', 'ü', `${ownerToken('a')}`, '*', 'u', 'user 12'];

function memory(i: number): NewMemory {
  const words = [WORDS[i % 10]!, WORDS[(i * 7 + 3) % 10]!, `w${i % 13}`, ...Array.from({ length: i % 17 }, () => 'filler'), `unique${i}`];
  return {
    id: uuid(i), content: `${words.join(' ')} entry ${i}`, hash: `h${i}`, userId: USERS[i % USERS.length]!, agentId: null, runId: null,
    app: i % 5 === 0 ? 'a' : 'b', metadata: { n: i }, categories: ['common'], createdAt: 1_000 + i,
  };
}

/** The exact ranking before the owner column: every user's matches, then the filter. */
function exact(path: string, terms: string[], filter: MemoryFilter, limit: number): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const where = filterToSql(filter);
    return (db.prepare(`SELECT m.id FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
      WHERE memories_fts MATCH ? AND ${where.sql} ORDER BY bm25(memories_fts), m.seq LIMIT ?`)
      .all(`content : (${fts5Match({ terms })})`, ...where.params, limit) as Array<{ id: string }>).map((r) => r.id);
  } finally {
    db.close();
  }
}

const owners = (path: string, ids: string[]): Set<string> => {
  const db = new Database(path, { readonly: true });
  try {
    return new Set(ids.map((id) => (db.prepare('SELECT user_id FROM memories WHERE id = ?').get(id) as { user_id: string }).user_id));
  } finally {
    db.close();
  }
};

const QUERIES: Array<{ terms: string[]; app?: string; limit: number }> = [
  { terms: ['coffee', 'piano'], limit: 10 },
  { terms: ['kayak', 'filler', 'w3'], limit: 25 },
  { terms: ['chess', 'garden', 'entry'], app: 'a', limit: 5 },
  { terms: ['violin', ownerToken('a')], limit: 10 },
];

/** Every user's every query equals the exact ranking and holds only that user's memories. */
async function assertSearchesExact(path: string): Promise<void> {
  const store = await openSqliteStore({ path, disableVectors: true });
  try {
    for (const userId of USERS) {
      for (const q of QUERIES) {
        const filter: MemoryFilter = q.app ? { userId, app: q.app } : { userId };
        const got = (await store.keywordCandidates({ terms: q.terms }, filter, q.limit)).map((c) => c.id);
        assert.ok(got.length > 0, `user ${userId} has matches for ${q.terms.join(' ')}`);
        assert.deepEqual(got, exact(path, q.terms, filter, q.limit), `user ${userId}, ${q.terms.join(' ')}`);
        assert.deepEqual([...owners(path, got)], [userId]);
      }
      const near = (await store.keywordCandidates({ terms: ['coffee', 'garden', 'entry', 'filler'], minShared: 2 }, { userId }, 50)).map((c) => c.id);
      assert.ok(near.length > 0);
      assert.deepEqual([...owners(path, near)], [userId]);
    }
  } finally {
    await store.close();
  }
}

describe('SQLite full-text owner column (migration 8)', () => {
  it('with many users, each search equals the exact ranking of that user\'s rows and sees only them', async () => {
    const path = join(dir, 'many.sqlite');
    const store = await openSqliteStore({ path, disableVectors: true });
    await store.insertMemories(Array.from({ length: 1_200 }, (_, i) => ({ memory: memory(i), vector: null })));
    await store.close();
    await assertSearchesExact(path);
  });

  it('an index written before migration 8 is rebuilt with owners on open and searches the same', async () => {
    const path = join(dir, 'old.sqlite');
    const store = await openSqliteStore({ path, disableVectors: true });
    await store.insertMemories(Array.from({ length: 600 }, (_, i) => ({ memory: memory(i), vector: null })));
    await store.setState([uuid(12), uuid(24)], USERS[0]!, 'deleted', null, 5_000);
    await store.close();
    // Put the file back to schema 7: migration 1's one-column index and triggers (and no migration 9 feed).
    const db = new Database(path);
    db.exec(`
      DROP TRIGGER memory_text_versions_insert; DROP TRIGGER memory_text_versions_update; DROP TRIGGER memory_text_versions_delete;
      DROP TABLE memory_text_versions;
      DROP TRIGGER memories_fts_insert; DROP TRIGGER memories_fts_delete; DROP TRIGGER memories_fts_update; DROP TABLE memories_fts;
      CREATE VIRTUAL TABLE memories_fts USING fts5(content, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2');
      INSERT INTO memories_fts(rowid, content) SELECT seq, content FROM memories WHERE state <> 'deleted';
      CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories WHEN new.state <> 'deleted' BEGIN
        INSERT INTO memories_fts(rowid, content) VALUES (new.seq, new.content);
      END;
      CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN DELETE FROM memories_fts WHERE rowid = old.seq; END;
      CREATE TRIGGER memories_fts_update AFTER UPDATE OF content, state ON memories BEGIN
        DELETE FROM memories_fts WHERE rowid = old.seq;
        INSERT INTO memories_fts(rowid, content) SELECT new.seq, new.content WHERE new.state <> 'deleted';
      END;
      DELETE FROM schema_migrations WHERE version >= 8;
      PRAGMA user_version = 7;`);
    db.close();
    await assertSearchesExact(path);
    const check = new Database(path, { readonly: true });
    const indexed = check.prepare('SELECT COUNT(*) FROM memories_fts WHERE memories_fts MATCH ?').pluck().get(`owner : "${ownerToken(USERS[0]!)}"`);
    const live = check.prepare("SELECT COUNT(*) FROM memories WHERE user_id = ? AND state <> 'deleted'").pluck().get(USERS[0]!);
    check.close();
    assert.equal(indexed, live, 'the rebuilt index holds exactly the non-deleted rows');
  });

  it('content changes and deletes keep the owner index in step', async () => {
    const path = join(dir, 'writes.sqlite');
    const store = await openSqliteStore({ path, disableVectors: true });
    await store.insertMemories(Array.from({ length: 48 }, (_, i) => ({ memory: memory(i), vector: null })));
    const userId = USERS[5]!;
    const id = uuid(5);
    await store.updateMemory(id, userId, { content: 'zeppelin harbour', hash: 'hz', app: null, at: 6_000 });
    assert.deepEqual((await store.keywordCandidates({ terms: ['zeppelin'] }, { userId }, 10)).map((c) => c.id), [id]);
    assert.deepEqual(await store.keywordCandidates({ terms: ['zeppelin'] }, { userId: USERS[6]! }, 10), []);
    await store.setState([id], userId, 'deleted', null, 7_000);
    assert.deepEqual(await store.keywordCandidates({ terms: ['zeppelin'] }, { userId }, 10), []);
    await store.close();
  });
});
