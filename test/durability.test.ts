/**
 * Must-show 3 of issue 2: a `mnemo mcp` process killed with SIGKILL in the middle of a
 * stream of adds loses none that were acknowledged, and the file opens cleanly afterwards.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Memory } from '../src/index.js';
import { tempDir } from './support/cli-path.js';
import { callJson, connectStdio } from './support/mcp-stdio.js';

describe('durability under SIGKILL', () => {
  it('keeps every acknowledged add', async () => {
    const tmp = tempDir();
    const db = join(tmp.dir, 'kill.sqlite');
    try {
      const session = await connectStdio(db, 'dora', { extraArgs: ['--embeddings', 'none'] });
      const acked: string[] = [];
      const pid = session.transport.pid!;
      // Keep several adds in flight at once so the kill lands in the middle of writes.
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await callJson(session.client, 'add_memories', { text: `writer ${w} note ${i}: the sky was clear` });
            acked.push(res.results[0].id);
          } catch {
            return; // the connection died with the process
          }
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      while (acked.length < 150) await new Promise((r) => setTimeout(r, 5));
      process.kill(pid, 'SIGKILL');
      stop = true;
      await Promise.all(writers);
      await session.close().catch(() => undefined);

      const raw = new Database(db);
      assert.equal((raw.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]!.integrity_check, 'ok');
      raw.close();
      const memory = new Memory({ path: db, embedder: null });
      const all = await memory.getAll({ userId: 'dora', limit: 1000 });
      const stored = new Set(all.results.map((m) => m.id));
      const lost = acked.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `${lost.length} acknowledged adds lost of ${acked.length}`);
      assert.ok(acked.length >= 150);
      // The file still takes writes.
      assert.equal((await memory.add('after the crash', { userId: 'dora' })).results[0]!.event, 'ADD');
      await memory.close();
    } finally {
      tmp.cleanup();
    }
  });
});
