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
import { calibrateList, DEFAULT_RELEVANCE_FLOOR, type CalibrationFeature, type CalibrationModel, featureValue, type HitSignals, type LogisticModel, probability } from '../../src/retrieval/calibration.js';
import { progress } from '../report/progress.js';
import { machineInfo, stamp, writeResult } from '../report/results.js';
import { cachingEmbedder } from '../systems/caching-embedder.js';
import { type MnemoMode, mnemoSystem } from '../systems/mnemo-system.js';
import { evidenceRecall, loadLocomo } from '../locomo/locomo-dataset.js';
import { ingestLocomo, locomoUserId } from '../locomo/locomo-eval.js';
import { requireLocomoFile } from '../locomo/run-locomo.js';
import { parseFilter } from '../../src/core/filter.js';
import { calibrationMeasures, fitLogistic, predict } from './logistic.js';
import { rng } from '../latency/corpus.js';

/** Options of `bench calibrate`. */
export interface CalibrateOptions { data: string; out: string; embedCache: boolean; limit: number }

/** One hit of one search. */
interface Row { search: number; query: number; conversation: string; own: boolean; full: boolean; label: number; signals: HitSignals; diaId: string; createdAt: number }

/**
 * Small stores sampled beside each full conversation: the question's evidence turns plus
 * this many other turns of its conversation (own), or as many turns of another
 * conversation (other), searched through a `dia_id` filter so nothing else is a candidate.
 */
const SMALL_STORE_EXTRAS = [2, 5, 12];

