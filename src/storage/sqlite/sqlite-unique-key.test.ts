/**
 * Migration 4 on a file written by an older mnemo: live duplicates of one content key
 * (left by two processes racing past the old check-then-insert) are all kept — user data
 * is never dropped — the later copies outside the unique index; from then on the index
 * refuses a second live copy even from a writer that skips the store's check, and the
 * store's insert-if-absent reports the oldest copy.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './sqlite-migrations.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-unique-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const INSERT = `INSERT INTO memories (id, user_id, agent_id, run_id, app, content, content_hash, state, created_at, updated_at)
  VALUES (?, 'u', ?, ?, 'a', 'tea', 'H', ?, ?, ?)`;

describe('unique content key of live memories (migration 4)', () => {
  it('keeps old duplicates, then refuses new ones and reports the oldest copy', async () => {
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version <= 3)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const insert = db.prepare(INSERT);
    insert.run(uuid(1), null, null, 'active', 1, 1);
    insert.run(uuid(2), null, null, 'archived', 2, 2); // a later live copy
    insert.run(uuid(3), null, null, 'deleted', 3, 3); // deleted copies hold nothing
    insert.run(uuid(4), 'bot', null, 'active', 4, 4); // another scope
    db.close();

    const store = await openSqliteStore({ path });
    assert.deepEqual((await store.listIds({ userId: 'u', states: ['active', 'paused', 'archived'] })).sort(), [uuid(1), uuid(2), uuid(4)], 'nothing dropped');
    const row = (n: number) => ({ id: uuid(n), content: 'tea', hash: 'H', userId: 'u', agentId: null, runId: null, app: 'a', metadata: {}, categories: [], createdAt: 9 });
    assert.deepEqual(await store.insertMemories([{ memory: row(5), vector: null }]), [{ id: uuid(1), inserted: false }]);
    assert.ok(await store.updateMemory(uuid(2), 'u', { content: 'tea', hash: 'H', metadata: { kept: true }, app: null, at: 10 }), 'an old copy can still change');
    await store.close();

    const raw = new Database(path);
    assert.throws(() => raw.prepare(INSERT).run(uuid(9), null, null, 'active', 9, 9), /UNIQUE constraint failed/);
    raw.prepare(INSERT).run(uuid(10), null, 'run', 'active', 9, 9); // another scope is free
    raw.close();
  });
});
