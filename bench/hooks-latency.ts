#!/usr/bin/env node
/**
 * The Claude Code prompt hook's latency as Claude Code sees it: the wall time of one hook
 * process (`node dist/src/cli/hook-main.js ... claude-code`, UserPromptSubmit JSON on
 * stdin, hook output on stdout), at N memories (default 10,000), in two setups:
 * - `file`: no server running; the hook opens the SQLite file and runs a keyword (BM25)
 *   search; no model is loaded;
 * - `server`: a `mnemo serve` runs on the same file; the hook asks it
 *   (`GET /api/v1/install`, then `POST /v3/memories/search/`).
 * Prints p50/p95/max per setup and writes `bench/results/hooks-<stamp>.json`. The issue's
 * budget is p95 under 300 ms.
 *
 * Usage: `node dist/bench/hooks-latency.js [--memories 10000] [--runs 40] [--server-embeddings none|local] [--out dir]`.
 * The server runs keyword-only by default (`none`) so the figure measures the hook path,
 * not the embedder; `local` adds one USE Lite query embedding per prompt on the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Memory } from '../src/engine/memory.js';
import { buildCorpus } from './latency/corpus.js';
import { defaultResultsDir, projectRoot } from './paths.js';
import { machineInfo, writeResult } from './report/results.js';

const { values } = parseArgs({
  options: { memories: { type: 'string', default: '10000' }, runs: { type: 'string', default: '40' }, 'server-embeddings': { type: 'string', default: 'none' }, out: { type: 'string' } },
});
const count = Number(values.memories);
const runs = Number(values.runs);
const startedAt = new Date().toISOString();
const root = projectRoot();
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const hookMain = join(root, 'dist', 'src', 'cli', 'hook-main.js');
const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-hooks-'));
const db = join(dir, 'memory.sqlite');
const user = 'bench';

/** Percentile of sorted values (nearest rank). */
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Times `runs` hook processes (or, with `bare`, `node -e 0`: the floor any hook process pays on this machine). */
function timeHook(prompts: string[], server: string, bare = false): { p50: number; p95: number; max: number; withContext: number } {
  const times: number[] = [];
  let withContext = 0;
  for (let i = 0; i < runs; i++) {
    const input = JSON.stringify({ session_id: 'bench', hook_event_name: 'UserPromptSubmit', cwd: dir, prompt: prompts[i % prompts.length] });
    const t0 = process.hrtime.bigint();
    const args = bare ? ['-e', '0'] : [hookMain, '--db', db, '--user', user, '--server', server, 'claude-code'];
    const r = spawnSync(process.execPath, args, { input, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.stdout.includes('additionalContext')) withContext += 1;
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95), max: times[times.length - 1]!, withContext };
}

try {
  const corpus = buildCorpus(count, Math.max(runs, 20), user, null);
  const seed = new Memory({ path: db, embedder: null });
  await seed.importAll(corpus.items.map((item) => ({ content: item.text })), { userId: user });
  await seed.close();
  process.stderr.write(`seeded ${count} memories; timing ${runs} prompt-hook runs per setup\n`);

  const nodeAlone = timeHook(corpus.queries, '', true);
  const file = timeHook(corpus.queries, 'http://127.0.0.1:1');
  const child = spawn(process.execPath, [cli, '--db', db, '--embeddings', values['server-embeddings']!, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => { out += c.toString(); const m = /https?:\/\/\S+/.exec(out); if (m) ok(m[0]); });
    child.once('exit', () => fail(new Error('mnemo serve exited')));
  });
  // One warm-up request so the server's first-query costs (model load, page cache) are not counted.
  timeHook(corpus.queries.slice(0, 1), url);
  const server = timeHook(corpus.queries, url);
  child.kill('SIGTERM');

  const results = { memories: count, runs, nodeAlone, file, server, serverEmbeddings: values['server-embeddings'] };
  process.stdout.write(`prompt hook at ${count} memories (${runs} runs each), wall ms per hook process:\n`);
  for (const [name, r] of [['node -e 0 (startup floor)', nodeAlone], ['no server (file, keyword)', file], ['running server', server]] as const) {
    process.stdout.write(`  ${name.padEnd(26)} p50 ${r.p50.toFixed(0)} ms  p95 ${r.p95.toFixed(0)} ms  max ${r.max.toFixed(0)} ms  (${r.withContext}/${runs} injected context)\n`);
  }
  const path = writeResult(resolve(values.out ?? defaultResultsDir()), {
    command: 'hooks', startedAt, durationSeconds: (Date.now() - Date.parse(startedAt)) / 1000, machine: machineInfo(),
    options: { memories: count, runs, serverEmbeddings: values['server-embeddings'] }, results, plots: [],
  });
  process.stdout.write(`wrote ${path}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
