/**
 * Calibrated search scores: turns what one search knows about a hit (its fused score, its
 * rank, its own cosine and keyword score, the best cosine and keyword score of the query,
 * how many memories the search could return) into an estimated probability, in [0, 1],
 * that the hit is relevant, with the same meaning for every query: a hit scored 0.3 is
 * about as likely to be relevant as any other hit scored 0.3, whatever the query.
 *
 * "Relevant" is what the LoCoMo dev split measures: the memory is one of the turns the
 * answer to the question rests on (its evidence). Each mode has a logistic regression
 * (`p = 1 / (1 + e^-(b + Σ wᵢ·xᵢ))`, {@link CalibrationFeature}) in two regimes
 * ({@link CalibrationModel}): large stores, fitted on the two full conversations (about
 * 400 turns each), and small stores of 3-16 memories, fitted on stores sampled from them
 * (a question's evidence turns plus 2, 5 or 12 other turns), because the best match among
 * six memories is far more likely right than among 400. Fitted by
 * `npm run bench -- calibrate --embed-cache` (bench/calibration/run-calibration.ts) on the
 * 304 dev questions, each asked of its own conversation (the labels: its evidence turns)
 * and of the other conversation, whose memories hold nothing relevant to it, in every
 * store size. Without those second queries a fit learns rank alone (every LoCoMo
 * question has an answer) and cannot tell a store that answers from one that does not.
 * The 1:1 mix is an assumption about how often a query has no answer in the store; it
 * sets the level of every probability, and is written in bench/README.md with the fit's
 * calibration error, precision and recall at {@link DEFAULT_RELEVANCE_FLOOR}.
 *
 * Backends differ in the keyword score (`capabilities.keywordScore`): the `bm25` models
 * use its value; the `ts_rank` models (PostgreSQL) leave the keyword score's value out,
 * keeping its rank and share of the fused score, fitted on the same questions.
 *
 * Ranking is not changed by calibration: results stay in fused order and each score is
 * capped by the one above it ({@link calibrateList}), so a threshold cuts the result
 * list at one place. Pure functions, no I/O.
 */
import type { KeywordScore } from '../storage/store.js';

/** Search modes, as in `Memory.search`. */
export type CalibrationMode = 'hybrid' | 'keyword' | 'vector';

/**
 * What a search knows about one hit. Units: cosine in [-1, 1]; keyword scores as the
 * store's `capabilities.keywordScore` says (BM25 ≥ 0, unbounded); rank 1-based.
 */
export interface HitSignals {
  /**
   * The score results are ordered by: hybrid the fused score in [0, 1]; keyword the
   * (context) keyword score divided by the query's best; vector the (context) cosine.
   */
  fused: number;
  /** 1-based position in the fused ranking. */
  rank: number;
  /** The hit's own cosine to the query, `null` when unknown (keyword mode, no vector). */
  cosine: number | null;
  /** The hit's own keyword score, 0 when no query term matched it, `null` in vector mode. */
  keyword: number | null;
  /** The best own cosine of any candidate of this query, `null` when unknown. */
  topCosine: number | null;
  /** The best own keyword score of any candidate of this query, `null` when unknown. */
  topKeyword: number | null;
  /** Number of distinct query terms the keyword side searched for (≥ 1). */
  terms: number;
  /**
   * Memories the search could return (the store's memories within the filters), exact
   * below {@link SCOPE_CAP}, at least that many otherwise.
   */
  candidates: number;
}

/**
 * Candidates beyond which a store counts as large for the `scope` feature: 25, the
 * fewest candidates a search of a store that size ranks per side (`CONTEXT_SEEDS`), so
 * the feature is the same at every `limit` for large stores, and above the largest
 * small store the fit samples (evidence plus up to 12 other turns).
 */
export const SCOPE_CAP = 25;

