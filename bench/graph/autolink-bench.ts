#!/usr/bin/env node
/**
 * Benchmark: the cost per `add` of auto-linking (engine/graph/autolink.ts) with 0, 1k and
 * 10k entities in the user's graph. Each run adds the same 300 single-memory `add` calls
 * (keyword-only store, no embedder, so the figure is the storage and linking cost) on a
 * fresh SQLite file; every memory mentions one or two entity names. Prints ms per add
 * and the linking share (ms of `autoLink` alone), and writes
 * `bench/results/autolink-<time>.json`.
 *
 * Usage: `node dist/bench/graph/autolink-bench.js [--adds 300]`
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Memory } from '../../src/engine/memory.js';
import { autoLink } from '../../src/engine/graph/autolink.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { defaultResultsDir } from '../paths.js';

const FIRST = ['Ada', 'Bruno', 'Chen', 'Dalia', 'Emil', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jana', 'Kofi', 'Lena', 'Milo', 'Nora', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sami', 'Tove'];
const LAST = ['Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Horvat', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Meyer', 'Novak', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Urban', 'Weber'];
/** The i-th synthetic entity name (unique for i < 400 x 1000). */
const nameOf = (i: number): string => `${FIRST[i % 20]} ${LAST[Math.floor(i / 20) % 20]} ${Math.floor(i / 400)}`;

async function run(entities: number, adds: number): Promise<{ entities: number; adds: number; msPerAdd: number; linkMsPerAdd: number; links: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-autolink-'));
  const path = join(dir, 'bench.sqlite');
  const memory = new Memory({ path, embedder: null, categorizer: null, dedupe: { enabled: false } });
  try {
    const u = { userId: 'bench' };
    for (let i = 0; i < entities; i += 1_000) {
      await memory.graph.createEntities(Array.from({ length: Math.min(1_000, entities - i) }, (_, k) => ({ name: nameOf(i + k), type: 'person' })), u);
    }
    const texts = Array.from({ length: adds }, (_, i) => `Meeting ${i}: ${nameOf((i * 37) % Math.max(1, entities))} talked with ${nameOf((i * 91 + 5) % Math.max(1, entities))} about the roadmap and the budget for next quarter`);
    const started = performance.now();
    for (const t of texts) await memory.add(t, u);
    const msPerAdd = (performance.now() - started) / adds;
    // autoLink alone, on the same graph, for the same texts (ids that exist, links already stored are kept).
    const store = await openSqliteStore({ path });
    const ids = (await memory.getAll({ ...u, limit: adds, log: false })).results;
    const t0 = performance.now();
    let links = 0;
    for (const m of ids) links += (await autoLink(store.graph, 'bench', [{ id: m.id, content: m.memory, metadata: m.metadata }], Date.now())).length;
    const linkMsPerAdd = (performance.now() - t0) / ids.length;
    await store.close();
    return { entities, adds, msPerAdd: Number(msPerAdd.toFixed(3)), linkMsPerAdd: Number(linkMsPerAdd.toFixed(3)), links };
  } finally {
    await memory.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--adds');
  const adds = i > 0 ? Number(process.argv[i + 1]) : 300;
  const rows = [];
  for (const n of [0, 1_000, 10_000]) {
    const r = await run(n, adds);
    rows.push(r);
    console.log(`${String(n).padStart(6)} entities: ${r.msPerAdd.toFixed(2)} ms per add, of which auto-linking ${r.linkMsPerAdd.toFixed(2)} ms (${r.links} links for ${r.adds} memories)`);
  }
  const dir = defaultResultsDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `autolink-${new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2));
  console.log(`wrote ${file}`);
}

main().catch((error) => { console.error(error); process.exitCode = 1; });
