/**
 * `bench locomo`: mnemo's evidence recall on a LoCoMo-format file, through the public
 * SDK. The turns are stored once (one memory per dialog turn, metadata
 * `{ dia_id, speaker, session }`, the session date as its time, each conversation its
 * own user), then every question is asked in each requested search mode.
 *
 * Failure contract: a missing data file rejects with a {@link BenchUsageError} naming
 * the file and how to get one; SDK errors propagate.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Memory } from '../../src/index.js';
import { createEmbedder } from '../../src/embedding/create-embedder.js';
import { BenchUsageError } from '../errors.js';
import { progress } from '../report/progress.js';
import { lineChartSvg, writeSvg } from '../report/plot.js';
import { type RunRecord, machineInfo, stamp, writeResult } from '../report/results.js';
import { pct, renderTable, type Table } from '../report/table.js';
import { cachingEmbedder } from '../systems/caching-embedder.js';
import { type AddEventCounts, type MnemoMode, mnemoSystem } from '../systems/mnemo-system.js';
import { loadLocomo } from './locomo-dataset.js';
import { DRAGON_ANCHOR, type IngestStats, type LocomoScores, ingestLocomo, scoreLocomo } from './locomo-eval.js';
import { categoryTable, recallChart, recallTable } from './locomo-report.js';
import { type FloorScores, scoreFloors } from './locomo-floor.js';
import { DEFAULT_RELEVANCE_FLOOR } from '../../src/retrieval/calibration.js';

/** Options of `bench locomo`. */
export interface LocomoOptions {
  /** LoCoMo-format JSON file. */
  data: string;
  modes: MnemoMode[];
  /** k values of recall@k. */
  ks: number[];
  /** Folder of the JSON result and plot. */
  out: string;
  /** `batch` (default): one add per conversation; `single`: one add per turn. */
  ingest: 'batch' | 'single';
  /** Cache embeddings under os.tmpdir() across runs (bench/systems/caching-embedder.ts). @default false */
  embedCache?: boolean;
  /** Also score every mode without conversation context (the ablation, and the figures before it). @default true */
  ablation?: boolean;
  /** SQLite `keywordIndexMinRows` (0: every user through the in-memory keyword index); the store's default when absent. */
  keywordIndexMinRows?: number | undefined;
}

/** The `results` of a `locomo` run record. */
export interface LocomoResults {
  data: string;
  conversations: number;
  questions: number;
  turns: number;
  /** mnemo's add events: ADD (stored), UPDATE (merged into a near-duplicate), NONE (exact duplicate). */
  events: AddEventCounts;
  ingest: IngestStats;
  /** Scores per mode (the SDK's defaults: conversation context on). */
  modes: Partial<Record<MnemoMode, LocomoScores>>;
  /** Scores per mode with `context: false` (each memory ranked on its own text, as before issue 11). */
  withoutContext?: Partial<Record<MnemoMode, LocomoScores>>;
  /**
   * Per mode (SDK defaults), precision and recall of the hits at or above each relevance
   * floor of the calibrated score (bench/locomo/locomo-floor.ts); the default floor is
   * `defaultFloor`.
   */
  floors?: Partial<Record<MnemoMode, FloorScores[]>>;
  defaultFloor?: number;
  /** DRAGON's published recall@k in percent. */
  anchor: Record<string, number>;
}

/** Throws a usage error when the LoCoMo file is absent. */
export function requireLocomoFile(path: string): void {
  if (!existsSync(path)) {
    throw new BenchUsageError(`LoCoMo data not found at ${path}. Pass --data FILE with a LoCoMo-format JSON file (e.g. data/locomo10.json of snap-research/LoCoMo), or place the dev split at ../shared/bench/locomo/locomo-dev.json.`);
  }
}

/**
 * Runs the LoCoMo benchmark, prints its tables and writes `locomo-<stamp>.json` and
 * `locomo-<stamp>-recall.svg` under `options.out`.
 * @returns the record and the path of the JSON file.
 */