/** `n` distinct items of `list` not in `skip`, drawn with `random`. */
function sample(list: string[], n: number, skip: Set<string>, random: () => number): string[] {
  const pool = list.filter((x) => !skip.has(x));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/**
 * The feature sets fitted, per model name of CALIBRATION_MODELS: `large` on the full
 * conversations, `small` on the sampled small stores (with `scope`).
 */
const MODELS: Array<{ name: string; mode: MnemoMode; features: CalibrationFeature[] }> = [
  { name: 'hybrid:bm25', mode: 'hybrid', features: ['fused', 'logRank', 'cosine', 'keyword', 'topCosine', 'topKeyword'] },
  { name: 'hybrid:ts_rank', mode: 'hybrid', features: ['fused', 'logRank', 'cosine', 'topCosine'] },
  { name: 'keyword:bm25', mode: 'keyword', features: ['fused', 'logRank', 'keyword', 'topKeyword'] },
  { name: 'keyword:ts_rank', mode: 'keyword', features: ['fused', 'logRank'] },
  { name: 'vector', mode: 'vector', features: ['fused', 'logRank', 'cosine', 'topCosine'] },
];

/** Features whose weight must be ≥ 0 (a better hit, or a store that answers better, must not score lower); logRank must be ≤ 0. */
const INCREASING: CalibrationFeature[] = ['fused', 'cosine', 'keyword', 'topCosine', 'topKeyword'];

/** Fits with `features`, dropping a feature whose weight comes out with the wrong sign and refitting. */
function fitMonotone(rows: Row[], features: CalibrationFeature[]): LogisticModel {
  let use = [...features];
  for (;;) {
    const fit = fitLogistic(rows.map((r) => use.map((f) => featureValue(f, r.signals))), rows.map((r) => r.label));
    const bad = use.findIndex((f, j) => (INCREASING.includes(f) && fit.weights[j]! < 0) || (f === 'logRank' && fit.weights[j]! > 0));
    if (bad < 0) return { bias: round(fit.bias), weights: Object.fromEntries(use.map((f, j) => [f, round(fit.weights[j]!)])) };
    use = use.filter((_, j) => j !== bad);
  }
}

/** Both regimes of one mode's model, fitted on `rows`. */
function fitModel(rows: Row[], features: CalibrationFeature[]): CalibrationModel {
  return { large: fitMonotone(rows.filter((r) => r.full), features), small: fitMonotone(rows.filter((r) => !r.full), [...features, 'scope']) };
}

/** Measures of the scores as shipped: each search's probabilities capped down its list (`calibrateList`). */
function measure(rows: Row[], model: CalibrationModel) {
  const bySearch = new Map<number, Row[]>();
  for (const r of rows) (bySearch.get(r.search) ?? bySearch.set(r.search, []).get(r.search)!).push(r);
  const p: number[] = [];
  const y: number[] = [];
  for (const list of bySearch.values()) {
    p.push(...calibrateList(model, list.map((r) => r.signals)));
    y.push(...list.map((r) => r.label));
  }
  return calibrationMeasures(p, y);
}

/**
 * Precision, evidence recall, share of questions keeping a hit and share of
 * other-conversation searches keeping one, at DEFAULT_RELEVANCE_FLOOR, for full and
 * small stores (as bench/locomo/locomo-floor.ts; recall here over the hits returned,
 * limit 50, pooled over the evidence turns).
 */
function floorFigures(rows: Row[], model: CalibrationModel) {
  const out: Record<string, { precision: number; recall: number; answered: number; falseAnswers: number; meanKept: number }> = {};
  for (const full of [true, false]) {
    const bySearch = new Map<number, Row[]>();
    for (const r of rows) if (r.full === full) (bySearch.get(r.search) ?? bySearch.set(r.search, []).get(r.search)!).push(r);
    let kept = 0; let relevant = 0; let positives = 0; let own = 0; let answered = 0; let other = 0; let wrong = 0;
    for (const list of bySearch.values()) {
      const scores = calibrateList(model, list.map((r) => r.signals));
      const keep = list.filter((_, i) => scores[i]! >= DEFAULT_RELEVANCE_FLOOR);
      if (list[0]!.own) {
        own++;
        kept += keep.length;
        relevant += keep.filter((r) => r.label === 1).length;
        positives += list.filter((r) => r.label === 1).length;
        if (keep.length > 0) answered++;
      } else {
        other++;
        if (keep.length > 0) wrong++;
      }
    }
    out[full ? 'full stores' : 'small stores'] = { precision: relevant / Math.max(1, kept), recall: relevant / Math.max(1, positives), answered: answered / Math.max(1, own), falseAnswers: wrong / Math.max(1, other), meanKept: kept / Math.max(1, own) };
  }
  return out;
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
      let search = 0;
      const total = conversations.reduce((n, c) => n + c.questions.length, 0) * conversations.length;
      const tick = progress(`${mode} searches`);
      let done = 0;
      for (const c of conversations) {
        for (const q of c.questions) {
          for (const target of conversations) {
            const own = target === c;
            const evidence = new Set(own ? q.evidence : []);
            const random = rng(query + 1); // seeded, so the sampled stores are the same on every run
            const turnIds = target.turns.map((t) => t.diaId);
            const scopes: Array<string[] | null> = [null, ...SMALL_STORE_EXTRAS.map((extra) => own
              ? [...evidence, ...sample(turnIds, extra, evidence, random)]
              : sample(turnIds, q.evidence.length + extra, new Set(), random))];
            for (const ids of scopes) {
              search++;
              const filter = ids ? { filter: parseFilter({ metadata: { dia_id: { in: ids } } }) } : {};
              const { results: hits } = await memory.search(q.question, { userId: locomoUserId(target), limit: options.limit, mode, log: false, ...filter });
              for (const h of hits) {
                const diaId = String((h.metadata as Record<string, unknown>)['dia_id']);
                if (h.signals) rows.push({ search, query, conversation: c.sampleId, own, full: ids === null, label: evidence.has(diaId) ? 1 : 0, signals: h.signals, diaId, createdAt: Date.parse(h.createdAt) });
              }
            }
            query++;
            tick(++done, total);
          }
        }
      }
      byMode.set(mode, rows);
    }
    const constants: string[] = [];
    for (const spec of MODELS) {
      const rows = byMode.get(spec.mode)!;
      const model = fitModel(rows, spec.features);
      const full = rows.filter((r) => r.full);
      const small = rows.filter((r) => !r.full);
      const measures = { all: measure(rows, model), fullStores: measure(full, model), smallStores: measure(small, model) };
      const rankOnly = fitLogistic(full.map((r) => [featureValue('logRank', r.signals)]), full.map((r) => r.label));
      const rankOnlyFull = calibrationMeasures(full.map((r) => predict(rankOnly, [featureValue('logRank', r.signals)])), full.map((r) => r.label));
      // Held out: fitted on the questions of all conversations but one, scored on that one's questions.
      const heldOut = conversations.length < 2 ? null : conversations.map((c) => {
        const m = fitModel(rows.filter((r) => r.conversation !== c.sampleId), spec.features);
        const test = rows.filter((r) => r.conversation === c.sampleId);
        return { conversation: c.sampleId, fullStores: measure(test.filter((r) => r.full), m), smallStores: measure(test.filter((r) => !r.full), m) };
      });
      const reordered = reorderRecall(rows, model, conversations);
      results[spec.name] = {
        model, fullStoreHits: full.length, fullStorePositives: full.filter((r) => r.label === 1).length,
        smallStoreHits: small.length, smallStorePositives: small.filter((r) => r.label === 1).length,
        ...measures, rankOnlyFullStores: rankOnlyFull, heldOut, reordered,
      };
      const fmt = (m: { logLoss: number; brier: number; ece: number }) => `log-loss ${m.logLoss.toFixed(4)}  Brier ${m.brier.toFixed(4)}  ECE ${m.ece.toFixed(4)}`;
      console.log(`\n${spec.name}: full stores ${full.length} hits (${full.filter((r) => r.label === 1).length} evidence), small stores ${small.length} (${small.filter((r) => r.label === 1).length})`);
      console.log(`  full stores   ${fmt(measures.fullStores)}   (rank only: ${fmt(rankOnlyFull)})`);
      console.log(`  small stores  ${fmt(measures.smallStores)}`);
      for (const h of heldOut ?? []) console.log(`  held out ${h.conversation}: full ${fmt(h.fullStores)}; small ${fmt(h.smallStores)}`);
      console.log(`  recall@5/10 fused order ${pct(reordered.fused[0])} / ${pct(reordered.fused[1])}, by probability ${pct(reordered.probability[0])} / ${pct(reordered.probability[1])}`);
      const floor = floorFigures(rows, model);
      (results[spec.name] as Record<string, unknown>)['atDefaultFloor'] = floor;
      for (const [name, f] of Object.entries(floor)) console.log(`  at floor ${DEFAULT_RELEVANCE_FLOOR}, ${name}: precision ${pct(f.precision)}, evidence recall ${pct(f.recall)}, answered ${pct(f.answered)}, no-answer hits ${pct(f.falseAnswers)}, hits kept ${f.meanKept.toFixed(2)}`);
      constants.push(`  '${spec.name}': ${JSON.stringify(model).replace(/"(\w+)":/g, '$1: ').replace(/,/g, ', ').replace(/{/g, '{ ').replace(/}/g, ' }')},`);
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
function reorderRecall(rows: Row[], model: CalibrationModel, conversations: ReturnType<typeof loadLocomo>) {
  const evidence = new Map<number, string[]>();
  let query = 0;
  for (const c of conversations) for (const q of c.questions) for (const t of conversations) { if (t === c) evidence.set(query, q.evidence); query++; }
  const byQuery = new Map<number, Row[]>();
  for (const r of rows) if (r.own && r.full) (byQuery.get(r.query) ?? byQuery.set(r.query, []).get(r.query)!).push(r);
  const fused = [0, 0];
  const byProbability = [0, 0];
  for (const [q, ev] of evidence) {
    const hits = byQuery.get(q) ?? [];
    const sorted = [...hits].sort((a, b) => probability(model, b.signals) - probability(model, a.signals));
    [5, 10].forEach((k, i) => {
      fused[i]! += evidenceRecall(ev, hits.map((h) => h.diaId), k);
      byProbability[i]! += evidenceRecall(ev, sorted.map((h) => h.diaId), k);
    });
  }
  const n = Math.max(1, evidence.size);
  return { fused: fused.map((x) => x / n), probability: byProbability.map((x) => x / n) };
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
  for (const r of rows) if (r.own && r.full) (byQuery.get(r.query) ?? byQuery.set(r.query, []).get(r.query)!).push(r);
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
