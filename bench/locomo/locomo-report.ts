/**
 * Tables and the recall-vs-k chart of LoCoMo scores, shared by `bench locomo` (mnemo's
 * modes) and `bench peers` (mnemo beside its peers). Figures are percentages with one
 * decimal; the DRAGON anchor is always printed beside ours.
 */
import { type LineChart } from '../report/plot.js';
import { type Table, ms, pct } from '../report/table.js';
import { DRAGON_ANCHOR, type LocomoScores } from './locomo-eval.js';

/** A labelled score set; `scores` is `null` where the system could not run. */
export interface ScoredSystem {
  name: string;
  scores: LocomoScores | null;
  /** Why `scores` is null, or a caveat. */
  note?: string;
}

/** Overall recall@k, MRR and search latency of each system, with the DRAGON anchor row. */
export function recallTable(systems: ScoredSystem[], ks: number[], title: string): Table {
  const rows = systems.map(({ name, scores }) => [
    name,
    ...ks.map((k) => pct(scores?.recall[String(k)])),
    pct(scores?.mrr),
    ms(scores?.searchMs.p50),
    scores ? String(scores.questions) : 'n/a',
  ]);
  rows.push(['DRAGON (paper, all 10 conv.)', ...ks.map((k) => (DRAGON_ANCHOR[k] === undefined ? 'n/a' : DRAGON_ANCHOR[k]!.toFixed(1))), 'n/a', 'n/a', '1986']);
  return {
    title,
    headers: ['system', ...ks.map((k) => `R@${k}`), 'MRR', 'search p50 ms', 'questions'],
    rows,
    notes: [
      'R@k: evidence recall@k in % (LoCoMo paper, Table 3); MRR in % over questions with evidence.',
      ...systems.filter((s) => s.note).map((s) => `${s.name}: ${s.note}`),
    ],
  };
}

/** Recall@k per LoCoMo category for one system. */
export function categoryTable(system: ScoredSystem, ks: number[]): Table {
  const rows = Object.entries(system.scores?.perCategory ?? {}).map(([category, g]) => [
    `${category} ${g.name}`,
    ...ks.map((k) => pct(g.recall[String(k)])),
    pct(g.mrr),
    String(g.questions),
  ]);
  return { title: `${system.name}: recall@k per category (%)`, headers: ['category', ...ks.map((k) => `R@${k}`), 'MRR', 'questions'], rows };
}

/** Recall (%) against k, one line per system plus the DRAGON anchor (dashed). */
export function recallChart(systems: ScoredSystem[], ks: number[], title: string): LineChart {
  return {
    title,
    xLabel: 'k (memories retrieved)',
    yLabel: 'evidence recall@k (%)',
    yMin: 0,
    yMax: 100,
    series: [
      ...systems.map(({ name, scores }) => ({ name, points: ks.map((k) => ({ x: k, y: scores ? (scores.recall[String(k)] ?? Number.NaN) * 100 : null })) })),
      { name: 'DRAGON (paper)', dashed: true, points: ks.map((k) => ({ x: k, y: DRAGON_ANCHOR[k] ?? null })) },
    ],
  };
}
