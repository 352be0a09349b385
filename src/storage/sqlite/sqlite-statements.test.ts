/**
 * The per-connection statement cache: one prepare per SQL text and connection, and a kept
 * statement still right after its table is dropped and created again (SQLite re-prepares it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { cachedStatement } from './sqlite-statements.js';

describe('cachedStatement', () => {
  it('prepares a SQL text once per connection', () => {
    const a = new Database(':memory:');
    const b = new Database(':memory:');
    try {
      assert.equal(cachedStatement(a, 'SELECT 1'), cachedStatement(a, 'SELECT 1'));
      assert.notEqual(cachedStatement(a, 'SELECT 1'), cachedStatement(a, 'SELECT 2'));
      assert.notEqual(cachedStatement(a, 'SELECT 1'), cachedStatement(b, 'SELECT 1'));
    } finally {
      a.close();
      b.close();
    }
  });

  it('keeps answering after its table is dropped and created again with other columns', () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1)');
      assert.deepEqual(cachedStatement(db, 'SELECT * FROM t').all(), [{ x: 1 }]);
      db.exec('DROP TABLE t; CREATE TABLE t(y TEXT, z TEXT); INSERT INTO t VALUES (\'a\', \'b\')');
      assert.deepEqual(cachedStatement(db, 'SELECT * FROM t').all(), [{ y: 'a', z: 'b' }]);
    } finally {
      db.close();
    }
  });

  it('drops the oldest statement past its bound and prepares it again when asked', () => {
    const db = new Database(':memory:');
    try {
      const first = cachedStatement(db, 'SELECT 0');
      for (let i = 1; i <= 64; i++) cachedStatement(db, `SELECT ${i}`);
      const again = cachedStatement(db, 'SELECT 0');
      assert.notEqual(again, first);
      assert.equal(again.pluck().get(), 0);
    } finally {
      db.close();
    }
  });
});
