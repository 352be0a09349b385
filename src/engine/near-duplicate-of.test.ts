/**
 * `nearDuplicateOf` (one added text judged against many stored ones, each analysed once)
 * gives `isNearDuplicate`'s verdicts: on every labelled pair of the fixtures, with and
 * without a cosine, under the default and a stricter rule, also when a stored text is
 * judged twice (the add path's word pass, then its cosine pass).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isNearDuplicate, nearDuplicateOf } from './near-duplicate.js';

const fixture = (name: string) => (JSON.parse(readFileSync(new URL(`../../../test/fixtures/near-duplicates/${name}.json`, import.meta.url), 'utf8')) as {
  pairs: Array<[string, string, boolean]>;
}).pairs;

describe('nearDuplicateOf', () => {
  it('gives the verdicts of isNearDuplicate on every labelled pair, judged twice', () => {
    const pairs = [...fixture('pairs'), ...fixture('held-out')];
    assert.ok(pairs.length > 50);
    const strict = { similarity: 0.9, jaccard: 0.7, lexicalOnly: 0.9 };
    for (const [stored, added] of pairs) {
      const judge = nearDuplicateOf(added);
      for (const cosine of [null, 1, 0.85, 0.5]) {
        assert.deepEqual(judge(stored, cosine), isNearDuplicate(stored, added, cosine), `${stored} / ${added} / ${cosine}`);
        assert.deepEqual(judge(stored, cosine, strict), isNearDuplicate(stored, added, cosine, strict));
      }
    }
  });

  it('judges many stored texts against one added text', () => {
    const judge = nearDuplicateOf('I prefer window seats on long-haul flights');
    assert.equal(judge('I prefer window seats on long flights', 0.956).same, true);
    assert.equal(judge('I prefer aisle seats on long flights', 0.95).same, false);
    assert.equal(judge('I no longer prefer window seats on long flights', 0.95).same, false);
  });
});
