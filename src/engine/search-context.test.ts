/**
 * Conversation context in search (issue 11): a memory is found through its conversation
 * neighbours, only within one user's conversation and its time window, computed at query
 * time (a delete takes effect at once), and `context: false` turns it off. Also the floor
 * of "related memories".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UseLiteEmbedder } from '../embedding/local/use-lite-embedder.js';
import { Memory } from './memory.js';

const DAY = 86_400_000;
const t0 = Date.parse('2026-03-01T10:00:00Z');

describe('search with conversation context (keyword side)', () => {
  let memory: Memory;
  const ids: Record<string, string> = {};
  before(async () => {
    memory = new Memory({ path: ':memory:', embedder: null });
    const add = async (key: string, text: string, at: number, userId = 'ann') => {
      const res = await memory.add(text, { userId, timestamp: new Date(at) });
      ids[key] = res.results[0]!.id;
    };
    await add('a', 'We adopted a puppy named Rex', t0);
    await add('b', 'He loves chasing balls in the park', t0 + 60_000);
    await add('c', 'The park was closed for repairs', t0 + 3 * DAY);
    await add('other', 'My puppy sleeps all day', t0 + 30_000, 'bob');
  });
  after(() => memory.close());

  it('finds a turn through its neighbour, within the conversation window only', async () => {
    const { results } = await memory.search('puppy', { userId: 'ann', mode: 'keyword' });
    assert.deepEqual(results.map((r) => r.id), [ids['a'], ids['b']]);
    assert.ok(results[0]!.score > results[1]!.score);
  });

  it('ranks each memory on its own text with context: false', async () => {
    const { results } = await memory.search('puppy', { userId: 'ann', mode: 'keyword', context: false });
    assert.deepEqual(results.map((r) => r.id), [ids['a']]);
  });

  it('never takes context from another user', async () => {
    const { results } = await memory.search('sleeps', { userId: 'ann', mode: 'keyword' });
    assert.deepEqual(results, []);
  });

  it('reflects a delete at once', async () => {
    await memory.delete(ids['a']!, { userId: 'ann' });
    const { results } = await memory.search('puppy', { userId: 'ann', mode: 'keyword' });
    assert.deepEqual(results, []);
  });
});

describe('related memories', () => {
  let memory: Memory;
  before(() => { memory = new Memory({ path: ':memory:', embedder: new UseLiteEmbedder() }); });
  after(() => memory.close());

  it('lists similar memories and leaves unrelated ones out', async () => {
    const add = async (text: string) => (await memory.add(text, { userId: 'u' })).results[0]!.id;
    const allergy = await add('I am allergic to peanuts');
    await add('Our billing service runs on PostgreSQL 16');
    const nuts = await add('I have a severe peanut allergy and carry an EpiPen');
    const related = await memory.related(allergy, { userId: 'u', limit: 5 });
    assert.deepEqual(related.bySimilarity.map((m) => m.id), [nuts]);
    assert.ok(related.bySimilarity[0]!.score >= 0.35);
  });
});
