/**
 * The Hamming scan of the fast vector path's first pass, as a contract with a plain
 * JavaScript implementation: the reference the WebAssembly one (hamming-wasm.ts) is tested
 * against, and the fallback where WebAssembly is unavailable.
 *
 * Codes are 1-bit sign codes (sqlite-vector-blobs.ts `signCode`): `words` 32-bit words per
 * vector, stored densely in slots of `stride` words (`words` rounded up to a multiple of 4,
 * i.e. 16 bytes, the WebAssembly scan's step; padding words are zero in codes and query
 * alike, so they never add to a distance).
 */

/** Words per slot for codes of `words` words: rounded up to 4 (16 bytes). */
export function strideOf(words: number): number {
  return Math.ceil(words / 4) * 4;
}

/** A Hamming scanner over densely packed codes (see the module header). */
export interface HammingScanner {
  /** 32-bit words of one code. */
  readonly words: number;
  /** Words per slot in the codes array ({@link strideOf}). */
  readonly stride: number;
  /** Bytes held (codes and scratch), for the code cache's budget. */
  readonly bytes: number;
  /**
   * Room for `capacity` codes; returns the codes array (`capacity x stride` words or
   * more), contents of earlier slots kept. The returned view is valid until the next
   * `reserve` (growing may move it).
   */
  reserve(capacity: number): Uint32Array;
  /**
   * Hamming distances (bits) from `query` (`stride` words, padding zero) to the first
   * `count` slots; the array is scratch, valid until the next call.
   */
  distances(count: number, query: Uint32Array): Uint16Array;
  /**
   * Slots (ascending) of the `take` codes among the first `count` nearest to `query`
   * (ties at the cut-off broken by slot order); every slot when `take >= count`. The
   * array is scratch, valid until the next call.
   */
  nearest(count: number, query: Uint32Array, take: number): Uint32Array;
}

/**
 * The distance at which the `take` nearest end and how many codes at exactly that
 * distance are kept, from `histogram` (codes per distance). `take` must be below the total.
 */
export function cutOf(histogram: Uint32Array, take: number): { cut: number; atCut: number } {
  let cut = 0;
  let below = 0;
  while (below + histogram[cut]! < take) below += histogram[cut++]!;
  return { cut, atCut: take - below };
}

/** {@link HammingScanner} in plain JavaScript (SWAR popcount). */
export class JsHammingScanner implements HammingScanner {
  readonly stride: number;
  private codes = new Uint32Array(0);
  private dist = new Uint16Array(0);
  private out = new Uint32Array(0);

  constructor(readonly words: number) {
    this.stride = strideOf(words);
  }

  get bytes(): number {
    return this.codes.byteLength + this.dist.byteLength + this.out.byteLength;
  }

  reserve(capacity: number): Uint32Array {
    if (this.codes.length >= capacity * this.stride) return this.codes;
    const codes = new Uint32Array(capacity * this.stride);
    codes.set(this.codes);
    this.codes = codes;
    this.dist = new Uint16Array(capacity);
    this.out = new Uint32Array(capacity);
    return codes;
  }

  distances(count: number, query: Uint32Array): Uint16Array {
    this.scan(count, query, null);
    return this.dist;
  }

  nearest(count: number, query: Uint32Array, take: number): Uint32Array {
    const { out, dist } = this;
    if (take >= count) {
      for (let i = 0; i < count; i++) out[i] = i;
      return out.subarray(0, count);
    }
    const histogram = new Uint32Array(this.words * 32 + 1);
    this.scan(count, query, histogram);
    let { cut, atCut } = cutOf(histogram, take);
    let n = 0;
    for (let i = 0; i < count; i++) {
      const d = dist[i]!;
      if (d < cut || (d === cut && atCut-- > 0)) out[n++] = i;
    }
    return out.subarray(0, n);
  }

  private scan(count: number, query: Uint32Array, histogram: Uint32Array | null): void {
    const { words, stride, codes, dist } = this;
    for (let i = 0, base = 0; i < count; i++, base += stride) {
      // SWAR popcount; per-byte counts of up to 16 words are summed (16 x 8 = 128 fits a
      // byte) before each fold.
      let d = 0;
      let bytes = 0;
      for (let w = 0; w < words; w++) {
        let x = codes[base + w]! ^ query[w]!;
        x -= (x >>> 1) & 0x55555555;
        x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
        bytes = (bytes + ((x + (x >>> 4)) & 0x0f0f0f0f)) >>> 0;
        if ((w & 15) === 15) {
          bytes = (bytes & 0x00ff00ff) + ((bytes >>> 8) & 0x00ff00ff);
          d += (bytes & 0xffff) + (bytes >>> 16);
          bytes = 0;
        }
      }
      bytes = (bytes & 0x00ff00ff) + ((bytes >>> 8) & 0x00ff00ff);
      d += (bytes & 0xffff) + (bytes >>> 16);
      dist[i] = d;
      if (histogram) histogram[d]!++;
    }
  }
}
