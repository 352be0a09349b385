/**
 * Calibrated scores on the PostgreSQL backend (PGlite + pgvector over pglite-socket, as
 * in the store conformance suite): its keyword score is `ts_rank`, so search uses the
 * `ts_rank` models of retrieval/calibration.ts, which leave the keyword score's value
 * out; scores are probabilities that never rise down the list, and `threshold` filters
 * on them as on SQLite.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { Embedder, Vector } from '../src/embedding/embedder.js';
import { Memory } from '../src/index.js';
import { calibrateList, calibrationModel } from '../src/retrieval/calibration.js';
import { freshPgliteStore, stopPglite } from './support/postgres-servers.js';

after(stopPglite);

/** Lower-cased words hashed into 64 buckets, L2-normalised (a deterministic test double). */
const bagOfWords: Embedder = {
  id: 'test:bag-of-words-64',
  dimensions: 64,
  async embed(texts: string[]): Promise<Vector[]> {
    return texts.map((t) => {
      const v = new Float32Array(64);
      for (const w of t.toLowerCase().match(/[a-z0-9]+/g) ?? []) v[createHash('md5').update(w).digest().readUInt16LE(0) % 64]! += 1;
      if (v.every((x) => x === 0)) v[0] = 1;
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
  },
};

describe('calibrated scores on PostgreSQL (ts_rank)', () => {
  it('scores with the ts_rank models, in [0, 1], never rising, and filters by threshold', async () => {
    const store = await freshPgliteStore();
    assert.equal(store.capabilities.keywordScore, 'ts_rank');
    const memory = new Memory({ store, embedder: bagOfWords });
    try {
      for (const text of ['I prefer window seats on long flights', 'Window cleaning every spring', 'Green tea every morning', 'Our billing service runs on PostgreSQL 16']) {
        await memory.add(text, { userId: 'u' });
      }
      for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
        const { results } = await memory.search('window seats on flights', { userId: 'u', mode, log: false });
        assert.ok(results.length >= 2, mode);
        assert.equal(results[0]!.memory, 'I prefer window seats on long flights', mode);
        const scores = results.map((r) => r.score);
        assert.ok(scores.every((s, i) => s >= 0 && s <= 1 && (i === 0 || s <= scores[i - 1]!)), `${mode}: ${scores.join(', ')}`);
        assert.deepEqual(scores, calibrateList(calibrationModel(mode, 'ts_rank'), results.map((r) => r.signals!)), `${mode} uses the ts_rank model`);
        const cut = (scores[0]! + scores[1]!) / 2;
        if (scores[0]! > scores[1]!) {
          const kept = await memory.search('window seats on flights', { userId: 'u', mode, threshold: cut, log: false });
          assert.deepEqual(kept.results.map((r) => r.memory), ['I prefer window seats on long flights'], mode);
        }
      }
    } finally {
      await memory.close();
    }
  });
});
