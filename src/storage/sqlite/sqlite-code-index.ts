/**
 * Per-user in-memory index of 1-bit sign codes (memory_vectors.code) for the fast vector
 * path of the SQLite store: a Hamming scan with popcount over every code of the user
 * (64 bytes per 512-dimension vector: 6.4 MB at 100k) picks the candidates whose exact
 * cosine is then computed from the BLOB copy (sqlite-vector-blobs.ts `rescore`).
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
import { codeOf, codeWords, userVersion } from './sqlite-vector-blobs.js';

/**
 * Code bytes kept in memory over all users: 256 MiB = 4M vectors of 512 dimensions,
 * room for the 1M-memory benchmark (100 users x 10k) four times over.
 */
const MAX_CACHED_CODE_BYTES = 256 * 1024 * 1024;

/** One user's codes, densely packed: a removal moves the last slot into the freed one. */
export class UserCodeIndex {
  /** Live vectors. */
  live = 0;
  /** Newest row version applied. */
  version = 0;
  private seqs = new Float64Array(64);
  private codes: Uint32Array;
  private dist = new Uint16Array(0);
  private readonly slotOf = new Map<number, number>();

  constructor(readonly words: number) {
    this.codes = new Uint32Array(64 * words);
  }

  /** Bytes held (for the cache budget). */
  get bytes(): number {
    return this.codes.byteLength + this.seqs.byteLength + this.dist.byteLength + this.slotOf.size * 16;
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
    this.codes = new Uint32Array(capacity * words);
    this.codes.set(codes.subarray(0, seqs.length * words));
    this.slotOf.clear();
    for (let i = 0; i < seqs.length; i++) this.slotOf.set(seqs[i]!, i);
    this.live = seqs.length;
  }

  /** Applies one row: a new or replaced code, or (code `null`) a removal. */
  apply(seq: number, code: Uint32Array | null): void {
    const { words } = this;
    const slot = this.slotOf.get(seq);
    if (code === null || code.length !== words) {
      if (slot === undefined) return;
      const last = --this.live;
      if (slot !== last) {
        const moved = this.seqs[last]!;
        this.seqs[slot] = moved;
        this.codes.copyWithin(slot * words, last * words, (last + 1) * words);
        this.slotOf.set(moved, slot);
      }
      this.slotOf.delete(seq);
      return;
    }
    if (slot !== undefined) {
      this.codes.set(code, slot * words);
      return;
    }
    if (this.live === this.seqs.length) {
      const seqs = new Float64Array(this.seqs.length * 2);
      seqs.set(this.seqs);
      const codes = new Uint32Array(this.codes.length * 2);
      codes.set(this.codes);
      this.seqs = seqs;
      this.codes = codes;
    }
    this.seqs[this.live] = seq;
    this.codes.set(code, this.live * words);
    this.slotOf.set(seq, this.live++);
  }

  /**
   * The `count` seqs nearest to `query` by Hamming distance (ties at the cut-off broken
   * by slot order), in no particular order; every seq when `count >= live`.
   * O(live x words) with a counting selection (distances are 0..bits).
   */
  nearest(query: Uint32Array, count: number): number[] {
    const { words, live, seqs, codes } = this;
    if (count >= live) return Array.from(seqs.subarray(0, live));
    if (this.dist.length < live) this.dist = new Uint16Array(this.seqs.length);
    const dist = this.dist;
    const histogram = new Uint32Array(words * 32 + 1);
    for (let i = 0, base = 0; i < live; i++, base += words) {
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
      histogram[d]!++;
    }
    let cut = 0;
    let below = 0;
    while (below + histogram[cut]! < count) below += histogram[cut++]!;
    let atCut = count - below;
    const out: number[] = [];
    for (let i = 0; i < live; i++) {
      const d = dist[i]!;
      if (d < cut) out.push(seqs[i]!);
      else if (d === cut && atCut > 0) {
        out.push(seqs[i]!);
        atCut--;
      }
    }
    return out;
  }
}

/** Every user's index of one vector space, kept up to date with the file (see the module header). */
export class CodeIndexCache {
  private readonly users = new Map<string, UserCodeIndex>();
  private spaceId = -1;
  private bytes = 0;

  /**
   * `userId`'s index in space `spaceId` (dimension `dimensions`), brought up to date with
   * the rows committed so far by any connection.
   */
  index(db: Database.Database, spaceId: number, dimensions: number, userId: string): UserCodeIndex {
    if (spaceId !== this.spaceId) this.clear(spaceId);
    const newest = userVersion(db, userId);
    let index = this.users.get(userId);
    if (index && newest < index.version) {
      this.drop(userId);
      index = undefined;
    }
    if (!index) index = new UserCodeIndex(codeWords(dimensions));
    else this.users.delete(userId); // re-inserted below: most recently used last
    if (newest > 0 && index.version === 0) {
      // A user's first load in one statement: per-row iteration costs about 1.2 us a row
      // through the driver, the aggregate about half of that in all (measured at 100k).
      const before = index.bytes;
      const [seqs, hex] = db.prepare(`SELECT group_concat(seq), group_concat(hex(code), '') FROM memory_vectors
          WHERE user_id = ? AND version <= ? AND length(code) = ?`).raw().get(userId, newest, index.words * 4) as [string | null, string | null];
      const bytes = Buffer.from(hex ?? '', 'hex');
      index.load(seqs === null ? [] : seqs.split(',').map(Number), new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
      index.version = newest;
      this.bytes += index.bytes - before;
    } else if (newest > index.version) {
      const before = index.bytes;
      const rows = db.prepare('SELECT seq, version, code FROM memory_vectors WHERE user_id = ? AND version > ? ORDER BY version')
        .raw().iterate(userId, index.version) as Iterable<[number, number, Buffer | null]>;
      for (const [seq, , code] of rows) index.apply(seq, code === null ? null : codeOf(code));
      index.version = newest;
      this.bytes += index.bytes - before;
    }
    this.users.set(userId, index);
    this.evict(userId);
    return index;
  }

  /** Forgets every index (a new vector space, or the store closing). */
  clear(spaceId = -1): void {
    this.users.clear();
    this.bytes = 0;
    this.spaceId = spaceId;
  }

  private drop(userId: string): void {
    const index = this.users.get(userId);
    if (!index) return;
    this.bytes -= index.bytes;
    this.users.delete(userId);
  }

  private evict(keep: string): void {
    for (const userId of this.users.keys()) {
      if (this.bytes <= MAX_CACHED_CODE_BYTES) return;
      if (userId !== keep) this.drop(userId);
    }
  }
}
