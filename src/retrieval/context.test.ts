import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asCandidates, contextScores } from './context.js';

describe('contextScores', () => {
  it('averages a memory with its neighbours and leaves a memory without neighbours as it is', () => {
    const own = new Map([['a', 1], ['b', 0], ['c', 0.5]]);
    const n = new Map([['a', ['b']], ['b', ['a', 'c']]]);
    const s = contextScores(['a', 'b', 'c'], own, n, 1);
    assert.equal(s.get('a'), 0.5); // (1 + 1·0) / 2
    assert.equal(s.get('b'), 0.375); // (0 + 1·0.75) / 2
    assert.equal(s.get('c'), 0.5); // no neighbours
  });
});

describe('asCandidates', () => {
  it('ranks best first, keeps input order on ties, and drops zeros unless asked', () => {
    const scores = new Map([['a', 0], ['b', 2], ['c', 2]]);
    assert.deepEqual(asCandidates(['a', 'b', 'c'], scores, false), [{ id: 'b', rank: 1, score: 2 }, { id: 'c', rank: 2, score: 2 }]);
    assert.equal(asCandidates(['a', 'b', 'c'], scores, true).length, 3);
  });
});
