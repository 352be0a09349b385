/**
 * PooledMemory in-process: searches answered by worker threads equal those of the
 * calling thread (scores included), see writes made through the calling thread and
 * through another engine on the same file, keep the engine's error codes, and a `where`
 * predicate (a function, which cannot cross threads) runs on the calling thread.
 * Keyword only, so no model loads; test/read-pool.test.ts covers a real server with the model.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Memory } from '../memory.js';
import { PooledMemory } from './pooled-memory.js';

describe('PooledMemory', () => {
  let dir: string;
  let pooled: PooledMemory;
  let plain: Memory;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mnemo-pool-'));
    const path = join(dir, 'm.sqlite');
    plain = new Memory({ path, embedder: null, dedupe: { enabled: false } });
    await plain.add(['green tea in the morning', 'a flight to Lisbon', 'the rent increase', 'green salad for lunch'], { userId: 'u' });
    pooled = new PooledMemory({ path, embeddings: { provider: 'none' } }, { threads: 2 });
    await pooled.open();
  });
  after(async () => {
    await pooled.close();
    await plain.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers on its workers with the results of the calling thread', async () => {
    assert.equal(pooled.readThreads, 2);
    const viaPool = await Promise.all([1, 2, 3, 4].map(() => pooled.search('green', { userId: 'u' })));
    const local = await plain.search('green', { userId: 'u' });
    assert.deepEqual(local.results.map((h) => h.memory).slice(0, 2).sort(), ['green salad for lunch', 'green tea in the morning']);
    for (const r of viaPool) assert.deepEqual(r, local);
  });

  it('sees writes of the calling thread and of another engine at once', async () => {
    await pooled.add('green smoothie after the gym', { userId: 'u' });
    await plain.add('green paint for the fence', { userId: 'u' });
    const found = await pooled.search('green smoothie paint', { userId: 'u', limit: 10 });
    const texts = found.results.map((h) => h.memory);
    assert.ok(texts.includes('green smoothie after the gym') && texts.includes('green paint for the fence'), texts.join(' | '));
  });

  it('records each search of a worker once in the access log, as the calling app', async () => {
    const hit = (await pooled.search('rent', { userId: 'u', caller: 'cursor' })).results[0]!;
    assert.equal(hit.memory, 'the rent increase');
    await pooled.search('rent', { userId: 'u', caller: 'cursor', log: false });
    // Read through the pooled engine: its main thread buffers access-log writes (up to
    // 100 ms, sqlite-access-buffer.ts) and flushes them before any read of the log.
    const log = await pooled.accessLog(hit.id, { userId: 'u', log: false });
    const searches = log.rows.filter((row) => row.action === 'search' && row.query === 'rent');
    assert.equal(searches.length, 1);
    assert.equal(searches[0]!.app, 'cursor');
    assert.equal(searches[0]!.query, 'rent');
  });

  it('keeps the error code of a refused search', async () => {
    await assert.rejects(pooled.search('', { userId: 'u' }), (e: any) => e.code === 'INVALID_INPUT' && /query/.test(e.message));
    await assert.rejects(pooled.search('tea', { userId: 'u', limit: 0 }), (e: any) => e.code === 'INVALID_INPUT');
  });

  it('runs a where predicate on the calling thread', async () => {
    const res = await pooled.search('green', { userId: 'u', limit: 10, where: (m) => m.memory.includes('salad') });
    assert.deepEqual(res.results.map((h) => h.memory), ['green salad for lunch']);
  });

  it('keeps searches on the calling thread for an in-memory database', async () => {
    const mem = new PooledMemory({ path: ':memory:', embeddings: { provider: 'none' } }, { threads: 2 });
    await mem.open();
    assert.equal(mem.readThreads, 0);
    await mem.add('tea', { userId: 'u' });
    assert.equal((await mem.search('tea', { userId: 'u' })).results.length, 1);
    await mem.close();
  });
});
