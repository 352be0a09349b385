/**
 * The WebAssembly Hamming scan (hamming-wasm.ts) against the JavaScript reference
 * (hamming-scan.ts) on random codes, the committed module bytes against a fresh compile of
 * the WAT source, and the second stage's asymmetric estimate (sign-rerank.ts) against its
 * definition.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { rng } from '../../../bench/latency/corpus.js';
import { JsHammingScanner } from './hamming-scan.js';
import { hammingModule, WasmHammingScanner } from './hamming-wasm.js';
import { HAMMING_WASM_BASE64 } from './hamming-wasm-bytes.js';
import { bestSlots, signScores } from './sign-rerank.js';
import { UserCodeIndex } from './sqlite-code-index.js';

/** The repository root, from dist/src/storage/sqlite/. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));

const randomCodes = (next: () => number, count: number, words: number) =>
  Array.from({ length: count }, () => Uint32Array.from({ length: words }, () => Math.floor(next() * 2 ** 32)));

/** Codes near a query (few flipped bits), so that distances repeat and ties occur at the cut. */
const nearCodes = (next: () => number, query: Uint32Array, count: number) =>
  Array.from({ length: count }, () => Uint32Array.from(query, (w) => (w ^ (next() < 0.3 ? 1 << Math.floor(next() * 32) : 0)) >>> 0));

describe('WebAssembly Hamming scan', () => {
  it('is available on this runtime (Node 20 has WebAssembly)', () => {
    assert.ok(hammingModule() instanceof WebAssembly.Module);
    assert.equal(new UserCodeIndex(16).engine, 'wasm');
  });

  it('ships the bytes a fresh compile of the WAT source gives', async () => {
    const wat = (await import(pathToFileURL(join(root, 'scripts/wat.mjs')).href)) as {
      compileWat(path: string): Promise<Uint8Array>;
      WASM_MODULES: Array<{ wat: string; name: string }>;
    };
    const entry = wat.WASM_MODULES.find((m) => m.name === 'HAMMING_WASM_BASE64')!;
    const fresh = await wat.compileWat(join(root, entry.wat));
    assert.equal(Buffer.from(fresh).toString('base64'), HAMMING_WASM_BASE64, 'run `node scripts/build-wasm.mjs` and commit the result');
  });

  for (const words of [16, 5, 40, 1]) {
    it(`gives the JavaScript reference's distances and selection (${words} words per code, through growth)`, () => {
      const next = rng(100 + words);
      const wasm = WasmHammingScanner.create(words)!;
      const js = new JsHammingScanner(words);
      const query = randomCodes(next, 1, words)[0]!;
      const codes = [...randomCodes(next, 700, words), ...nearCodes(next, query, 600)];
      // Filled in two steps: growing the memory must keep the codes already written.
      for (const [from, to] of [[0, 300], [300, codes.length]] as const) {
        const a = wasm.reserve(to);
        const b = js.reserve(to);
        for (let i = from; i < to; i++) {
          a.set(codes[i]!, i * wasm.stride);
          b.set(codes[i]!, i * js.stride);
        }
      }
      const naive = codes.map((c) => c.reduce((n, x, i) => n + [...((x ^ query[i]!) >>> 0).toString(2)].filter((ch) => ch === '1').length, 0));
      assert.deepEqual([...wasm.distances(codes.length, query)], naive);
      assert.deepEqual([...js.distances(codes.length, query)], naive);
      for (const take of [1, 50, 333, codes.length - 1, codes.length, codes.length + 5]) {
        const got = [...wasm.nearest(codes.length, query, take)];
        assert.deepEqual(got, [...js.nearest(codes.length, query, take)], `take ${take}`);
        assert.equal(got.length, Math.min(take, codes.length));
      }
    });
  }
});

describe('asymmetric second stage', () => {
  it('scores <q, sign(x)> and keeps the best', () => {
    const next = rng(9);
    const dims = 300; // not a multiple of 32: padding bits must not count
    const words = Math.ceil(dims / 32);
    const stride = 12;
    const codes = new Uint32Array(stride * 50);
    const signs: number[][] = [];
    for (let s = 0; s < 50; s++) {
      const bits = Array.from({ length: dims }, () => next() < 0.5);
      signs.push(bits.map((b) => (b ? 1 : -1)));
      bits.forEach((b, i) => { if (b) codes[s * stride + (i >>> 5)]! |= 1 << (i & 31); });
    }
    assert.ok(words <= stride);
    const query = Float32Array.from({ length: dims }, () => next() - 0.5);
    const slots = Uint32Array.from([3, 7, 0, 49, 20, 11]);
    const scores = signScores(query, codes, stride, slots);
    for (const [k, slot] of slots.entries()) {
      const want = signs[slot]!.reduce((sum, s, i) => sum + s * query[i]!, 0);
      assert.ok(Math.abs(scores[k]! - want) < 1e-4, `slot ${slot}: ${scores[k]} vs ${want}`);
    }
    const best = [...bestSlots(slots, scores, 3)].sort((a, b) => a - b);
    const want = [...slots].sort((a, b) => scores[slots.indexOf(b)]! - scores[slots.indexOf(a)]!).slice(0, 3).sort((a, b) => a - b);
    assert.deepEqual(best, want);
    assert.equal(bestSlots(slots, scores, 10), slots);
    // Against a full sort, with many repeated scores (quickselect's hard case).
    for (const n of [2, 7, 100, 1601]) {
      const values = Float32Array.from({ length: n }, () => Math.floor(next() * 20));
      const ids = Uint32Array.from({ length: n }, (_, i) => i);
      for (const keep of [1, Math.floor(n / 3), n - 1]) {
        if (keep < 1) continue;
        const got = bestSlots(ids, values, keep);
        assert.equal(got.length, keep);
        const kth = [...values].sort((a, b) => b - a)[keep - 1]!;
        for (const id of got) assert.ok(values[id]! >= kth);
        for (const [id, v] of values.entries()) if (v > kth) assert.ok(got.includes(id), `n ${n} keep ${keep}: ${id} kept`);
      }
    }
    // Ties: exactly `keep` returned.
    assert.equal(bestSlots(Uint32Array.from([1, 2, 3, 4]), Float32Array.from([1, 1, 1, 1]), 2).length, 2);
  });
});
