/**
 * Per-user in-memory index of 1-bit sign codes (memory_vectors.code) for the fast vector
 * path of the SQLite store: a Hamming scan with popcount over every code of the user
 * (64 bytes per 512-dimension vector: 6.4 MB at 100k; WebAssembly, hamming-wasm.ts, with
 * the JavaScript scan of hamming-scan.ts as the fallback) picks candidates, an asymmetric
 * estimate `<q, sign(x)>` keeps the best of them (sign-rerank.ts), and their exact cosine
 * is then computed from the BLOB copy (sqlite-vector-blobs.ts `rescore`).
 *
 * Consistency across connections and processes: each index remembers the newest
 * `version` of its user's rows it has applied. Before every use the store reads the
 * user's MAX(version) (one index seek) and applies the rows written since (new vectors,
 * replacements, tombstones), so a write committed by another connection (`mnemo serve`
 * and `mnemo mcp` on one file) is seen by the next search. A smaller MAX than remembered
 * (rows gone: a new vector space, a memory row removed) rebuilds the index. The index only
 * proposes candidates: rescoring re-reads each candidate's vector and applies the
 * caller's filter in SQL (user, state, scope, metadata, visibility), so a stale entry can
 * never return a deleted or another user's memory.
 *
 * Memory: codes of at most {@link MAX_CACHED_CODE_BYTES} over all users; the least
 * recently used users' indexes are dropped past it and rebuilt on their next search.
 */
import type Database from 'better-sqlite3';
import { type HammingScanner, JsHammingScanner } from './hamming-scan.js';
import { WasmHammingScanner } from './hamming-wasm.js';
import { bestSlots, signScores } from './sign-rerank.js';
import { UserLru } from './user-lru.js';
import { codeOf, codeWords, signCode, userVersion } from './sqlite-vector-blobs.js';

/**
 * Code bytes kept in memory over all users: 256 MiB = 4M vectors of 512 dimensions,
 * room for the 1M-memory benchmark (100 users x 10k) four times over.
 */
const MAX_CACHED_CODE_BYTES = 256 * 1024 * 1024;

/**
 * One user's codes, densely packed in a {@link HammingScanner} (WebAssembly where the
 * runtime has it, else JavaScript): a removal moves the last slot into the freed one.
 */
export class UserCodeIndex {
  /** Live vectors. */
  live = 0;
  /** Newest row version applied. */
  version = 0;
  private seqs = new Float64Array(64);
  private codes: Uint32Array;
  private readonly scanner: HammingScanner;
  private readonly slotOf = new Map<number, number>();

  /**
   * An empty index for codes of `words` 32-bit words. `scanner` defaults to the
   * WebAssembly one, or the JavaScript one where WebAssembly is unavailable.
   */
  constructor(readonly words: number, scanner?: HammingScanner) {
    this.scanner = scanner ?? WasmHammingScanner.create(words) ?? new JsHammingScanner(words);
    this.codes = this.scanner.reserve(this.seqs.length);
  }

  /** Bytes held (for the cache budget). */
  get bytes(): number {
    return this.scanner.bytes + this.seqs.byteLength + this.slotOf.size * 16;
  }

  /** Which scanner runs the first pass: `'wasm'` or `'js'`. */
  get engine(): 'wasm' | 'js' {
    return this.scanner instanceof WasmHammingScanner ? 'wasm' : 'js';
  }

  /**
   * Fills an empty index with `seqs` and their codes (`codes` holds `words` words per seq,
   * in the same order).
   */
  load(seqs: number[], codes: Uint32Array): void {
    const { words } = this;
    let capacity = this.seqs.length;
    while (capacity < seqs.length) capacity *= 2;
    this.seqs = new Float64Array(capacity);
    this.seqs.set(seqs);
    this.codes = this.scanner.reserve(capacity);
    const { stride } = this.scanner;
    if (stride === words) this.codes.set(codes.subarray(0, seqs.length * words));
    else for (let i = 0; i < seqs.length; i++) this.codes.set(codes.subarray(i * words, (i + 1) * words), i * stride);
    this.slotOf.clear();
    for (let i = 0; i < seqs.length; i++) this.slotOf.set(seqs[i]!, i);
    this.live = seqs.length;
  }

