/**
 * `node dist/bench/latency/hamming-scan.js [codes] [rounds]`: the fast vector path's
 * in-memory stages timed alone on random 512-bit codes (default 100,000 codes, 200
 * rounds): the Hamming scan (distances only, and with the selection of 1,600) in
 * WebAssembly (hamming-wasm.ts) and in JavaScript (hamming-scan.ts, the fallback), and
 * the second stage (`<q, sign(x)>` over 1,600 random candidates, best 300 kept;
 * sign-rerank.ts). Prints p50 ms per step and writes `hamming-scan-<stamp>.json`.
 */
import { JsHammingScanner, type HammingScanner } from '../../src/storage/sqlite/hamming-scan.js';
import { WasmHammingScanner } from '../../src/storage/sqlite/hamming-wasm.js';
import { bestSlots, signScores } from '../../src/storage/sqlite/sign-rerank.js';
import { defaultResultsDir } from '../paths.js';
import { machineInfo, writeResult } from '../report/results.js';
import { rng } from './corpus.js';

const WORDS = 16;
const FIRST = 1600;
const KEEP = 300;

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function timeScanner(scanner: HammingScanner, count: number, rounds: number, next: () => number): { distancesMs: number; nearestMs: number } {
  const codes = scanner.reserve(count);
  for (let i = 0; i < count * scanner.stride; i++) codes[i] = Math.floor(next() * 2 ** 32);
  const query = Uint32Array.from({ length: WORDS }, () => Math.floor(next() * 2 ** 32));
  const distances: number[] = [];
  const nearest: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    scanner.distances(count, query);
    distances.push(performance.now() - t);
    t = performance.now();
    scanner.nearest(count, query, FIRST);
    nearest.push(performance.now() - t);
  }
  return { distancesMs: p50(distances), nearestMs: p50(nearest) };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 200);
  const next = rng(1);
  const wasm = WasmHammingScanner.create(WORDS);
  const row: Record<string, number> = { codes: count, rounds };
  if (wasm) {
    const w = timeScanner(wasm, count, rounds, next);
    row.wasmDistancesP50Ms = w.distancesMs;
    row.wasmNearestP50Ms = w.nearestMs;
  }
  const j = timeScanner(new JsHammingScanner(WORDS), count, rounds, next);
  row.jsDistancesP50Ms = j.distancesMs;
  row.jsNearestP50Ms = j.nearestMs;
  const codes = new Uint32Array(count * WORDS).map(() => Math.floor(next() * 2 ** 32));
  const query = Float32Array.from({ length: WORDS * 32 }, () => next() - 0.5);
  const stage: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const slots = Uint32Array.from({ length: FIRST }, () => Math.floor(next() * count)).sort();
    const t = performance.now();
    bestSlots(slots, signScores(query, codes, WORDS, slots), KEEP);
    stage.push(performance.now() - t);
  }
  row.secondStageP50Ms = p50(stage);
  console.log(JSON.stringify(row));
  const path = writeResult(defaultResultsDir(), {
    command: 'hamming-scan', startedAt: new Date().toISOString(), durationSeconds: 0, machine: machineInfo(),
    options: { codes: count, rounds, words: WORDS, first: FIRST, keep: KEEP, wasm: wasm !== null }, results: [row], plots: [],
  });
  console.log(`wrote ${path}`);
}

await main();
