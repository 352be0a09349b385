/**
 * `bench calibrate`: fits the calibrated-score models of retrieval/calibration.ts on a
 * LoCoMo-format file (default the dev split) and prints them as TypeScript constants,
 * with their calibration measures.
 *
 * Data: the turns are stored as `bench locomo` stores them; every question is asked,
 * with mnemo's defaults and `limit` 50, of its own conversation (a hit is positive when
 * it is one of the question's evidence turns) and of every other conversation (all hits
 * negative: nothing there is relevant to it). Each hit's `signals` become the features.
 *
 * Checks printed: in-sample log-loss/Brier/ECE; the same fitted on one half of the
 * conversations' questions and scored on the other half (both ways, when there are 2+
 * conversations); a rank-only model beside it; and evidence recall@5/10 when the
 * results are re-ordered by the model's probability instead of the fused score.
 *
 * Failure contract: a missing data file is a {@link BenchUsageError}; SDK errors propagate.
 */
import { resolve } from 'node:path';
import { Memory } from '../../src/index.js';
import { createEmbedder } from '../../src/embedding/create-embedder.js';
import { type CalibrationFeature, featureValue, type HitSignals } from '../../src/retrieval/calibration.js';
import { progress } from '../report/progress.js';
import { machineInfo, stamp, writeResult } from '../report/results.js';
import { cachingEmbedder } from '../systems/caching-embedder.js';
import { type MnemoMode, mnemoSystem } from '../systems/mnemo-system.js';
import { evidenceRecall, loadLocomo } from '../locomo/locomo-dataset.js';
import { ingestLocomo, locomoUserId } from '../locomo/locomo-eval.js';
import { requireLocomoFile } from '../locomo/run-locomo.js';
import { calibrationMeasures, fitLogistic, type LogisticFit, predict } from './logistic.js';

/** Options of `bench calibrate`. */
export interface CalibrateOptions { data: string; out: string; embedCache: boolean; limit: number }

/** One hit of one search. */
interface Row { query: number; conversation: string; own: boolean; label: number; signals: HitSignals; diaId: string; createdAt: number }

/** The feature sets fitted, per model name of CALIBRATION_MODELS. */
const MODELS: Array<{ name: string; mode: MnemoMode; features: CalibrationFeature[] }> = [
  { name: 'hybrid:bm25', mode: 'hybrid', features: ['fused', 'logRank', 'cosine', 'keyword', 'topCosine', 'topKeyword'] },
  { name: 'hybrid:ts_rank', mode: 'hybrid', features: ['fused', 'logRank', 'cosine', 'topCosine'] },
  { name: 'keyword:bm25', mode: 'keyword', features: ['fused', 'logRank', 'keyword', 'topKeyword'] },
  { name: 'keyword:ts_rank', mode: 'keyword', features: ['fused', 'logRank'] },
  { name: 'vector', mode: 'vector', features: ['fused', 'logRank', 'cosine', 'topCosine'] },
  // Alternatives printed for comparison (absolute signals only, no fused score).
  { name: 'hybrid:bm25 (absolute)', mode: 'hybrid', features: ['logRank', 'cosine', 'keyword', 'topCosine', 'topKeyword'] },
  { name: 'vector (absolute)', mode: 'vector', features: ['logRank', 'cosine', 'topCosine'] },
  { name: 'keyword:bm25 (absolute)', mode: 'keyword', features: ['logRank', 'keyword', 'topKeyword'] },
];

/** Features whose weight must be ≥ 0 (a better hit must not score lower); logRank must be ≤ 0. */
const INCREASING: CalibrationFeature[] = ['fused', 'cosine', 'keyword'];

/** Fits with `features`, dropping a feature whose weight comes out with the wrong sign and refitting. */
function fitMonotone(rows: Row[], features: CalibrationFeature[]): { features: CalibrationFeature[]; fit: LogisticFit } {
  let use = [...features];
  for (;;) {
    const fit = fitLogistic(rows.map((r) => use.map((f) => featureValue(f, r.signals))), rows.map((r) => r.label));
    const bad = use.findIndex((f, j) => (INCREASING.includes(f) && fit.weights[j]! < 0) || (f === 'logRank' && fit.weights[j]! > 0));
    if (bad < 0) return { features: use, fit };
    use = use.filter((_, j) => j !== bad);
  }
}

function measure(rows: Row[], features: CalibrationFeature[], fit: LogisticFit) {
  return calibrationMeasures(rows.map((r) => predict(fit, features.map((f) => featureValue(f, r.signals)))), rows.map((r) => r.label));
}