  /** Applies one row: a new or replaced code, or (code `null`) a removal. */
  apply(seq: number, code: Uint32Array | null): void {
    const { words } = this;
    const { stride } = this.scanner;
    const slot = this.slotOf.get(seq);
    if (code === null || code.length !== words) {
      if (slot === undefined) return;
      const last = --this.live;
      if (slot !== last) {
        const moved = this.seqs[last]!;
        this.seqs[slot] = moved;
        this.codes.copyWithin(slot * stride, last * stride, (last + 1) * stride);
        this.slotOf.set(moved, slot);
      }
      this.slotOf.delete(seq);
      return;
    }
    if (slot !== undefined) {
      this.codes.set(code, slot * stride);
      return;
    }
    if (this.live === this.seqs.length) {
      const seqs = new Float64Array(this.seqs.length * 2);
      seqs.set(this.seqs);
      this.seqs = seqs;
      this.codes = this.scanner.reserve(seqs.length);
    }
    this.seqs[this.live] = seq;
    this.codes.set(code, this.live * stride);
    this.slotOf.set(seq, this.live++);
  }

  /**
   * The `count` seqs nearest to `query` (a sign code of `words` words) by Hamming distance
   * (ties at the cut-off broken by slot order), in no particular order; every seq when
   * `count >= live`. O(live x words) with a counting selection (distances are 0..bits).
   */
  nearest(query: Uint32Array, count: number): number[] {
    const slots = this.scanner.nearest(this.live, query, count);
    return Array.from(slots, (slot) => this.seqs[slot]!);
  }

  /**
   * Two-stage candidates for `vector` (float, `words x 32` dimensions or fewer): the
   * `first` nearest by Hamming distance of its sign code, then the `keep` of those with the
   * highest asymmetric estimate `<vector, sign(x)>` (sign-rerank.ts), in no particular
   * order. `keep >= first` skips the second stage.
   */
  candidates(vector: Float32Array, first: number, keep: number): number[] {
    const slots = this.scanner.nearest(this.live, signCode(vector), first);
    const kept = keep >= slots.length ? slots : bestSlots(slots, signScores(vector, this.codes, this.scanner.stride, slots), keep);
    return Array.from(kept, (slot) => this.seqs[slot]!);
  }
}

/** Every user's index of one vector space, kept up to date with the file (see the module header). */
export class CodeIndexCache {
  private readonly users = new UserLru<UserCodeIndex>(MAX_CACHED_CODE_BYTES);
  private spaceId = -1;

  /**
   * `userId`'s index in space `spaceId` (dimension `dimensions`), brought up to date with
   * the rows committed so far by any connection.
   */
  index(db: Database.Database, spaceId: number, dimensions: number, userId: string): UserCodeIndex {
    if (spaceId !== this.spaceId) this.clear(spaceId);
    const newest = userVersion(db, userId);
    let index = this.users.get(userId);
    if (index && newest < index.version) {
      this.users.delete(userId);
      index = undefined;
    }
    const known = index !== undefined;
    if (!index) index = new UserCodeIndex(codeWords(dimensions));
    const changed = newest > index.version;
    if (newest > 0 && index.version === 0) {
      // A user's first load in one statement: per-row iteration costs about 1.2 us a row
      // through the driver, the aggregate about half of that in all (measured at 100k).
      const [seqs, hex] = db.prepare(`SELECT group_concat(seq), group_concat(hex(code), '') FROM memory_vectors
          WHERE user_id = ? AND version <= ? AND length(code) = ?`).raw().get(userId, newest, index.words * 4) as [string | null, string | null];
      const bytes = Buffer.from(hex ?? '', 'hex');
      index.load(seqs === null ? [] : seqs.split(',').map(Number), new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
      index.version = newest;
    } else if (changed) {
      const rows = db.prepare('SELECT seq, version, code FROM memory_vectors WHERE user_id = ? AND version > ? ORDER BY version')
        .raw().iterate(userId, index.version) as Iterable<[number, number, Buffer | null]>;
      for (const [seq, , code] of rows) index.apply(seq, code === null ? null : codeOf(code));
      index.version = newest;
    }
    if (changed || !known) this.users.set(userId, index);
    else this.users.touch(userId);
    return index;
  }

  /** Forgets every index (a new vector space, or the store closing). */
  clear(spaceId = -1): void {
    this.users.clear();
    this.spaceId = spaceId;
  }
}
