/**
 * Migration 4 on a file written by an older mnemo: live duplicates of one content key
 * (left by two processes racing past the old check-then-insert) are resolved — the oldest
 * stays, later copies become deleted with status and history rows — and the unique index
 * then refuses a second live copy even from a writer that skips the store's check.
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

describe('unique content key of live memories (migration 4)', () => {
  it('resolves old duplicates to the oldest copy, then refuses new ones', async () => {
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version <= 3)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const insert = db.prepare(`INSERT INTO memories (id, user_id, agent_id, run_id, app, content, content_hash, state, created_at, updated_at)
      VALUES (?, 'u', ?, NULL, 'a', ?, ?, ?, ?, ?)`);
    insert.run(uuid(1), null, 'tea', 'H', 'active', 1, 1);
    insert.run(uuid(2), null, 'tea', 'H', 'archived', 2, 2); // a later live copy
    insert.run(uuid(3), null, 'tea', 'H', 'deleted', 3, 3); // deleted copies hold nothing
    insert.run(uuid(4), 'bot', 'tea', 'H', 'active', 4, 4); // another scope
    insert.run(uuid(5), null, 'tea', 'H', 'active', 5, 5); // a third live copy
    db.close();

    const store = await openSqliteStore({ path });
    assert.deepEqual((await store.listIds({ userId: 'u', states: ['active', 'paused', 'archived'] })).sort(), [uuid(1), uuid(4)]);
    assert.deepEqual((await store.statusHistory(uuid(2), 'u')).map((s) => [s.oldState, s.newState, s.changedBy]), [['archived', 'deleted', 'migration']]);
    assert.deepEqual((await store.history(uuid(5), 'u')).map((h) => [h.event, h.oldMemory]), [['DELETE', 'tea']]);
    assert.match((await store.history(uuid(5), 'u'))[0]!.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    await store.close();

    const raw = new Database(path);
    assert.throws(() => raw.prepare(`INSERT INTO memories (id, user_id, agent_id, run_id, app, content, content_hash, state, created_at, updated_at)
      VALUES (?, 'u', NULL, NULL, 'a', 'tea', 'H', 'active', 9, 9)`).run(uuid(9)), /UNIQUE constraint failed/);
    raw.prepare(`INSERT INTO memories (id, user_id, agent_id, run_id, app, content, content_hash, state, created_at, updated_at)
      VALUES (?, 'u', NULL, 'run', 'a', 'tea', 'H', 'active', 9, 9)`).run(uuid(10));
    raw.close();
  });
});