/**
 * Model inputs: `fused` (HitSignals.fused), `logRank` (ln rank), `cosine` (own cosine),
 * `keyword` (ln(1 + own BM25 / query terms): BM25 per query term, so long queries do not
 * look more relevant than short ones), `topCosine`, `topKeyword` (the same two for the
 * query's best candidate: how well the store as a whole answers the query), `scope`
 * (ln min(candidates, SCOPE_CAP): in a store of six memories the best match is far more
 * likely right than in a conversation of 400 turns).
 */
export type CalibrationFeature = 'fused' | 'logRank' | 'cosine' | 'keyword' | 'topCosine' | 'topKeyword' | 'scope';

/** A fitted logistic model: `bias` plus one weight per feature (features without a weight are not used). */
export interface LogisticModel {
  bias: number;
  weights: Partial<Record<CalibrationFeature, number>>;
}

/**
 * One mode's calibration: `large` for searches that rank at least {@link SCOPE_CAP}
 * candidates (fitted on full LoCoMo conversations), `small` for at most
 * {@link SMALL_STORE} (fitted on small stores sampled from them); in between, the two
 * models' log-odds are mixed linearly by the candidate count.
 */
export interface CalibrationModel {
  large: LogisticModel;
  small: LogisticModel;
}

/** Candidates up to which only the small-store model counts: 16, the largest small store the fit samples (4 evidence turns + 12 others). */
export const SMALL_STORE = 16;

/** The value of one feature for a hit (unknown signals count 0). */
export function featureValue(feature: CalibrationFeature, s: HitSignals): number {
  const perTerm = (bm25: number | null) => Math.log1p(Math.max(0, bm25 ?? 0) / Math.max(1, s.terms));
  switch (feature) {
    case 'fused': return s.fused;
    case 'logRank': return Math.log(Math.max(1, s.rank));
    case 'cosine': return s.cosine ?? 0;
    case 'keyword': return perTerm(s.keyword);
    case 'topCosine': return s.topCosine ?? 0;
    case 'topKeyword': return perTerm(s.topKeyword);
    case 'scope': return Math.log(Math.min(SCOPE_CAP, Math.max(1, s.candidates)));
  }
}

/**
 * The models, per mode and keyword capability, fitted by
 * `npm run bench -- calibrate --embed-cache` on the LoCoMo dev split (record
 * `bench/results/calibrate-2026-11-29T08-27-23Z.json`; 304 questions × 2 conversations,
 * top 50 hits each: 30,400 hybrid hits of which 333 are evidence in the full
 * conversations, 13,844 (1,146) in the small stores). Each regime started from every
 * feature its mode has (hybrid: fused, logRank, cosine, keyword, topCosine, topKeyword;
 * keyword: fused, logRank, keyword, topKeyword; vector: fused, logRank, cosine,
 * topCosine; the `ts_rank` variants without the keyword score's value; the small regime
 * also `scope`) and dropped a feature whose weight came out with the wrong sign (a better
 * hit, or a store that answers better, must not score lower). In large stores the hit's
 * own cosine and BM25 add nothing once its fused score is known: what remains is its
 * place in the query (`fused`, `logRank`) and how well the store answers the query at
 * all (`topCosine`, `topKeyword`). In small stores the own cosine and BM25 carry most of
 * the weight. Held out (fitted on one conversation's questions, scored on the other's),
 * expected calibration error is at most 0.005 in large stores and 0.018 in small ones
 * for hybrid and vector, 0.04 for keyword mode in small stores (its weakest point);
 * large-store log-loss is 8-12% below a rank-only model's (1% for `keyword:ts_rank`;
 * bench/README.md "Scores and thresholds"). `keyword:ts_rank` in large stores is a
 * function of the hit's place alone (PostgreSQL's `ts_rank` has no IDF): calibrated on
 * average, but it cannot tell a query the store does not answer.
 */
