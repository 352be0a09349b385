/**
 * Must-show 3 of issue 17: the LLM-free contradiction rules on the team's labelled
 * fixture (test/fixtures/contradictions.json, >= 60 pairs, several languages) keep
 * precision >= 0.8 and recall >= 0.6. The figures themselves come from the benchmark
 * (`node dist/bench/graph/contradictions-bench.js`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, loadPairs } from '../bench/graph/contradiction-eval.js';

describe('contradiction quality on the labelled fixture', () => {
  const pairs = loadPairs();

  it('has at least 60 labelled pairs of both kinds in several languages', () => {
    assert.ok(pairs.length >= 60, `${pairs.length} pairs`);
    assert.ok(pairs.filter((p) => p.label === 'contradiction').length >= 25);
    assert.ok(pairs.filter((p) => p.label === 'compatible').length >= 25);
    assert.ok(new Set(pairs.map((p) => p.lang)).size >= 5);
  });

  it('keeps precision >= 0.8 and recall >= 0.6', () => {
    const s = evaluate(pairs);
    console.log(`contradictions: precision ${s.precision}, recall ${s.recall} on ${s.pairs} pairs`);
    assert.ok(s.precision >= 0.8, `precision ${s.precision}`);
    assert.ok(s.recall >= 0.6, `recall ${s.recall}`);
  });
});
