/**
 * Must-show 4 of issue 2: two `mnemo mcp` processes on one file, 200 adds each at once:
 * all 400 present, no SQLITE_BUSY (or any other error) surfaced to a client.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Memory } from '../src/index.js';
import { tempDir } from './support/cli-path.js';
import { callTool, connectStdio, resultText } from './support/mcp-stdio.js';

describe('two MCP servers on one file', () => {
  it('stores all 400 concurrent adds without errors', async () => {
    const tmp = tempDir();
    const db = join(tmp.dir, 'shared.sqlite');
    try {
      // Keyword-only servers write as fast as SQLite allows: the hardest case for locking.
      const [a, b] = await Promise.all([
        connectStdio(db, 'team', { clientName: 'cursor', extraArgs: ['--embeddings', 'none'] }),
        connectStdio(db, 'team', { clientName: 'claude-code', extraArgs: ['--embeddings', 'none'] }),
      ]);
      const fire = (s: typeof a, name: string) =>
        Promise.all(Array.from({ length: 200 }, (_, i) => callTool(s.client, 'add_memories', { text: `${name} fact number ${i}` })));
      const results = [...(await Promise.all([fire(a, 'cursor'), fire(b, 'claude')]))].flat();
      const errors = results.filter((r) => r.isError).map(resultText);
      assert.deepEqual(errors, [], 'no tool call failed');
      await Promise.all([a.close(), b.close()]);

      const memory = new Memory({ path: db, embedder: null });
      const all = await memory.getAll({ userId: 'team', limit: 1000 });
      assert.equal(all.total, 400);
      assert.equal(all.results.filter((m) => m.app === 'cursor').length, 200);
      assert.equal(all.results.filter((m) => m.app === 'claude-code').length, 200);
      await memory.close();
    } finally {
      tmp.cleanup();
    }
  });
});
