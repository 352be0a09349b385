#!/usr/bin/env node
/**
 * The benchmark CLI, `npm run bench -- <locomo|latency|peers> [options]` (runs
 * `dist/bench/main.js`). Parses flags with commander and hands them to the command's
 * `run*` function; nothing else happens at import time except `main()` below.
 *
 * Exit codes: 0 done; 2 a usage problem (a bad flag, or a {@link BenchUsageError}: missing
 * data, peers not installed), printed without a stack; 1 any other failure.
 */
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { BenchUsageError } from './errors.js';
import { defaultLocomoPath } from './locomo/locomo-dataset.js';
import { DEFAULT_KS } from './locomo/locomo-eval.js';
import { defaultResultsDir } from './paths.js';
import { MNEMO_MODES, type MnemoMode } from './systems/mnemo-system.js';

function positiveInts(value: string): number[] {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new InvalidArgumentError('expected comma-separated positive integers, e.g. 5,10,25,50');
  return list;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function modes(value: string): MnemoMode[] {
  if (value === 'all') return [...MNEMO_MODES];
  const list = value.split(',').map((v) => v.trim());
  for (const m of list) if (!(MNEMO_MODES as readonly string[]).includes(m)) throw new InvalidArgumentError(`unknown mode "${m}" (expected hybrid, keyword, vector or all)`);
  return list as MnemoMode[];
}

/** Builds the commander program; parsing it runs the chosen command. */
function program(): Command {
  const cli = new Command('bench').description('mnemo benchmarks: retrieval quality (LoCoMo), speed at scale, and peers side by side').showHelpAfterError().exitOverride();
  cli
    .command('locomo')
    .description('evidence recall@k and MRR on a LoCoMo-format file, per search mode')
    .option('--data <file>', 'LoCoMo-format JSON file', defaultLocomoPath())
    .option('--mode <modes>', 'hybrid, keyword, vector, a comma list, or all', modes, [...MNEMO_MODES])
    .option('--k <list>', 'k values of recall@k', positiveInts, DEFAULT_KS)
    .option('--ingest <how>', 'batch (one add per conversation) or single (one add per turn)', 'batch')
    .option('--out <dir>', 'folder for the JSON result and plots', defaultResultsDir())
    .option('--embed-cache', 'cache embeddings in a file under the OS temp folder across runs (for ranking experiments)', false)
    .option('--no-ablation', 'skip scoring each mode without conversation context')
    .option('--keyword-index-min-rows <n>', 'SQLite keywordIndexMinRows: 0 ranks every user through the in-memory keyword index (default: the store\'s threshold, above LoCoMo\'s users)', Number)
    .action(async (o: { data: string; mode: MnemoMode[]; k: number[]; ingest: string; out: string; embedCache: boolean; ablation: boolean; keywordIndexMinRows?: number }) => {
      if (o.ingest !== 'batch' && o.ingest !== 'single') throw new BenchUsageError(`--ingest must be batch or single, not "${o.ingest}"`);
      const { runLocomo } = await import('./locomo/run-locomo.js');
      await runLocomo({ data: resolve(o.data), modes: o.mode, ks: o.k, ingest: o.ingest, out: resolve(o.out), embedCache: o.embedCache, ablation: o.ablation, keywordIndexMinRows: o.keywordIndexMinRows });
    });
  cli
    .command('calibrate')
    .description('fit the calibrated-score models (src/retrieval/calibration.ts) on a LoCoMo-format file and print their constants')
    .option('--data <file>', 'LoCoMo-format JSON file', defaultLocomoPath())
    .option('--out <dir>', 'folder for the JSON result', defaultResultsDir())
    .option('--embed-cache', 'cache embeddings in a file under the OS temp folder across runs', false)
    .action(async (o: { data: string; out: string; embedCache: boolean }) => {
      const { runCalibrate } = await import('./calibration/run-calibration.js');
      await runCalibrate({ data: resolve(o.data), out: resolve(o.out), embedCache: o.embedCache, limit: 50 });
    });
  cli
    .command('latency')
    .description('add/search latency, footprint, reindex time and MCP cold start at growing sizes')
    .option('--sizes <list>', 'numbers of memories (100000 on request: about 15 minutes here)', positiveInts, [1000, 10000])
    .option('--queries <n>', 'search queries per mode and size', nonNegativeInt, 200)
    .option('--single <n>', 'single adds timed per size', nonNegativeInt, 100)
    .option('--batch <n>', 'memories per add call while filling', nonNegativeInt, 100)
    .option('--mcp-runs <n>', 'cold starts of `mnemo mcp` per size (0 skips)', nonNegativeInt, 3)
    .option('--data <file>', 'LoCoMo file to draw realistic text from (built-in generator if absent)', defaultLocomoPath())
    .option('--out <dir>', 'folder for the JSON result and plots', defaultResultsDir())
    .option('--fast-above <n>', 'sizes above this are filled directly with a fast deterministic embedder (stated in the output)', nonNegativeInt, 10000)
    .option('--users <n>', 'users holding --sizes memories each (1M: --sizes 10000 --users 100); implies the fast fill when > 1', nonNegativeInt, 1)
    .action(async (o: { sizes: number[]; queries: number; single: number; batch: number; mcpRuns: number; data: string; out: string; fastAbove: number; users: number }) => {
      const { runLatency } = await import('./latency/run-latency.js');
      await runLatency({ sizes: [...o.sizes].sort((a, b) => a - b), queries: o.queries, singleAdds: o.single, batchSize: Math.max(1, o.batch), mcpRuns: o.mcpRuns, data: resolve(o.data), out: resolve(o.out), fastAbove: o.fastAbove, users: Math.max(1, o.users) });
    });
  cli
    .command('context-latency')
    .description('storage + ranking time of a search with and without conversation context (hash embedder, one conversation written at once)')
    .option('--size <n>', 'memories stored', nonNegativeInt, 10000)
    .option('--queries <n>', 'distinct queries', nonNegativeInt, 100)
    .option('--rounds <n>', 'passes over the queries, each with and without context', nonNegativeInt, 3)
    .option('--mode <mode>', 'hybrid, keyword or vector', 'hybrid')
    .option('--limit <n>', 'results per search', nonNegativeInt, 10)
    .option('--out <dir>', 'folder for the JSON result', defaultResultsDir())
    .action(async (o: { size: number; queries: number; rounds: number; mode: string; limit: number; out: string }) => {
      if (o.mode !== 'hybrid' && o.mode !== 'keyword' && o.mode !== 'vector') throw new BenchUsageError(`--mode must be hybrid, keyword or vector, not "${o.mode}"`);
      const { runContextLatency } = await import('./latency/context-latency.js');
      await runContextLatency({ size: Math.max(1, o.size), queries: Math.max(1, o.queries), rounds: Math.max(1, o.rounds), mode: o.mode, limit: Math.max(1, o.limit), out: resolve(o.out) });
    });
  cli
    .command('breakdown')
    .description('where a search\'s storage + ranking time goes, per store call, on a large file (fast embedder; the file is kept)')
    .option('--size <n>', 'memories per user', nonNegativeInt, 100000)
    .option('--users <n>', 'users, each holding --size memories', nonNegativeInt, 1)
    .option('--queries <n>', 'timed searches per mode, round-robin over the users', nonNegativeInt, 200)
    .option('--modes <list>', 'modes in order (a mode may repeat)', 'hybrid,keyword,vector')
    .option('--db <file>', 'SQLite file: filled when absent, reused when present (default: <tmpdir>/mnemo-breakdown-<size>x<users>.sqlite)')
    .option('--data <file>', 'LoCoMo file for texts and questions', defaultLocomoPath())
    .option('--out <dir>', 'folder for the JSON result', defaultResultsDir())
    .action(async (o: { size: number; users: number; queries: number; modes: string; db?: string; data: string; out: string }) => {
      const modes = o.modes.split(',').map((m) => m.trim());
      for (const m of modes) if (m !== 'hybrid' && m !== 'keyword' && m !== 'vector') throw new BenchUsageError(`--modes takes hybrid, keyword and vector, not "${m}"`);
      const size = Math.max(1, o.size);
      const users = Math.max(1, o.users);
      const { tmpdir } = await import('node:os');
      const { runBreakdown } = await import('./latency/search-breakdown.js');
      await runBreakdown({
        size, users, queries: Math.max(1, o.queries), modes: modes as Array<'hybrid' | 'keyword' | 'vector'>,
        db: resolve(o.db ?? `${tmpdir()}/mnemo-breakdown-${size}x${users}.sqlite`), data: o.data, out: resolve(o.out),
      });
    });
  cli
    .command('mcp-startup')
    .description('cold start of `mnemo mcp`: spawn to initialize, to the first search (and its mode), to the first hybrid answer')
    .option('--memories <n>', 'memories seeded first (local embeddings)', nonNegativeInt, 1000)
    .option('--runs <n>', 'cold starts', nonNegativeInt, 5)
    .option('--db <file>', 'SQLite file to reuse (seeded when absent, kept)')
    .option('--cli <file>', 'built CLI to spawn (default: this checkout\'s dist/src/cli/main.js)')
    .option('--out <dir>', 'folder for the JSON result', defaultResultsDir())
    .action(async (o: { memories: number; runs: number; db?: string; cli?: string; out: string }) => {
      const { runMcpStartup } = await import('./latency/run-mcp-startup.js');
      await runMcpStartup({ memories: o.memories, runs: Math.max(1, o.runs), db: o.db ? resolve(o.db) : null, cli: o.cli ? resolve(o.cli) : null, out: resolve(o.out) });
    });
  cli
    .command('peers')
    .description('mnemo beside openmemory-js, @modelcontextprotocol/server-memory and mem0 (oss) on the same LoCoMo data')
    .option('--install', 'first run `npm install --prefix bench/peers` (the peers are not mnemo dependencies)')
    .option('--data <file>', 'LoCoMo-format JSON file', defaultLocomoPath())
    .option('--k <list>', 'k values of recall@k', positiveInts, DEFAULT_KS)
    .option('--only <names>', 'comma list of peers: mem0,mcp-memory,openmemory')
    .option('--openmemory-url <url>', 'an OpenMemory backend to drive with openmemory-js (its npm release is a client only)')
    .option('--out <dir>', 'folder for the JSON result and plots', defaultResultsDir())
    .option('--size <n>', 'instead of LoCoMo recall: latency side by side at N memories of one user (e.g. 10000; mem0 and mcp-memory)', nonNegativeInt)
    .option('--queries <n>', 'with --size: timed searches per system and mnemo mode', nonNegativeInt, 100)
    .option('--singles <n>', 'with --size: timed single adds per system after the fill', nonNegativeInt, 50)
    .action(async (o: { install?: boolean; data: string; k: number[]; only?: string; openmemoryUrl?: string; out: string; size?: number; queries: number; singles: number }) => {
      if (o.size !== undefined) {
        if (o.install === true) (await import('./peers/peer-loader.js')).installPeers();
        const only = o.only ? o.only.split(',').map((s) => s.trim()) : null;
        for (const key of only ?? []) if (key !== 'mem0' && key !== 'mcp-memory') throw new BenchUsageError(`--size runs mem0 and mcp-memory only, not "${key}"`);
        const { runPeersAtSize } = await import('./peers/peers-at-size.js');
        await runPeersAtSize({ size: Math.max(1, o.size), queries: Math.max(1, o.queries), singles: Math.max(1, o.singles), data: resolve(o.data), only, out: resolve(o.out) });
        return;
      }
      const { runPeers } = await import('./peers/run-peers.js');
      await runPeers({
        install: o.install === true, data: resolve(o.data), ks: o.k, out: resolve(o.out),
        only: o.only ? o.only.split(',').map((s) => s.trim()) : null,
        openmemoryUrl: o.openmemoryUrl ?? null,
      });
    });
  return cli;
}

async function main(): Promise<void> {
  try {
    await program().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the problem (or the help/version asked for)
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof BenchUsageError) {
      console.error(`bench: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  }
}

await main();
