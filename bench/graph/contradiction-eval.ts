/**
 * Precision and recall of the LLM-free contradiction rules (engine/graph/
 * contradiction-rules.ts) on the labelled fixture `test/fixtures/contradictions.json`:
 * a pair flagged and labelled `contradiction` is a true positive. Shared by the
 * benchmark (bench/graph/contradictions-bench.ts) and the floor test.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifyPair } from '../../src/engine/graph/contradiction-rules.js';
import { projectRoot } from '../paths.js';

/** One labelled pair. */
export interface LabelledPair {
  lang: string;
  a: string;
  b: string;
  label: 'contradiction' | 'compatible';
}

/** Counts and rates of one evaluation. */
export interface ContradictionScores {
  pairs: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Per language: pairs, precision, recall. */
  byLanguage: Record<string, { pairs: number; precision: number; recall: number }>;
  /** The pairs it got wrong, for reading. */
  errors: Array<LabelledPair & { predicted: boolean; reasons: string[] }>;
}

/** The fixture's path. */
export function defaultFixturePath(): string {
  return resolve(projectRoot(), 'test', 'fixtures', 'contradictions.json');
}

/** Reads the fixture. @throws Error when missing or malformed. */
export function loadPairs(path = defaultFixturePath()): LabelledPair[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { pairs?: LabelledPair[] };
  if (!Array.isArray(raw.pairs)) throw new Error(`${path}: no "pairs" list`);
  return raw.pairs;
}

const rate = (num: number, den: number): number => (den === 0 ? 1 : Number((num / den).toFixed(4)));

/**
 * Scores the rules on `pairs`.
 * @param cosine optional similarity per pair index (from an embedder), passed to the rules.
 */
export function evaluate(pairs: LabelledPair[], cosine?: (i: number) => number | undefined): ContradictionScores {
  let tp = 0; let fp = 0; let fn = 0;
  const lang = new Map<string, { n: number; tp: number; fp: number; fn: number }>();
  const errors: ContradictionScores['errors'] = [];
  pairs.forEach((p, i) => {
    const v = classifyPair(p.a, p.b, cosine?.(i));
    const truth = p.label === 'contradiction';
    const l = lang.get(p.lang) ?? { n: 0, tp: 0, fp: 0, fn: 0 };
    l.n++;
    if (v.contradicts && truth) { tp++; l.tp++; }
    if (v.contradicts && !truth) { fp++; l.fp++; }
    if (!v.contradicts && truth) { fn++; l.fn++; }
    lang.set(p.lang, l);
    if (v.contradicts !== truth) errors.push({ ...p, predicted: v.contradicts, reasons: v.reasons });
  });
  const precision = rate(tp, tp + fp);
  const recall = rate(tp, tp + fn);
  return {
    pairs: pairs.length, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall,
    f1: precision + recall === 0 ? 0 : Number(((2 * precision * recall) / (precision + recall)).toFixed(4)),
    byLanguage: Object.fromEntries([...lang].map(([k, l]) => [k, { pairs: l.n, precision: rate(l.tp, l.tp + l.fp), recall: rate(l.tp, l.tp + l.fn) }])),
    errors,
  };
}
