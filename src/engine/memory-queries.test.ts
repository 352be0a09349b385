/**
 * Engine calls added for the mem0 API and the dashboard: metadata-only `update`, the
 * `where` predicate of `getAll`/`search` (applied before paging and the access log),
 * `entities` (counted without reads), and `log: false` reads.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Memory } from './memory.js';

describe('Memory queries', () => {
  const memory = new Memory({ path: ':memory:', embedder: null });
  const ids: string[] = [];
  before(async () => {
    for (const [text, agentId] of [['tea in the morning', 'planner'], ['coffee at noon', 'planner'], ['tea at night', undefined]] as const) {
      const { results } = await memory.add(text, { userId: 'alice', ...(agentId ? { agentId } : {}), runId: 'r1' });
      ids.push(results[0]!.id);
    }
    await memory.add('bob tea', { userId: 'bob' });
  });
  after(() => memory.close());
  const reads = async () => (await memory.activity({ userId: 'alice', limit: 100 })).rows.filter((e) => e.kind === 'read');

  it('updates metadata only, keeping the text', async () => {
    const updated = await memory.update(ids[0]!, undefined, { userId: 'alice', metadata: { mood: 'calm' } });
    assert.equal(updated.memory, 'tea in the morning');
    assert.deepEqual(updated.metadata, { mood: 'calm' });
    await assert.rejects(memory.update(ids[0]!, undefined, { userId: 'alice' }), { code: 'INVALID_INPUT' });
  });

  it('applies `where` before paging and logs only what it returns', async () => {
    const before = (await reads()).length;
    const page = await memory.getAll({ userId: 'alice', where: (m) => m.memory.includes('tea'), limit: 1, offset: 1, caller: 'cursor' });
    assert.equal(page.total, 2);
    assert.equal(page.results.length, 1);
    const hits = await memory.search('tea', { userId: 'alice', where: (m) => m.agentId === null, caller: 'cursor' });
    assert.deepEqual(hits.results.map((h) => h.memory), ['tea at night']);
    assert.equal((await reads()).length, before + 2, 'one list row and one search row');
  });

  it('counts entities without reading memories', async () => {
    const before = (await reads()).length;
    const entities = await memory.entities({ userId: 'alice', caller: 'cursor' });
    assert.deepEqual(entities.map((e) => [e.type, e.id, e.memories]), [['user', 'alice', 3], ['agent', 'planner', 2], ['run', 'r1', 3]]);
    assert.equal((await reads()).length, before);
  });

  it('does not log reads with `log: false`', async () => {
    const before = (await reads()).length;
    await memory.get(ids[1]!, { userId: 'alice', log: false });
    await memory.getAll({ userId: 'alice', log: false });
    assert.equal((await reads()).length, before);
  });
});
