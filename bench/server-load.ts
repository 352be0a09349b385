#!/usr/bin/env node
/**
 * Load benchmark of `mnemo serve` (not a test): seeds N memories (default 10,000) through
 * the SDK in batches, starts the real server on them, then drives search
 * (`POST /v1/memories/search/`) and add (`POST /api/v1/memories`) with autocannon and
 * prints throughput and p50/p95/p99 latency of each.
 *
 * Run after `npm run build`: `node dist/bench/server-load.js [--memories 10000]
 * [--duration 10] [--connections 10] [--embeddings local|none] [--db FILE] [--scenarios search,add]
 * [--distinct-queries N] [--warmup S] [--profile DIR] [--read-threads N] [--cli FILE] [--out DIR|none]`; writes
 * `bench/results/server-load-<stamp>.json`. Percentiles are computed from every response time
 * (autocannon's histogram has no p95). `CPU ms/req` is the server process's CPU time (all
 * threads, from /proc on Linux) per answered request: on a shared, busy machine it is
 * steadier than req/s. `load gen CPU` is the CPU of this process (autocannon) per request: it runs on
 * the same cores as the server.
 *
 * `--db FILE` seeds FILE only when it does not exist yet and keeps it afterwards, so
 * repeated runs (before/after, profiling) skip the seeding; `add` writes to it, so reuse a
 * file only for search-only runs when figures must be comparable. `--distinct-queries N`
 * draws search queries from N distinct texts (default 40: the earlier fixed rotation; a
 * large N defeats any cache of recent query embeddings). `--profile DIR` starts the
 * server under `node --cpu-prof --cpu-prof-dir DIR`.
 *
 * Warm-up: before the timed search window, `--warmup S` seconds (default 3, or `--duration`
 * when shorter, so a 1-s smoke run stays short) of the same
 * search load run untimed, so the window measures steady state: the store builds a large
 * user's in-memory keyword index and vector codes on the first searches (each read-pool
 * worker its own), the model worker and V8 warm up, and the query-embedding LRU fills.
 * Its figures are printed apart (`warm-up` row; `options.warmupFigures` in the JSON), not in `results`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { Memory } from '../src/index.js';
import { cliPath, defaultResultsDir } from './paths.js';
import { machineInfo, writeResult } from './report/results.js';

const USER = 'bench';
/** Memories per SDK `add` call while seeding: one embedding batch and one transaction each. */
const SEED_BATCH = 500;

const SUBJECTS = ['I', 'My sister', 'My manager', 'Our team', 'My doctor', 'The landlord', 'My friend Sam', 'The kids'];
const VERBS = ['prefers', 'booked', 'forgot', 'recommended', 'asked about', 'paid for', 'is learning', 'cancelled'];
const OBJECTS = ['green tea', 'a flight to Lisbon', 'the quarterly report', 'a yoga class', 'TypeScript generics', 'the rent increase', 'a chess tournament', 'vitamin D', 'a camping trip', 'the new laptop'];

/** A deterministic, varied memory text. */
function text(i: number): string {
  return `${SUBJECTS[i % SUBJECTS.length]} ${VERBS[Math.floor(i / 8) % VERBS.length]} ${OBJECTS[Math.floor(i / 64) % OBJECTS.length]} (note ${i})`;
}

/**
 * Search text `i`: the first 40 are the fixed rotation of earlier runs (`who <verb> <object>?`,
 * 8 verbs x 10 objects cycled together); beyond, a subject and a note number make each distinct.
 */
function query(i: number): string {
  const base = `who ${VERBS[i % VERBS.length]} ${OBJECTS[i % OBJECTS.length]}?`;
  return i < 40 ? base : `${base} ${SUBJECTS[i % SUBJECTS.length]} note ${i}`;
}

interface Options { memories: number; duration: number; warmup: number; connections: number; embeddings: string; distinctQueries: number; scenarios: string[]; profile?: string; readThreads?: string; cli: string }

async function seed(db: string, o: Options): Promise<number> {
  const memory = new Memory({ path: db, embeddings: { provider: o.embeddings as 'local' }, dedupe: { enabled: false }, app: 'seed' });
  const started = Date.now();
  try {
    for (let i = 0; i < o.memories; i += SEED_BATCH) {
      const batch = Array.from({ length: Math.min(SEED_BATCH, o.memories - i) }, (_, j) => text(i + j));
      await memory.add(batch, { userId: USER });
      process.stderr.write(`\rseeded ${Math.min(i + SEED_BATCH, o.memories)}/${o.memories}`);
    }
  } finally {
    await memory.close();
  }
  process.stderr.write('\n');
  return Date.now() - started;
}

/**
 * CPU time of process `pid` (all its threads: main, search workers, embedding worker),
 * milliseconds, from /proc/<pid>/stat (Linux; NaN elsewhere). Fields 14 and 15 (utime,
 * stime) are in clock ticks, 100 per second on Linux (sysconf(_SC_CLK_TCK)).
 */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

