/**
 * Must-show 4 of issue 17: search and list `asOf` a time before a later update return
 * the memory with its text of then (from history), with and without vectors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UseLiteEmbedder } from '../embedding/local/use-lite-embedder.js';
import { textAt } from './as-of.js';
import { Memory } from './memory.js';

const T = (iso: string) => Date.parse(iso);

describe('textAt', () => {
  it('rebuilds the text at a time from ADD/UPDATE/DELETE rows', () => {
    const h = (event: 'ADD' | 'UPDATE' | 'DELETE', text: string | null, at: string) => ({ id: at, memoryId: 'm', event, oldMemory: null, newMemory: text, app: null, createdAt: at });
    const rows = [h('ADD', 'a', '2024-01-01T00:00:00Z'), h('UPDATE', 'b', '2024-03-01T00:00:00Z'), h('DELETE', null, '2024-05-01T00:00:00Z')];
    assert.equal(textAt(rows, T('2023-12-01')), null);
    assert.equal(textAt(rows, T('2024-02-01')), 'a');
    assert.equal(textAt(rows, T('2024-04-01')), 'b');
    assert.equal(textAt(rows, T('2024-06-01')), null);
  });
});

for (const vectors of [true, false]) {
  describe(`memory search/list asOf (${vectors ? 'hybrid' : 'keyword only'})`, () => {
    let memory: Memory;
    let now = T('2024-01-10T00:00:00Z');
    const u = { userId: 'alice' };
    let moved = '';
    let deleted = '';
    before(async () => {
      memory = new Memory({ path: ':memory:', embedder: vectors ? new UseLiteEmbedder() : null, clock: { now: () => now } });
      moved = (await memory.add('I live in Berlin near the Spree', u)).results[0]!.id;
      await memory.add('My favourite drink is green tea', u);
      deleted = (await memory.add('I own a red bicycle', u)).results[0]!.id;
      now = T('2024-06-01T00:00:00Z');
      await memory.update(moved, 'I moved to Hamburg near the Elbe', u);
      await memory.delete(deleted, u);
      await memory.add('I started learning Portuguese', u);
      now = T('2024-07-01T00:00:00Z');
    });
    after(async () => { await memory.close(); });

    it('search now sees the new text; asOf before the update returns the text of then', async () => {
      const current = await memory.search('Do I live in Hamburg?', { ...u, limit: 1 });
      assert.equal(current.results[0]!.memory, 'I moved to Hamburg near the Elbe');
      const then = await memory.search('Which city do I live in, Berlin?', { ...u, asOf: '2024-03-01', limit: 1 });
      assert.equal(then.results[0]!.id, moved);
      assert.equal(then.results[0]!.memory, 'I live in Berlin near the Spree');
      if (!vectors) assert.match(then.notice ?? '', /shared words/);
      const bike = await memory.search('bicycle', { ...u, asOf: '2024-03-01', limit: 3 });
      assert.ok(bike.results.some((h) => h.id === deleted && h.memory === 'I own a red bicycle'), 'a memory deleted later existed then');
      assert.ok(!(await memory.search('Portuguese', { ...u, asOf: '2024-03-01' })).results.some((h) => h.memory.includes('Portuguese')), 'a later memory did not exist then');
    });

    it('list asOf shows the memories of then with their texts of then', async () => {
      const then = await memory.getAll({ ...u, asOf: '2024-03-01' });
      assert.deepEqual(then.results.map((m) => m.memory).sort(), ['I live in Berlin near the Spree', 'I own a red bicycle', 'My favourite drink is green tea']);
      assert.equal(then.total, 3);
      const nowList = await memory.getAll(u);
      assert.deepEqual(nowList.results.map((m) => m.memory).sort(), ['I moved to Hamburg near the Elbe', 'I started learning Portuguese', 'My favourite drink is green tea']);
      await assert.rejects(memory.getAll({ ...u, asOf: 'not a time' }), /asOf is not a valid time/);
    });
  });
}
