/**
 * Issue 8, must-show 3: exact duplicates are refused atomically. Three `mnemo mcp`
 * processes on one file each add the same 200 texts at once: 200 rows are stored, one
 * per text (before the unique index, 87 texts were stored twice). In one process,
 * `Promise.all([add(x), add(x)])` stores one row and answers ADD then NONE.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Memory } from '../src/index.js';
import { tempDir } from './support/cli-path.js';
import { callTool, connectStdio, resultText } from './support/mcp-stdio.js';

describe('exact duplicates under concurrency', () => {
  it('stores 200 rows when 3 processes add the same 200 texts at once', { timeout: 120_000 }, async () => {
    const tmp = tempDir();
    const db = join(tmp.dir, 'shared.sqlite');
    try {
      const servers = await Promise.all(['a', 'b', 'c'].map((name) =>
        connectStdio(db, 'team', { clientName: `agent-${name}`, extraArgs: ['--embeddings', 'none'] })));
      const texts = Array.from({ length: 200 }, (_, i) => `shared fact number ${i} about the launch`);
      const results = (await Promise.all(servers.map((s) =>
        Promise.all(texts.map((text) => callTool(s.client, 'add_memories', { text })))))).flat();
      assert.deepEqual(results.filter((r) => r.isError).map(resultText), [], 'no add failed');
      await Promise.all(servers.map((s) => s.close()));

      const memory = new Memory({ path: db, embedder: null });
      const all = await memory.getAll({ userId: 'team', limit: 1000 });
      assert.equal(all.total, 200, 'one row per text');
      assert.equal(new Set(all.results.map((m) => m.memory)).size, 200);
      await memory.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('stores one row for two concurrent adds of one text in one process', async () => {
    const memory = new Memory({ path: ':memory:', embedder: null });
    try {
      const [a, b] = await Promise.all([
        memory.add('I keep my passport in the desk drawer', { userId: 'alice' }),
        memory.add('I keep my passport in the desk drawer', { userId: 'alice' }),
      ]);
      const events = [a.results[0]!.event, b.results[0]!.event].sort();
      assert.deepEqual(events, ['ADD', 'NONE']);
      assert.equal(a.results[0]!.id, b.results[0]!.id, 'NONE names the stored memory');
      assert.equal((await memory.getAll({ userId: 'alice' })).total, 1);
    } finally {
      await memory.close();
    }
  });
});
