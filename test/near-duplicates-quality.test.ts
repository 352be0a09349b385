/**
 * Near-duplicates merge when they mean the same (issue 13): floors of the rule on the
 * labelled pairs with USE-lite cosines, and the engine with the offline embedder:
 * "window seats on long-haul flights" after "window seats on long flights" updates the
 * memory (history kept), "not dark green" after "dark green" is a new memory.
 * Figures: `node dist/bench/near-duplicates.js`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadPairs, pairCosines, precisionRecall } from '../bench/near-duplicates.js';
import { UseLiteEmbedder } from '../src/embedding/local/use-lite-embedder.js';
import { Memory } from '../src/engine/memory.js';
import { isNearDuplicate } from '../src/engine/near-duplicate.js';

describe('near-duplicates', () => {
  it('the rule keeps precision >= 0.9 and recall >= 0.7 on the tuning and held-out pairs (USE-lite)', async () => {
    for (const name of ['pairs', 'held-out'] as const) {
      const pairs = loadPairs(name);
      const cosines = await pairCosines(pairs);
      const r = precisionRecall(pairs.map((p) => p[2]), pairs.map(([a, b], i) => isNearDuplicate(a, b, cosines[i]!).same));
      assert.ok(r.precision >= 0.9 && r.recall >= 0.7, `${name}: ${JSON.stringify(r)}`);
    }
  });

  it('without vectors merges only on words, and never across a negation or a swapped value', () => {
    assert.equal(isNearDuplicate('My favourite colour is dark green', 'My favourite colour is dark green!', null).same, true);
    assert.equal(isNearDuplicate('My favourite colour is dark green', 'My favourite colour is not dark green', null).same, false);
    assert.equal(isNearDuplicate('I like window seats', 'I dislike window seats', null).same, false);
    assert.equal(isNearDuplicate('Our billing service runs on PostgreSQL 16', 'Our billing service runs on PostgreSQL 15', null).same, false);
    // The same words and numbers in another order are another fact (seen under load: test/http-concurrency.test.ts).
    assert.equal(isNearDuplicate('client 0 fact 1: likes number 1', 'client 1 fact 0: likes number 0', null).same, false);
  });

  describe('in the engine with the local embedder', () => {
    let memory: Memory;
    const u = { userId: 'u' };
    before(() => { memory = new Memory({ path: ':memory:', embedder: new UseLiteEmbedder({ worker: false }) }); });
    after(async () => { await memory.close(); });

    it('updates on a restatement and keeps the history', async () => {
      const first = await memory.add('I prefer window seats on long flights', u);
      const second = await memory.add('I prefer window seats on long-haul flights', u);
      assert.equal(second.results[0]!.event, 'UPDATE');
      assert.equal(second.results[0]!.id, first.results[0]!.id);
      assert.equal(second.results[0]!.previousMemory, 'I prefer window seats on long flights');
      const history = await memory.history(first.results[0]!.id, u);
      assert.ok(history.some((h) => h.event === 'UPDATE' && h.oldMemory === 'I prefer window seats on long flights'), JSON.stringify(history));
    });

    it('adds a negation or an opposite as a new memory', async () => {
      await memory.add('My favourite colour is dark green', u);
      assert.equal((await memory.add('My favourite colour is not dark green', u)).results[0]!.event, 'ADD');
      await memory.add('I like window seats', u);
      assert.equal((await memory.add('I dislike window seats', u)).results[0]!.event, 'ADD');
    });
  });
});
