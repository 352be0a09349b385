/**
 * The fast vector path's Hamming scan in WebAssembly (`i64.popcnt`, two 8-byte words per
 * step; it measured twice as fast as SIMD `i8x16.popcnt` here, see the WAT's comments;
 * source src/storage/sqlite/wasm/hamming.wat, compiled by
 * scripts/build-wasm.mjs into hamming-wasm-bytes.ts). One WebAssembly.Memory per scanner
 * (per user index), laid out as the WAT's header says: codes from offset 0, then the
 * query, the distance histogram, the distances and the selected slots.
 *
 * Measured with `node /tmp/p15/prof.mjs`-style runs at 100k x 512-bit codes (bench/README.md
 * "WASM popcount and two-stage rescoring"): see there for the figures against the
 * JavaScript SWAR scan (hamming-scan.ts), which stays the fallback.
 */
import { cutOf, type HammingScanner, strideOf } from './hamming-scan.js';
import { HAMMING_WASM_BASE64 } from './hamming-wasm-bytes.js';

/** WebAssembly page size, bytes (the spec's 64 KiB). */
const PAGE_BYTES = 65_536;

interface HammingExports {
  hamming(codes: number, count: number, stride: number, query: number, dist: number, hist: number): void;
  collect(dist: number, count: number, cut: number, atCut: number, out: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled module, or null when this runtime has no WebAssembly (then the JavaScript
 * scanner is used). Compiled once per process.
 */
export function hammingModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Buffer.from(HAMMING_WASM_BASE64, 'base64');
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** {@link HammingScanner} over a WebAssembly.Memory of its own. */
export class WasmHammingScanner implements HammingScanner {
  readonly stride: number;
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly fns: HammingExports;
  private capacity = 0;
  private view = new Uint32Array(0);
  private queryAt = 0;
  private histAt = 0;
  private distAt = 0;
  private outAt = 0;

  /** A scanner for codes of `words` words, or null when WebAssembly is unavailable ({@link hammingModule}). */
  static create(words: number): WasmHammingScanner | null {
    const module = hammingModule();
    return module ? new WasmHammingScanner(words, module) : null;
  }

  private constructor(readonly words: number, module: WebAssembly.Module) {
    this.stride = strideOf(words);
    this.fns = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as HammingExports;
  }

  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  reserve(capacity: number): Uint32Array {
    if (capacity <= this.capacity) return this.view;
    const strideBytes = this.stride * 4;
    const queryAt = capacity * strideBytes;
    const histAt = queryAt + strideBytes;
    const distAt = histAt + (this.words * 32 + 1) * 4;
    const outAt = distAt + Math.ceil(capacity / 2) * 4;
    const end = outAt + capacity * 4;
    const pages = Math.ceil(end / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) this.memory.grow(pages);
    Object.assign(this, { capacity, queryAt, histAt, distAt, outAt });
    this.view = new Uint32Array(this.memory.buffer, 0, capacity * this.stride);
    return this.view;
  }

  distances(count: number, query: Uint32Array): Uint16Array {
    this.scan(count, query);
    return new Uint16Array(this.memory.buffer, this.distAt, count);
  }

  nearest(count: number, query: Uint32Array, take: number): Uint32Array {
    const out = new Uint32Array(this.memory.buffer, this.outAt, count);
    if (take >= count) {
      for (let i = 0; i < count; i++) out[i] = i;
      return out;
    }
    const { cut, atCut } = cutOf(this.scan(count, query), take);
    return out.subarray(0, this.fns.collect(this.distAt, count, cut, atCut, this.outAt));
  }

  /** Runs the scan; returns the histogram (a view into the memory). */
  private scan(count: number, query: Uint32Array): Uint32Array {
    if (count > this.capacity) throw new RangeError(`${count} codes asked, room for ${this.capacity}`);
    const { buffer } = this.memory;
    const q = new Uint32Array(buffer, this.queryAt, this.stride);
    q.fill(0);
    q.set(query.subarray(0, this.words));
    const histogram = new Uint32Array(buffer, this.histAt, this.words * 32 + 1);
    histogram.fill(0);
    this.fns.hamming(0, count, this.stride * 4, this.queryAt, this.distAt, this.histAt);
    return histogram;
  }
}
