/**
 * `bench peers`: mnemo beside other memory layers, in one run, on the same LoCoMo data,
 * on the same machine. Every system stores the same turns one add call per turn (the
 * live-agent pattern; the add latency is per call) and answers the same questions with
 * k = max(ks); recall@k, MRR, add and search latency are reported, and each peer's
 * figures also as ratios to mnemo (hybrid) from this run. mnemo and mem0 share one
 * loaded USE-Lite model instance.
 *
 * Peers come from `bench/peers/node_modules` (see `peer-loader.ts`); a peer that is not
 * installed or cannot run gets a row saying why instead of disappearing.
 *
 * Failure contract: a missing LoCoMo file rejects with `BenchUsageError`; a peer's
 * failure is recorded in its row and the run goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Memory, createEmbedder, type Embedder } from '../../src/index.js';
import { BenchUsageError } from '../errors.js';
import { loadLocomo, type LocomoConversation } from '../locomo/locomo-dataset.js';
import { DRAGON_ANCHOR, type IngestStats, type LocomoScores, ingestLocomo, scoreLocomo } from '../locomo/locomo-eval.js';
import { recallChart, recallTable } from '../locomo/locomo-report.js';
import { requireLocomoFile } from '../locomo/run-locomo.js';
import { barChartSvg, lineChartSvg, writeSvg } from '../report/plot.js';
import { progress } from '../report/progress.js';
import { type RunRecord, machineInfo, stamp, writeResult } from '../report/results.js';
import { ms, pct, ratio, renderTable } from '../report/table.js';
import type { Capabilities, MemorySystem } from '../systems/memory-system.js';
import { mnemoSystem } from '../systems/mnemo-system.js';
import { openMcpMemory } from './mcp-memory-peer.js';
import { openMem0 } from './mem0-peer.js';
import { OPENMEMORY_UNAVAILABLE, openOpenMemory } from './openmemory-peer.js';
import { installPeers } from './peer-loader.js';

/** Options of `bench peers`. */
export interface PeersOptions {
  install: boolean;
  data: string;
  ks: number[];
  out: string;
  /** Peer keys to run (`mem0`, `mcp-memory`, `openmemory`); `null` runs all. */
  only: string[] | null;
  openmemoryUrl: string | null;
}

/** One system's row. Latencies in milliseconds; ratios are this system / mnemo (hybrid). */
export interface PeerRow {
  key: string;
  name: string;
  /** `null` when the system could not run (see `error`). */
  capabilities: Capabilities | null;
  notes: string[];
  ingest: IngestStats | null;
  scores: LocomoScores | null;
  error?: string;
  ratios: { recall: Record<string, number | null>; addP50: number | null; searchP50: number | null } | null;
}

/** The `results` of a `peers` run record. */
export interface PeersResults {
  data: string;
  conversations: number;
  questions: number;
  turns: number;
  /** The embedder mnemo and mem0 both used. */
  sharedEmbedder: string;
  systems: PeerRow[];
  anchor: Record<string, number>;
}

const PEER_KEYS = ['mem0', 'mcp-memory', 'openmemory'] as const;

/** Stores the turns in `system` one add per turn, then asks every question. */
async function measure(key: string, system: MemorySystem, conversations: LocomoConversation[], ks: number[], ingestOnce = true): Promise<PeerRow> {
  const base: PeerRow = { key, name: system.name, capabilities: system.capabilities, notes: system.notes, ingest: null, scores: null, ratios: null };
  try {
    if (ingestOnce) base.ingest = await ingestLocomo(system, conversations, 'single', progress(`${system.name}: storing`));
    base.scores = await scoreLocomo(system, conversations, ks, progress(`${system.name}: questions`));
  } catch (cause) {
    base.error = (cause as Error).message.split('\n')[0];
  }
  return base;
}

async function openPeer(key: string, embedder: Embedder, openmemoryUrl: string | null): Promise<MemorySystem> {
  switch (key) {
    case 'mem0': return openMem0(embedder);
    case 'mcp-memory': return openMcpMemory();
    case 'openmemory':
      if (!openmemoryUrl) throw new Error(OPENMEMORY_UNAVAILABLE);
      return openOpenMemory(openmemoryUrl);
    default: throw new BenchUsageError(`unknown peer "${key}" (expected ${PEER_KEYS.join(', ')})`);
  }
}

const LABELS: Record<string, string> = { 'mnemo-hybrid': 'mnemo hybrid', 'mnemo-vector': 'mnemo vector', mem0: 'mem0 oss', 'mcp-memory': 'mcp memory', openmemory: 'openmemory' };

function withRatios(rows: PeerRow[], ks: number[]): void {
  const ref = rows[0];
  const div = (a: number | undefined | null, b: number | undefined | null) => (a === undefined || a === null || !b ? null : a / b);
  for (const row of rows) {
    if (!row.scores || !ref?.scores) continue;
    row.ratios = {
      recall: Object.fromEntries(ks.map((k) => [String(k), div(row.scores!.recall[String(k)], ref.scores!.recall[String(k)])])),
      addP50: div(row.ingest?.callMs.p50, ref.ingest?.callMs.p50),
      searchP50: div(row.scores.searchMs.p50, ref.scores.searchMs.p50),
    };
  }
}

