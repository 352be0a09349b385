/**
 * The fast vector path's second stage: an asymmetric estimate of the similarity of a float
 * query to a stored 1-bit sign code, `<q, sign(x)>` (sign +1 for a set bit, -1 otherwise),
 * which keeps the query's magnitudes that the Hamming distance throws away. It re-ranks the
 * Hamming candidates so that only the best few are rescored exactly in SQL (the costly
 * step: about 4 us per candidate at 100k, bench/README.md).
 *
 * Cost: a table of the query's partial sums per code byte (256 entries per byte: 64 x 256
 * floats for 512 dimensions, built in 255 additions per byte), then one lookup per byte per
 * candidate (64 for 512 dimensions).
 */

/** The partial-sum table, reused across calls (64 KiB for 512 dimensions). */
let scratch = new Float32Array(0);

/**
 * `2 x sum of q[i] over the set bits - sum of q`, i.e. `<q, sign(x)>`, for the codes in
 * `slots` of `codes` (`stride` words per slot, bit `i % 32` of word `i / 32` = component
 * i, as sqlite-vector-blobs.ts `signCode`). Returns one score per slot (higher = nearer).
 * Assumes little-endian typed arrays (every platform Node runs on).
 */
export function signScores(query: Float32Array, codes: Uint32Array, stride: number, slots: Uint32Array): Float32Array {
  const dims = query.length;
  const codeBytes = Math.ceil(dims / 8);
  if (scratch.length < codeBytes * 256) scratch = new Float32Array(codeBytes * 256);
  const table = scratch; // entry 0 of each byte stays 0; every other entry is written below
  let total = 0;
  for (let b = 0; b < codeBytes; b++) {
    // Entry v of byte b: the sum of the query components whose bits are set in v, built
    // by doubling (entries with bit j set = entries below 2^j plus component 8b + j).
    const base = b * 256;
    for (let j = 0, half = 1; j < 8; j++, half <<= 1) {
      const i = b * 8 + j;
      const x = i < dims ? query[i]! : 0;
      for (let v = 0; v < half; v++) table[base + half + v] = table[base + v]! + x;
    }
    total += table[base + 255]!;
  }
  const bytes = new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength);
  const strideBytes = stride * 4;
  const out = new Float32Array(slots.length);
  for (let k = 0; k < slots.length; k++) {
    let s = 0;
    for (let b = 0, at = slots[k]! * strideBytes, base = 0; b < codeBytes; b++, at++, base += 256) s += table[base + bytes[at]!]!;
    out[k] = 2 * s - total;
  }
  return out;
}

/** The `keep` entries of `slots` with the highest `scores` (ties broken by position), in no particular order; all when `keep >= slots.length`. */
export function bestSlots(slots: Uint32Array, scores: Float32Array, keep: number): Uint32Array {
  if (keep >= slots.length) return slots;
  const threshold = kthLargest(Float32Array.from(scores), keep);
  let above = 0;
  for (let k = 0; k < scores.length; k++) if (scores[k]! > threshold) above++;
  let atThreshold = keep - above;
  const out = new Uint32Array(keep);
  let n = 0;
  for (let k = 0; k < slots.length; k++) {
    const s = scores[k]!;
    if (s > threshold || (s === threshold && atThreshold-- > 0)) out[n++] = slots[k]!;
  }
  return out;
}

/** The `k`-th largest value of `values` (1-based; `values` is reordered): quickselect, O(n) on average. */
function kthLargest(values: Float32Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = values.length - k; // index in ascending order
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}