export const CALIBRATION_MODELS: Readonly<Record<'hybrid:bm25' | 'hybrid:ts_rank' | 'keyword:bm25' | 'keyword:ts_rank' | 'vector', CalibrationModel>> = {
  'hybrid:bm25': {
    large: { bias: -9.493, weights: { fused: 3.833, logRank: -0.752, topCosine: 4.988, topKeyword: 1.715 } },
    small: { bias: -6.101, weights: { fused: 3.564, cosine: 5.834, keyword: 2.706, topCosine: 1.545, scope: -0.839 } },
  },
  'hybrid:ts_rank': {
    large: { bias: -8.342, weights: { fused: 2.902, logRank: -0.917, topCosine: 7.846 } },
    small: { bias: -7.054, weights: { fused: 5.8, cosine: 6.389, topCosine: 2.114, scope: -0.802 } },
  },
  'keyword:bm25': {
    large: { bias: -8.821, weights: { fused: 3.955, logRank: -0.485, topKeyword: 3.209 } },
    small: { bias: -2.673, weights: { fused: 2.213, keyword: 3.478, scope: -0.731 } },
  },
  'keyword:ts_rank': {
    large: { bias: -3.079, weights: { fused: 1.607, logRank: -0.96 } },
    small: { bias: -2.459, weights: { fused: 4.036, logRank: -0.191, scope: -0.62 } },
  },
  vector: {
    large: { bias: -7.425, weights: { fused: 4.371, logRank: -0.818, topCosine: 5.526 } },
    small: { bias: -5.484, weights: { fused: 2.524, logRank: -0.635, cosine: 11.859, scope: -0.661 } },
  },
};

/** The model a search of `mode` on a store with `keywordScore` uses. */
export function calibrationModel(mode: CalibrationMode, keywordScore: KeywordScore): CalibrationModel {
  return mode === 'vector' ? CALIBRATION_MODELS.vector : CALIBRATION_MODELS[`${mode}:${keywordScore}`];
}

function logOdds(model: LogisticModel, s: HitSignals): number {
  let z = model.bias;
  for (const [f, w] of Object.entries(model.weights) as Array<[CalibrationFeature, number]>) z += w * featureValue(f, s);
  return z;
}

/** The model's probability for one hit, in [0, 1] (see {@link CalibrationModel} for the two regimes). */
export function probability(model: CalibrationModel, s: HitSignals): number {
  const t = Math.min(1, Math.max(0, (s.candidates - SMALL_STORE) / (SCOPE_CAP - SMALL_STORE)));
  const z = t === 1 ? logOdds(model.large, s) : t === 0 ? logOdds(model.small, s) : (1 - t) * logOdds(model.small, s) + t * logOdds(model.large, s);
  const p = 1 / (1 + Math.exp(-z));
  return Number.isFinite(p) ? p : z > 0 ? 1 : 0;
}

/**
 * Calibrated scores of one ranked list (best first): each hit's probability, capped by
 * the score of the hit above it, so scores never rise down the list and a threshold
 * keeps a prefix.
 * @returns one score in [0, 1] per hit, in order.
 */
export function calibrateList(model: CalibrationModel, hits: HitSignals[]): number[] {
  let cap = 1;
  return hits.map((s) => (cap = Math.min(cap, probability(model, s))));
}

/**
 * The default relevance floor, 0.1: what `threshold` to pass for "relevant memories
 * only". Measured on the LoCoMo dev split (`npm run bench -- locomo`, record
 * `bench/results/locomo-2026-11-29T08-36-48Z.json`, floors 0.02-0.5): in hybrid mode it
 * keeps 2.1 hits per question with precision 23.9% and evidence recall 46.9%, 97.4% of
 * questions keep a hit, and 9.5% of questions asked of another conversation (nothing
 * relevant there) do, against 46.7% at 0.05 and 76.3% of questions answered at 0.2.
 * `search` applies no threshold unless asked.
 */
export const DEFAULT_RELEVANCE_FLOOR = 0.1;
