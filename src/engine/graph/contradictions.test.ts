/**
 * find_contradictions and its actions on a real store (keyword-only): fact pairs of one
 * entity and memory pairs, with reasons and older/newer order; supersede never deletes
 * text, dismiss is remembered, delete removes one side; other users see nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Memory } from '../memory.js';
import { classifyPair, isNegated } from './contradiction-rules.js';

describe('contradiction rules', () => {
  it('flags negation, value and number conflicts, not compatible statements', () => {
    assert.deepEqual(classifyPair('I like coffee', "I don't like coffee").reasons, ['negation_diff']);
    assert.deepEqual(classifyPair('Ich wohne in München', 'Ich wohne jetzt in Köln').reasons, ['value_conflict']);
    assert.deepEqual(classifyPair('I have 2 cats', 'I have 3 cats').reasons, ['number_conflict']);
    assert.equal(classifyPair("I don't eat meat", 'I eat fish').contradicts, false);
    assert.equal(classifyPair('My sister lives in Paris', 'I live in Berlin').contradicts, false);
    assert.equal(isNegated('Eu não gosto'), true);
    assert.equal(isNegated('Notable results'), false, 'word boundaries');
  });
});

describe('memory.graph contradictions', () => {
  let memory: Memory;
  let now = Date.parse('2024-01-01T00:00:00Z');
  const u = { userId: 'alice' };
  before(async () => {
    memory = new Memory({ path: ':memory:', embedder: null, clock: { now: () => now } });
    await memory.graph.createEntities([{ name: 'Alice', type: 'person' }], u);
    await memory.graph.addObservations([{ entityName: 'Alice', content: 'Alice is allergic to peanuts', validAt: '2023-01-01' }], u);
    await memory.graph.addObservations([{ entityName: 'Alice', content: 'Alice is not allergic to peanuts', validAt: '2023-09-01' }], u);
    await memory.graph.addObservations([{ entityName: 'Alice', content: 'Alice likes jazz', confidence: 0.9 }, { entityName: 'Alice', content: 'Alice plays chess' }], u);
    await memory.add('I live in Lisbon', { ...u, timestamp: '2023-02-01' });
    now = Date.parse('2024-02-01T00:00:00Z');
    await memory.add('I live in Porto since last spring', { ...u, timestamp: '2024-02-01' });
    await memory.add('I like green tea', u);
  });
  after(async () => { await memory.close(); });

  it('finds fact and memory pairs with reasons, scores and older/newer sides', async () => {
    const found = await memory.graph.findContradictions(u);
    const fact = found.find((c) => c.kind === 'observation')!;
    assert.deepEqual(fact.reasons, ['negation_diff']);
    assert.equal(fact.entity?.name, 'Alice');
    assert.equal(fact.older.text, 'Alice is allergic to peanuts');
    assert.equal(fact.newer.text, 'Alice is not allergic to peanuts');
    assert.ok(fact.scores.jaccard >= 0.75);
    const mem = found.find((c) => c.kind === 'memory')!;
    assert.deepEqual(mem.reasons, ['value_conflict']);
    assert.equal(mem.older.text, 'I live in Lisbon');
    assert.equal(found.length, 2, 'compatible statements are not flagged');
    assert.deepEqual(await memory.graph.findContradictions({ userId: 'bob' }), []);
  });

  it('supersede closes the older fact without deleting it; dismiss is remembered; delete removes one side', async () => {
    const [fact] = (await memory.graph.findContradictions({ ...u, memories: false }));
    const res = await memory.graph.resolveContradiction(fact!.id, 'supersede', u);
    assert.deepEqual(res.changed, [fact!.older.id]);
    const alice = (await memory.graph.listEntities(u)).rows[0]!;
    const full = await memory.graph.entity(alice.id, u);
    const old = full.observations.find((o) => o.id === fact!.older.id)!;
    assert.equal(old.content, 'Alice is allergic to peanuts', 'text unchanged');
    assert.equal(old.supersededBy, fact!.newer.id);
    assert.equal(old.invalidAt, Date.parse('2023-09-01'));

    const mem = (await memory.graph.findContradictions(u)).find((c) => c.kind === 'memory')!;
    await memory.graph.resolveContradiction(mem.id, 'dismiss', u);
    assert.deepEqual(await memory.graph.findContradictions(u), [], 'dismissed pairs are not flagged again');

    await memory.add('I have 2 cats', u);
    await memory.add('I have 3 cats', u);
    const cats = (await memory.graph.findContradictions(u))[0]!;
    assert.deepEqual(cats.reasons, ['number_conflict']);
    const del = await memory.graph.resolveContradiction(cats.id, 'delete', { ...u, target: 'newer' });
    assert.deepEqual(del.changed, [cats.newer.id]);
    await assert.rejects(memory.graph.resolveContradiction('bogus', 'dismiss', u), /not a contradiction id/);
    await assert.rejects(memory.graph.resolveContradiction(cats.id, 'explode' as never, u), /invalid action/);
  });
});
