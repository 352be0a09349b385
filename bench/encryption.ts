#!/usr/bin/env node
/**
 * The cost of encryption at rest, encrypted beside plaintext in one run: for each of
 * `plaintext` (better-sqlite3) and `encrypted` (better-sqlite3-multiple-ciphers, SQLCipher 4
 * scheme), N memories (default 10,000) are added one by one through `Memory.add`, then
 * `searches` hybrid searches run; it prints add and search p50/p95 (ms), the time to open
 * the filled database (median of 5; with a key this includes PBKDF2's 256,000 iterations)
 * and the cold import time of each driver module (median of 3 child processes), and
 * writes `bench/results/encryption-<stamp>.json`.
 *
 * Usage: `node dist/bench/encryption.js [--memories 10000] [--searches 200] [--out dir]`.
 * The embedder is a deterministic 64-dimension hash (no model), so the figures are
 * storage costs: SQLite, FTS5, sqlite-vec and the cipher.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Memory } from '../src/engine/memory.js';
import { defaultResultsDir } from './paths.js';
import { machineInfo, writeResult } from './report/results.js';
import { trigramEmbedder } from '../test/support/trigram-embedder.js';

const embedder = trigramEmbedder('bench:trigram-64');

const TOPICS = ['coffee', 'hiking', 'kubernetes', 'piano', 'tax return', 'sourdough', 'marathon', 'python', 'garden', 'chess'];
const text = (i: number) => `note ${i}: I spent time on ${TOPICS[i % TOPICS.length]} with friend ${i % 97} near place ${i % 53}`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 1000) / 1000;
};

async function variant(dir: string, name: string, key: string | undefined, memories: number, searches: number) {
  const path = join(dir, `${name}.sqlite`);
  const opts = { path, embedder, categorizer: null, dedupe: { enabled: false }, ...(key ? { encryptionKey: key } : {}) };
  const memory = new Memory(opts);
  await memory.open();
  const add: number[] = [];
  for (let i = 0; i < memories; i += 1) {
    const t0 = performance.now();
    await memory.add(text(i), { userId: 'bench' });
    add.push(performance.now() - t0);
  }
  const search: number[] = [];
  for (let i = 0; i < searches; i += 1) {
    const t0 = performance.now();
    await memory.search(`${TOPICS[i % TOPICS.length]} friend ${i % 97}`, { userId: 'bench', limit: 10 });
    search.push(performance.now() - t0);
  }
  await memory.close();
  const opens: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    const m = new Memory(opts);
    await m.open();
    opens.push(performance.now() - t0);
    await m.close();
  }
  return {
    name, memories, searches,
    addP50Ms: pct(add, 50), addP95Ms: pct(add, 95), searchP50Ms: pct(search, 50), searchP95Ms: pct(search, 95), openP50Ms: pct(opens, 50),
  };
}

/** Cold `import()` of a module in a fresh Node process, median of 3, ms. */
function importMs(specifier: string): number {
  const runs = [0, 1, 2].map(() => Number(execFileSync(process.execPath, ['--input-type=module', '-e',
    `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`], { encoding: 'utf8' })));
  return pct(runs, 50);
}

const { values } = parseArgs({ options: { memories: { type: 'string', default: '10000' }, searches: { type: 'string', default: '200' }, out: { type: 'string' } } });
const memories = Number(values.memories);
const searches = Number(values.searches);
const startedAt = new Date().toISOString();
const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-enc-'));
try {
  const drivers = { 'better-sqlite3': importMs('better-sqlite3'), 'better-sqlite3-multiple-ciphers': importMs('better-sqlite3-multiple-ciphers') };
  process.stdout.write(`cold import, ms (median of 3): ${JSON.stringify(drivers)}\n`);
  const results = [];
  for (const [name, key] of [['plaintext', undefined], ['encrypted', 'bench passphrase']] as const) {
    const r = await variant(dir, name, key, memories, searches);
    results.push(r);
    process.stdout.write(`${name.padEnd(10)} ${memories} memories: add p50 ${r.addP50Ms} ms (p95 ${r.addP95Ms}), search p50 ${r.searchP50Ms} ms (p95 ${r.searchP95Ms}), open ${r.openP50Ms} ms\n`);
  }
  const path = writeResult(resolve(values.out ?? defaultResultsDir()), {
    command: 'encryption', startedAt, durationSeconds: (Date.now() - Date.parse(startedAt)) / 1000, machine: machineInfo(),
    options: { memories, searches, embedder: embedder.id }, results: { drivers, variants: results }, plots: [],
  });
  process.stdout.write(`wrote ${path}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
