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

/** Popcount of a 32-bit word (SWAR; no popcount instruction in JavaScript). */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** One user's codes. Slots of removed vectors hold seq -1 until compaction. */
export class UserCodeIndex {
  /** Live vectors. */
  live = 0;
  /** Newest row version applied. */
  version = 0;
  private used = 0;
  private seqs = new Float64Array(64);
  private codes: Uint32Array;
  private readonly slotOf = new Map<number, number>();

  constructor(readonly words: number) {
    this.codes = new Uint32Array(64 * words);
  }

  /** Bytes held (for the cache budget). */
  get bytes(): number {
    return this.codes.byteLength + this.seqs.byteLength + this.slotOf.size * 16;
  }

  /** Applies one row: a new or replaced code, or (code `null`) a removal. */
  apply(seq: number, code: Uint32Array | null): void {
    const slot = this.slotOf.get(seq);
    if (code === null || code.length !== this.words) {
      if (slot !== undefined) {
        this.seqs[slot] = -1;
        this.slotOf.delete(seq);
        this.live--;
      }
      return;
    }
    if (slot !== undefined) {
      this.codes.set(code, slot * this.words);
      return;
    }
    if (this.used === this.seqs.length) this.grow();
    this.seqs[this.used] = seq;
    this.codes.set(code, this.used * this.words);
    this.slotOf.set(seq, this.used++);
    this.live++;
  }

  private grow(): void {
    // Compact first when at least a quarter of the slots are removed vectors.
    if (this.used - this.live >= this.used / 4) {
      let to = 0;
      for (let from = 0; from < this.used; from++) {
        const seq = this.seqs[from]!;
        if (seq < 0) continue;
        if (to !== from) {
          this.seqs[to] = seq;
          this.codes.copyWithin(to * this.words, from * this.words, (from + 1) * this.words);
          this.slotOf.set(seq, to);
        }
        to++;
      }
      this.used = to;
      if (this.used < this.seqs.length) return;
    }
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    const codes = new Uint32Array(this.codes.length * 2);
    codes.set(this.codes);
    this.seqs = seqs;
    this.codes = codes;
  }

  /**
   * The `count` live seqs nearest to `query` by Hamming distance (ties at the cut-off
   * broken by slot order), in no particular order; every live seq when `count >= live`.
   * O(live x words) with a counting selection (distances are 0..bits).
   */
  nearest(query: Uint32Array, count: number): number[] {
    const { words, used, seqs, codes } = this;
    if (count >= this.live) {
      const all: number[] = [];
      for (let i = 0; i < used; i++) if (seqs[i]! >= 0) all.push(seqs[i]!);
      return all;
    }
    const bits = words * 32;
    const dist = new Uint16Array(used);
    const histogram = new Uint32Array(bits + 2);
    for (let i = 0, base = 0; i < used; i++, base += words) {
      if (seqs[i]! < 0) {
        dist[i] = bits + 1;
        continue;
      }
      let d = 0;
      for (let w = 0; w < words; w++) d += popcount(codes[base + w]! ^ query[w]!);
      dist[i] = d;
      histogram[d]!++;
    }
    let cut = 0;
    let below = 0;
    while (below + histogram[cut]! < count) below += histogram[cut++]!;
    let atCut = count - below;
    const out: number[] = [];
    for (let i = 0; i < used; i++) {
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
    if (newest > index.version) {
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