function printTables(rows: PeerRow[], ks: number[]): void {
  const yes = (b: boolean | undefined) => (b === undefined ? 'n/a' : b ? 'yes' : 'no');
  console.log(renderTable(recallTable(rows.map((r) => ({ name: r.name, scores: r.scores, ...(r.error ? { note: `cannot run: ${r.error}` } : {}) })), ks, 'Evidence recall@k on the same data (%)')));
  console.log(`\n${renderTable({
    title: 'Side by side, ratios to mnemo (hybrid) in this run (recall: higher is better; latency: lower is better)',
    headers: ['system', ...ks.map((k) => `R@${k} ×`), 'add p50 ms', 'add ×', 'search p50 ms', 'search ×'],
    rows: rows.map((r) => [
      r.name,
      ...ks.map((k) => ratio(r.ratios?.recall[String(k)])),
      ms(r.ingest?.callMs.p50), ratio(r.ratios?.addP50), ms(r.scores?.searchMs.p50), ratio(r.ratios?.searchP50),
    ]),
    notes: ['add: one add call per dialog turn; search: one call per question, limit max(k). n/a: the system could not run (see notes above).'],
  })}`);
  console.log(`\n${renderTable({
    title: 'What each system can do',
    headers: ['system', 'vectors', 'ranking', 'per-user scope', 'timestamps', 'batch add'],
    rows: rows.map((r) => [r.name, yes(r.capabilities?.vectors), yes(r.capabilities?.ranking), yes(r.capabilities?.userScope), yes(r.capabilities?.timestamps), yes(r.capabilities?.batchAdd)]),
    notes: rows.flatMap((r) => (r.error ? [`${r.name}: ${r.error}`] : r.notes.map((n) => `${r.name}: ${n}`))),
  })}`);
}

/**
 * Runs mnemo and the peers on one LoCoMo file, prints the tables and writes
 * `peers-<stamp>.json`, `-recall.svg` and `-latency.svg` under `options.out`.
 * @returns the record and the path of the JSON file.
 */
export async function runPeers(options: PeersOptions): Promise<{ record: RunRecord<PeersResults>; path: string }> {
  if (options.install) installPeers();
  requireLocomoFile(options.data);
  for (const key of options.only ?? []) if (!(PEER_KEYS as readonly string[]).includes(key)) throw new BenchUsageError(`unknown peer "${key}" (expected ${PEER_KEYS.join(', ')})`);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const conversations = loadLocomo(options.data);
  const model = await createEmbedder({ provider: 'local' });
  if (!model) throw new Error('the local embedder is unavailable');
  await model.embed(['warm up the model']);
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-peers-'));
  const rows: PeerRow[] = [];
  try {
    const memory = new Memory({ path: join(dir, 'mnemo.sqlite'), embedder: model });
    const hybrid = mnemoSystem(memory, 'hybrid');
    const hybridRow = await measure('mnemo-hybrid', hybrid, conversations, options.ks);
    const vectorRow = await measure('mnemo-vector', mnemoSystem(memory, 'vector'), conversations, options.ks, false);
    vectorRow.ingest = hybridRow.ingest;
    rows.push(hybridRow, vectorRow);
    await memory.close();
    for (const key of PEER_KEYS.filter((k) => options.only === null || options.only.includes(k))) {
      let system: MemorySystem | null = null;
      try {
        system = await openPeer(key, model, options.openmemoryUrl);
      } catch (cause) {
        rows.push({ key, name: LABELS[key] ?? key, capabilities: null, notes: [], ingest: null, scores: null, ratios: null, error: (cause as Error).message.split('\n')[0]! });
        continue;
      }
      try {
        rows.push(await measure(key, system, conversations, options.ks));
      } finally {
        await system.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await model.close?.();
  }
  withRatios(rows, options.ks);
  const questions = conversations.reduce((n, c) => n + c.questions.length, 0);
  const turns = conversations.reduce((n, c) => n + c.turns.length, 0);
  console.log(`\nLoCoMo ${options.data}: ${conversations.length} conversations, ${turns} turns, ${questions} questions; shared embedder ${model.id}\n`);
  printTables(rows, options.ks);
  const base = resolve(options.out, `peers-${stamp(startedAt)}`);
  const plots = [
    writeSvg(`${base}-recall.svg`, lineChartSvg(recallChart(rows.map((r) => ({ name: r.name, scores: r.scores })), options.ks, 'LoCoMo evidence recall@k: mnemo and peers'))),
    writeSvg(`${base}-latency.svg`, barChartSvg({
      title: 'Add and search latency, p50 per call (same data, same machine)',
      yLabel: 'milliseconds',
      logY: true,
      categories: rows.map((r) => LABELS[r.key] ?? r.key),
      measures: [
        { name: 'add p50', values: rows.map((r) => r.ingest?.callMs.p50 ?? null) },
        { name: 'search p50', values: rows.map((r) => r.scores?.searchMs.p50 ?? null) },
      ],
    })),
  ];
  const record: RunRecord<PeersResults> = {
    command: 'peers', startedAt, durationSeconds: (performance.now() - t0) / 1000, machine: machineInfo(),
    options: { ...options, data: resolve(options.data), out: resolve(options.out) },
    results: {
      data: resolve(options.data), conversations: conversations.length, questions, turns, sharedEmbedder: model.id, systems: rows,
      anchor: Object.fromEntries(Object.entries(DRAGON_ANCHOR)),
    },
    plots,
  };
  const path = writeResult(options.out, record);
  console.log(`\nwrote ${path}\nplots ${plots.join('\n      ')}`);
  return { record, path };
}
