import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convexCombination, reciprocalRankFusion, RRF_K } from './fusion.js';

const list = (ids: string[], scores?: number[]) => ids.map((id, i) => ({ id, rank: i + 1, score: scores?.[i] ?? 1 / (i + 1) }));

describe('reciprocalRankFusion', () => {
  it('adds 1/(k+rank) per list and normalises rank 1 in both lists to 1', () => {
    const fused = reciprocalRankFusion(list(['a', 'b']), list(['a', 'c']));
    assert.equal(fused[0]!.id, 'a');
    assert.equal(fused[0]!.score, 1);
    assert.deepEqual(fused[0]!.ranks, { keyword: 1, vector: 1 });
    const b = fused.find((f) => f.id === 'b')!;
    assert.ok(Math.abs(b.score - (1 / (RRF_K + 2)) / (2 / (RRF_K + 1))) < 1e-12);
    assert.deepEqual(b.ranks, { keyword: 2, vector: null });
  });
  it('breaks ties by vector rank', () => {
    const fused = reciprocalRankFusion(list(['k1']), list(['v1']));
    assert.deepEqual(fused.map((f) => f.id), ['v1', 'k1']);
  });
});

describe('convexCombination', () => {
  it('weights BM25/max by alpha and min-max cosine by 1-alpha', () => {
    const fused = convexCombination(list(['a', 'b'], [10, 5]), list(['b', 'c', 'a'], [0.9, 0.5, 0.1]), 0.7);
    const score = Object.fromEntries(fused.map((f) => [f.id, f.score]));
    assert.ok(Math.abs(score.a! - 0.7) < 1e-9);
    assert.ok(Math.abs(score.b! - (0.35 + 0.3)) < 1e-9);
    assert.ok(Math.abs(score.c! - 0.3 * 0.5) < 1e-9);
    assert.deepEqual(fused.map((f) => f.id), ['a', 'b', 'c']);
  });
  it('uses the clipped cosine when min-max is degenerate (one vector candidate)', () => {
    const [only] = convexCombination([], list(['x'], [0.8]), 0.7);
    assert.ok(Math.abs(only!.score - 0.3 * 0.8) < 1e-9);
  });
  it('returns nothing for no candidates', () => {
    assert.deepEqual(convexCombination([], []), []);
  });
});
