/**
 * Calibrated scores (calibration.ts): every model gives a probability in [0, 1] that
 * never falls when the hit's fused score, cosine or keyword score rises, never rises
 * with its rank, and rises with how well the store answers the query; `calibrateList`
 * never rises down a list.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALIBRATION_MODELS, calibrateList, calibrationModel, DEFAULT_RELEVANCE_FLOOR, type HitSignals, probability } from './calibration.js';

const base: HitSignals = { fused: 0.5, rank: 3, cosine: 0.4, keyword: 2, topCosine: 0.5, topKeyword: 4, terms: 3, candidates: 100 };
const grid = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

describe('calibrated scores', () => {
  for (const [name, model] of Object.entries(CALIBRATION_MODELS)) {
    it(`${name}: in [0, 1] and monotonic in every signal, in small and large stores`, () => {
      for (const candidates of [3, 10, 16, 20, 25, 100]) {
      const p = (s: Partial<HitSignals>) => probability(model, { ...base, candidates, ...s });
      for (const fused of grid) {
        for (const rank of [1, 2, 5, 10, 50, 1000]) {
          const v = p({ fused, rank });
          assert.ok(v >= 0 && v <= 1 && Number.isFinite(v), `${v}`);
          assert.ok(p({ fused, rank: rank + 1 }) <= v, 'a lower rank never scores higher');
          assert.ok(p({ fused: Math.min(1, fused + 0.05), rank }) >= v, 'a higher fused score never scores lower');
        }
      }
      for (const c of [-1, -0.2, 0, 0.3, 0.6, 1]) {
        assert.ok(p({ cosine: c + 0.1 }) >= p({ cosine: c }));
        assert.ok(p({ topCosine: c + 0.1 }) >= p({ topCosine: c }), 'a store that answers better never scores lower');
      }
      for (const k of [0, 0.5, 2, 10, 100]) {
        assert.ok(p({ keyword: k + 1 }) >= p({ keyword: k }));
        assert.ok(p({ topKeyword: k + 1 }) >= p({ topKeyword: k }));
      }
      assert.ok(p({ fused: 1, rank: 1 }) > p({ fused: 0, rank: 50 }), 'the model is not constant');
      // Extremes stay finite and inside [0, 1].
      for (const extreme of [{ fused: 1e9 }, { fused: -1e9 }, { topKeyword: 1e12 }, { rank: Number.MAX_SAFE_INTEGER }]) {
        const v = p(extreme);
        assert.ok(v >= 0 && v <= 1, `${JSON.stringify(extreme)} -> ${v}`);
      }
      }
    });
  }

  it('a list never rises down its ranks, even when a lower hit looks better', () => {
    const model = calibrationModel('hybrid', 'bm25');
    const hits: HitSignals[] = [{ ...base, fused: 0.6, rank: 1 }, { ...base, fused: 0.9, rank: 2 }, { ...base, fused: 0.2, rank: 3 }];
    const scores = calibrateList(model, hits);
    assert.equal(scores[0], probability(model, hits[0]!));
    assert.equal(scores[1], scores[0], 'capped by the hit above');
    assert.ok(scores[2]! < scores[1]!);
  });

  it('a query the store answers well scores its best hit above the default floor; one it does not answer, below', () => {
    const model = calibrationModel('hybrid', 'bm25');
    // Typical LoCoMo dev figures: an answered question's best hit (both sides agree, a
    // name matched) against a question asked of another conversation (weak cosine, no term).
    const answered = probability(model, { fused: 1, rank: 1, cosine: 0.6, keyword: 9, topCosine: 0.6, topKeyword: 9, terms: 3, candidates: 100 });
    const unanswered = probability(model, { fused: 0.4, rank: 1, cosine: 0.3, keyword: 0, topCosine: 0.3, topKeyword: 0, terms: 3, candidates: 100 });
    assert.ok(answered >= DEFAULT_RELEVANCE_FLOOR, `${answered}`);
    assert.ok(unanswered < DEFAULT_RELEVANCE_FLOOR, `${unanswered}`);
  });

  it('scores the best match of a six-memory store higher than the same match among hundreds of memories', () => {
    const model = calibrationModel('hybrid', 'bm25');
    const best: HitSignals = { fused: 1, rank: 1, cosine: 0.59, keyword: 1.45, topCosine: 0.59, topKeyword: 1.45, terms: 3, candidates: 6 };
    assert.ok(probability(model, best) > 0.5, `${probability(model, best)}`);
    assert.ok(probability(model, { ...best, candidates: 400 }) < probability(model, best));
    // Between the regimes the score moves continuously with the store size.
    const steps = [16, 18, 20, 22, 24, 25].map((candidates) => probability(model, { ...best, candidates }));
    for (let i = 1; i < steps.length; i++) assert.ok(Math.abs(steps[i]! - steps[i - 1]!) < 0.25, steps.join(', '));
  });

  it('PostgreSQL (ts_rank) gets models that ignore the keyword score value', () => {
    for (const mode of ['hybrid', 'keyword'] as const) {
      const m = calibrationModel(mode, 'ts_rank');
      for (const part of [m.large, m.small]) {
        assert.equal(part.weights.keyword ?? 0, 0);
        assert.equal(part.weights.topKeyword ?? 0, 0);
      }
    }
  });
});