/** Runs the fit and prints the constants. */
export async function runCalibrate(options: CalibrateOptions): Promise<void> {
  requireLocomoFile(options.data);
  const startedAt = new Date().toISOString();
  const conversations = loadLocomo(options.data);
  const inner = (await createEmbedder({ provider: 'local' }))!;
  const embedder = options.embedCache ? cachingEmbedder(inner) : inner;
  const memory = new Memory({ path: ':memory:', embedder });
  const results: Record<string, unknown> = {};
  try {
    await ingestLocomo(mnemoSystem(memory, 'hybrid'), conversations, 'batch', progress('storing turns'));
    const byMode = new Map<MnemoMode, Row[]>();
    for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
      const rows: Row[] = [];
      let query = 0;
      const total = conversations.reduce((n, c) => n + c.questions.length, 0) * conversations.length;
      const tick = progress(`${mode} searches`);
      let done = 0;
      for (const c of conversations) {
        for (const q of c.questions) {
          for (const target of conversations) {
            const own = target === c;
            const { results: hits } = await memory.search(q.question, { userId: locomoUserId(target), limit: options.limit, mode, log: false });
            const evidence = new Set(own ? q.evidence : []);
            for (const h of hits) {
              const diaId = String((h.metadata as Record<string, unknown>)['dia_id']);
              if (h.signals) rows.push({ query, conversation: c.sampleId, own, label: evidence.has(diaId) ? 1 : 0, signals: h.signals, diaId, createdAt: Date.parse(h.createdAt) });
            }
            query++;
            tick(++done, total);
          }
        }
      }
      byMode.set(mode, rows);
    }
    const constants: string[] = [];
    for (const model of MODELS) {
      const rows = byMode.get(model.mode)!;
      const { features, fit } = fitMonotone(rows, model.features);
      const inSample = measure(rows, features, fit);
      const rankOnly = fitLogistic(rows.map((r) => [featureValue('logRank', r.signals)]), rows.map((r) => r.label));
      const rankOnlyMeasures = calibrationMeasures(rows.map((r) => predict(rankOnly, [featureValue('logRank', r.signals)])), rows.map((r) => r.label));
      // Held out: fit on the questions of all conversations but one, score on that one's questions.
      const heldOut = conversations.length < 2 ? null : conversations.map((c) => {
        const train = rows.filter((r) => r.conversation !== c.sampleId);
        const test = rows.filter((r) => r.conversation === c.sampleId);
        const f = fitLogistic(train.map((r) => features.map((x) => featureValue(x, r.signals))), train.map((r) => r.label));
        return { conversation: c.sampleId, ...measure(test, features, f) };
      });
      // Recall when re-ordered by probability (own-conversation searches only).
      const reordered = reorderRecall(rows, features, fit, conversations);
      results[model.name] = { features, bias: fit.bias, weights: fit.weights, rows: rows.length, positives: rows.filter((r) => r.label === 1).length, inSample, rankOnly: rankOnlyMeasures, heldOut, reordered };
      console.log(`\n${model.name}: ${rows.length} hits, ${rows.filter((r) => r.label === 1).length} positive`);
      console.log(`  in-sample  log-loss ${inSample.logLoss.toFixed(4)}  Brier ${inSample.brier.toFixed(4)}  ECE ${inSample.ece.toFixed(4)}`);
      console.log(`  rank only  log-loss ${rankOnlyMeasures.logLoss.toFixed(4)}  Brier ${rankOnlyMeasures.brier.toFixed(4)}  ECE ${rankOnlyMeasures.ece.toFixed(4)}`);
      for (const h of heldOut ?? []) console.log(`  held out ${h.conversation}: log-loss ${h.logLoss.toFixed(4)}  Brier ${h.brier.toFixed(4)}  ECE ${h.ece.toFixed(4)}`);
      console.log(`  recall@5/10 fused order ${pct(reordered.fused[0])} / ${pct(reordered.fused[1])}, by probability ${pct(reordered.probability[0])} / ${pct(reordered.probability[1])}`);
      const weights = features.map((f, j) => `${f}: ${round(fit.weights[j]!)}`).join(', ');
      constants.push(`  '${model.name}': { bias: ${round(fit.bias)}, weights: { ${weights} } },`);
    }
    const recency = recencyAblation(byMode.get('hybrid')!, conversations);
    results['recencyAblation'] = recency;
    console.log('\nRecency and use (local-memory-mcp: fused × (1 + 0.15·e^(-age/30d) + 0.10·u/(u+5) + 0.15·importance), importance 0), hybrid, own-conversation searches:');
    for (const r of recency) console.log(`  ${r.name.padEnd(34)} recall@5/10/25/50 ${r.recall.map(pct).join(' / ')}`);
    console.log(`\nCALIBRATION_MODELS (retrieval/calibration.ts):\n${constants.join('\n')}`);
    const path = writeResult(options.out, {
      command: 'calibrate', startedAt, durationSeconds: (Date.now() - Date.parse(startedAt)) / 1000, machine: machineInfo(),
      options: { ...options, data: resolve(options.data), out: resolve(options.out) }, results, plots: [],
    });
    console.log(`\nwrote ${path} (${stamp(startedAt)})`);
  } finally {
    if ('flush' in embedder) (embedder as { flush(): void }).flush();
    await memory.close();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function pct(x: number | undefined): string {
  return ((x ?? Number.NaN) * 100).toFixed(1);
}

/** Evidence recall@5/10 of own-conversation searches in fused order and re-sorted by the model's probability. */
function reorderRecall(rows: Row[], features: CalibrationFeature[], fit: LogisticFit, conversations: ReturnType<typeof loadLocomo>) {
  const evidence = new Map<number, string[]>();
  let query = 0;
  for (const c of conversations) for (const q of c.questions) for (const t of conversations) { if (t === c) evidence.set(query, q.evidence); query++; }
  const byQuery = new Map<number, Row[]>();
  for (const r of rows) if (r.own) (byQuery.get(r.query) ?? byQuery.set(r.query, []).get(r.query)!).push(r);
  const fused = [0, 0];
  const probability = [0, 0];
  for (const [q, ev] of evidence) {
    const hits = byQuery.get(q) ?? [];
    const sorted = [...hits].sort((a, b) => predict(fit, features.map((f) => featureValue(f, b.signals))) - predict(fit, features.map((f) => featureValue(f, a.signals))));
    [5, 10].forEach((k, i) => {
      fused[i]! += evidenceRecall(ev, hits.map((h) => h.diaId), k);
      probability[i]! += evidenceRecall(ev, sorted.map((h) => h.diaId), k);
    });
  }
  const n = Math.max(1, evidence.size);
  return { fused: fused.map((x) => x / n), probability: probability.map((x) => x / n) };
}

/** One day in milliseconds. */
const DAY_MS = 86_400_000;

/**
 * Recall@5/10/25/50 of the own-conversation hybrid searches (top 50, fused order) when
 * re-ordered by local-memory-mcp's multiplier `1 + 0.15·e^(-age/30d) + 0.10·u/(u+5)
 * (+ 0.15·importance; mnemo has no importance, 0)`. Age: from the memory's time to the
 * conversation's last session (the questions come after it). Use `u`: how often the
 * memory was in the top 10 of the conversation's earlier questions (question order),
 * i.e. what an access count would hold had each question been asked once, in order.
 */
function recencyAblation(rows: Row[], conversations: ReturnType<typeof loadLocomo>) {
  const variants = [
    { name: 'fused score (default)', recency: 0, use: 0 },
    { name: 'x (1 + 0.15 recency)', recency: 0.15, use: 0 },
    { name: 'x (1 + 0.10 use)', recency: 0, use: 0.1 },
    { name: 'x (1 + 0.15 recency + 0.10 use)', recency: 0.15, use: 0.1 },
  ];
  const ks = [5, 10, 25, 50];
  const byQuery = new Map<number, Row[]>();
  for (const r of rows) if (r.own) (byQuery.get(r.query) ?? byQuery.set(r.query, []).get(r.query)!).push(r);
  return variants.map((v) => {
    const recall = ks.map(() => 0);
    let n = 0;
    let query = 0;
    for (const c of conversations) {
      const now = Math.max(...c.turns.map((t) => t.timestamp));
      const uses = new Map<string, number>();
      for (const q of c.questions) {
        for (const t of conversations) {
          if (t === c) {
            const hits = byQuery.get(query) ?? [];
            const boosted = hits.map((h) => {
              const u = uses.get(h.diaId) ?? 0;
              const factor = 1 + v.recency * Math.exp(-(now - h.createdAt) / (30 * DAY_MS)) + v.use * (u / (u + 5));
              return { h, s: h.signals.fused * factor };
            }).sort((a, b) => b.s - a.s).map((x) => x.h.diaId);
            ks.forEach((k, i) => (recall[i]! += evidenceRecall(q.evidence, boosted, k)));
            for (const id of boosted.slice(0, 10)) uses.set(id, (uses.get(id) ?? 0) + 1);
            n++;
          }
          query++;
        }
      }
    }
    return { name: v.name, recall: recall.map((x) => x / Math.max(1, n)) };
  });
}