export async function runLocomo(options: LocomoOptions): Promise<{ record: RunRecord<LocomoResults>; path: string }> {
  requireLocomoFile(options.data);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const conversations = loadLocomo(options.data);
  const needsVectors = options.modes.some((m) => m !== 'keyword');
  const cached = needsVectors && options.embedCache ? cachingEmbedder((await createEmbedder({ provider: 'local' }))!) : null;
  const sqlite = options.keywordIndexMinRows === undefined ? {} : { sqlite: { keywordIndexMinRows: options.keywordIndexMinRows } };
  const memory = cached ? new Memory({ path: ':memory:', embedder: cached, ...sqlite }) : new Memory({ path: ':memory:', embeddings: { provider: needsVectors ? 'local' : 'none' }, ...sqlite });
  const events: AddEventCounts = { ADD: 0, UPDATE: 0, NONE: 0 };
  const ablation = options.ablation ?? true;
  const runs = [
    ...options.modes.map((mode) => ({ mode, context: true })),
    ...(ablation ? options.modes.map((mode) => ({ mode, context: false })) : []),
  ];
  const views = runs.map(({ mode, context }) => mnemoSystem(memory, mode, events, false, context));
  const [first] = views;
  if (!first) throw new BenchUsageError('no search mode given');
  try {
    const ingest = await ingestLocomo(first, conversations, options.ingest, progress('storing turns'));
    const modes: LocomoResults['modes'] = {};
    const withoutContext: NonNullable<LocomoResults['withoutContext']> = {};
    const scored: Array<{ name: string; scores: LocomoScores | null }> = [];
    for (const [i, view] of views.entries()) {
      const { mode, context } = runs[i]!;
      const scores = await scoreLocomo(view, conversations, options.ks, progress(`${view.name} questions`));
      (context ? modes : withoutContext)[mode] = scores;
      scored.push({ name: view.name, scores });
    }
    const floors: NonNullable<LocomoResults['floors']> = {};
    for (const mode of options.modes) floors[mode] = await scoreFloors(memory, mode, conversations, progress(`${mode} score floors`));
    const questions = conversations.reduce((n, c) => n + c.questions.length, 0);
    console.log(`\nLoCoMo ${options.data}: ${conversations.length} conversations, ${ingest.memories} turns (${events.ADD} stored, ${events.UPDATE} merged, ${events.NONE} duplicates), ${questions} questions`);
    console.log(`ingest (${options.ingest}): ${(ingest.totalMs / 1000).toFixed(1)} s, ${ingest.perMemoryMs.toFixed(2)} ms per turn\n`);
    console.log(renderTable(recallTable(scored, options.ks, 'Evidence recall@k, all questions (%)')));
    for (const s of scored) console.log(`\n${renderTable(categoryTable(s, options.ks))}`);
    for (const [mode, rows] of Object.entries(floors)) console.log(`\n${renderTable(floorTable(mode, rows))}`);
    const base = resolve(options.out, `locomo-${stamp(startedAt)}`);
    const plots = [writeSvg(`${base}-recall.svg`, lineChartSvg(recallChart(scored, options.ks, 'LoCoMo evidence recall@k: mnemo search modes')))];
    const turns = conversations.reduce((n, c) => n + c.turns.length, 0);
    const record: RunRecord<LocomoResults> = {
      command: 'locomo',
      startedAt,
      durationSeconds: (performance.now() - t0) / 1000,
      machine: machineInfo(),
      options: { ...options, data: resolve(options.data), out: resolve(options.out) },
      results: {
        data: resolve(options.data), conversations: conversations.length, questions, turns, events, ingest, modes, floors, defaultFloor: DEFAULT_RELEVANCE_FLOOR,
        ...(ablation ? { withoutContext } : {}),
        anchor: Object.fromEntries(Object.entries(DRAGON_ANCHOR).map(([k, v]) => [k, v])),
      },
      plots,
    };
    const path = writeResult(options.out, record);
    console.log(`\nwrote ${path}\nplot  ${plots.join('\n      ')}`);
    return { record, path };
  } finally {
    cached?.flush();
    await memory.close();
  }
}

/** The floors of one mode as a table (percent). */
function floorTable(mode: string, rows: FloorScores[]): Table {
  return {
    title: `mnemo (${mode}): hits with score >= floor (limit 50); "no-answer hits": questions asked of another conversation that keep a hit`,
    headers: ['floor', 'precision', 'recall', 'answered', 'no-answer hits', 'hits kept'],
    rows: rows.map((r) => [`${r.floor}${r.floor === DEFAULT_RELEVANCE_FLOOR ? ' (default)' : ''}`, pct(r.precision), pct(r.recall), pct(r.answered), pct(r.falseAnswers), r.meanKept.toFixed(2)]),
  };
}