async function startServer(db: string, o: Options): Promise<{ url: string; pid: number | undefined; stop: () => Promise<void> }> {
  const node = o.profile ? ['--cpu-prof', '--cpu-prof-dir', o.profile] : [];
  const child = spawn(process.execPath, [...node, o.cli, '--db', db, '--embeddings', o.embeddings, 'serve', '--port', '0', ...(o.readThreads === undefined ? [] : ['--read-threads', o.readThreads])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /https?:\/\/\S+/.exec(out);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`mnemo serve exited with ${code} before listening`)));
  });
  return {
    url,
    pid: child.pid,
    stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

/** One scenario's figures; `loadCpuMsPerRequest` is this process's (autocannon's) CPU per request, sharing the same cores. */
interface Row { name: string; requests: number; rps: number; p50: number; p95: number; p99: number; errors: number; cpuMsPerRequest: number; loadCpuMsPerRequest: number }

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function load(name: string, url: string, pid: number | undefined, o: Options, body: (n: number) => string, duration = o.duration): Promise<Row> {
  const cpuBefore = cpuMs(pid);
  const loadBefore = process.cpuUsage();
  const times: number[] = [];
  let n = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url, connections: o.connections, duration, method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: body(n++) }) }],
    }, (error, res) => (error ? reject(error) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, ms) => { times.push(ms); });
  });
  const generator = process.cpuUsage(loadBefore);
  times.sort((a, b) => a - b);
  return {
    name, requests: result.requests.total, rps: result.requests.average,
    p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99),
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMsPerRequest: (cpuMs(pid) - cpuBefore) / Math.max(1, result.requests.total),
    loadCpuMsPerRequest: (generator.user + generator.system) / 1000 / Math.max(1, result.requests.total),
  };
}

async function main(): Promise<void> {
  const o = new Command('server-load')
    .option('--memories <n>', 'memories to seed', '10000')
    .option('--duration <s>', 'seconds per scenario', '10')
    .option('--connections <n>', 'concurrent connections', '10')
    .option('--embeddings <provider>', 'local (real vectors) or none (keyword only)', 'local')
    .option('--db <file>', 'seed this file if absent and keep it (default: a temporary file)')
    .option('--warmup <s>', 'seconds of untimed search load before the timed search window (0 = none; default 3, or --duration when shorter)')
    .option('--distinct-queries <n>', 'distinct search texts (40 = the fixed rotation of earlier runs)', '40')
    .option('--scenarios <list>', 'comma list of search, add', 'search,add')
    .option('--profile <dir>', 'run the server under node --cpu-prof, profiles written to this folder')
    .option('--read-threads <n>', "the server's --read-threads (default: the server's default)")
    .option('--out <dir>', 'folder for the JSON result (none = do not write one; default bench/results)')
    .option('--cli <file>', "the built CLI to run (to time another build; default this checkout's dist/src/cli/main.js)")
    .parse().opts<Record<string, string>>();
  const opts: Options = {
    memories: Number(o.memories), duration: Number(o.duration), warmup: o.warmup === undefined ? Math.min(3, Number(o.duration)) : Number(o.warmup), connections: Number(o.connections), embeddings: o.embeddings!,
    distinctQueries: Number(o.distinctQueries), scenarios: o.scenarios!.split(','), ...(o.profile ? { profile: o.profile } : {}),
    ...(o.readThreads === undefined ? {} : { readThreads: o.readThreads }),
    cli: o.cli === undefined ? cliPath() : resolve(o.cli),
  };
  const startedAt = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-load-'));
  const db = o.db ?? join(dir, 'memory.sqlite');
  try {
    const seedMs = o.db !== undefined && existsSync(o.db) ? 0 : await seed(db, opts);
    const server = await startServer(db, opts);
    try {
      const rows: Row[] = [];
      const searchBody = (i: number) => JSON.stringify({ query: query(i % opts.distinctQueries), user_id: USER });
      const warm = opts.scenarios.includes('search') && opts.warmup > 0 ? await load('warm-up', `${server.url}/v1/memories/search/`, server.pid, opts, searchBody, opts.warmup) : undefined;
      if (opts.scenarios.includes('search')) rows.push(await load('search', `${server.url}/v1/memories/search/`, server.pid, opts, searchBody));
      if (opts.scenarios.includes('add')) rows.push(await load('add', `${server.url}/api/v1/memories`, server.pid, opts, (i) => JSON.stringify({ text: `load test memory ${i}: ${text(i * 7919)}`, user_id: USER, app: 'autocannon' })));
      process.stdout.write(`\nmnemo serve at ${opts.memories} memories (embeddings ${opts.embeddings}; ${seedMs === 0 ? "reused database" : `seeded in ${(seedMs / 1000).toFixed(1)} s`}), ${opts.connections} connections, ${opts.duration} s each, ${opts.distinctQueries} distinct queries\n`);
      process.stdout.write(`${'scenario'.padEnd(10)}${'requests'.padStart(10)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}${'CPU ms/req'.padStart(12)}${'load gen CPU'.padStart(14)}\n`);
      for (const r of warm === undefined ? rows : [warm, ...rows]) {
        process.stdout.write(`${r.name.padEnd(10)}${String(r.requests).padStart(10)}${r.rps.toFixed(1).padStart(10)}${r.p50.toFixed(1).padStart(10)}${r.p95.toFixed(1).padStart(10)}${r.p99.toFixed(1).padStart(10)}${String(r.errors).padStart(8)}${r.cpuMsPerRequest.toFixed(2).padStart(12)}${r.loadCpuMsPerRequest.toFixed(2).padStart(14)}\n`);
      }
      if (o.out !== 'none') {
        const path = writeResult(resolve(o.out ?? defaultResultsDir()), {
          command: 'server-load', startedAt, durationSeconds: (Date.now() - Date.parse(startedAt)) / 1000, machine: machineInfo(),
          options: { ...opts, db: o.db ?? null, seedMs, warmupFigures: warm ?? null }, results: rows, plots: [],
        });
        process.stdout.write(`wrote ${path}\n`);
      }
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
