/**
 * Per-user in-memory inverted index of memory texts for the keyword side of the SQLite
 * store: BM25 top-k by MaxScore and the near-duplicate probe of an add, without FTS5.
 *
 * Why: FTS5's `bm25()` scores every row matching any term (a docsize read each) and runs
 * an IDF pass over each term's whole doclist; a question naming a speaker held by half
 * of a user's memories costs about 17 ms at 100k memories (bench/README.md, "Per-user
 * full-text index: the owner column"). Here postings live in typed arrays and MaxScore
 * (Turtle & Flood 1995, "Query evaluation: strategies and optimizations", Information
 * Processing & Management 31(6)) skips the documents that only hold terms too common to
 * lift them into the top k, so the answer is exact at a fraction of the work.
 *
 * Scores: BM25 exactly as FTS5's `bm25()` computes it (SQLite's fts5_aux.c: k1 = 1.2,
 * b = 0.75, idf = ln((N - n + 0.5) / (n + 0.5)) floored at 1e-6, D = the row's tokens over
 * all columns: its content tokens plus the one owner token of migration 8, avgdl likewise),
 * with N, n and avgdl taken from the USER'S OWN non-deleted rows. On a file holding one
 * user the scores equal FTS5's `-bm25(memories_fts, 1.0, 0.0)`; with several users IDF is
 * per user, deliberately: a user's scores neither depend on nor reveal other users'
 * memories, and the cost does not grow with the whole store. Terms are the analyser's
 * (sqlite-fts-analyser.ts), for documents and queries alike.
 *
 * Keeping it in step with the file (per-user change feed, builds, memory budget):
 * sqlite-keyword-cache.ts. A document is added, replaced or removed with `apply`.
 *
 * Memory: about 300 bytes per memory of LoCoMo-like text (postings, per-document term
 * lists, vocabulary; 29 MB at 100k by the index's own count, `node --expose-gc
 * dist/bench/latency/keyword-threshold.js`).
 */
import { ftsTerms, ftsTokens, porterStem } from './sqlite-fts-analyser.js';

/** BM25 term-frequency saturation, FTS5's default (fts5_aux.c). */
const K1 = 1.2;
/** BM25 length normalisation, FTS5's default (fts5_aux.c). */
const B = 0.75;
/** Smallest IDF, FTS5's floor for terms held by at least half the rows (fts5_aux.c). */
const MIN_IDF = 1e-6;
/** Tokens FTS5 counts in a row besides its content: the owner column's one token (migration 8). */
const OWNER_TOKENS = 1;
/** Distinct unstemmed tokens remembered per index (cleared when full). */
const TOKEN_CACHE_MAX = 200_000;
/** Upper bounds are inflated by this factor so float rounding never prunes a true top-k document. */
const BOUND_SLACK = 1 + 1e-9;

/** One term's postings: document slots ascending, with the term's count in each. */
interface Postings {
  /** Index in the index's term list (what `pool` holds). */
  id: number;
  docs: Int32Array;
  tfs: Uint16Array;
  /** Entries used (dead documents' entries included until compaction). */
  n: number;
  /** Live documents holding the term (BM25's n). */
  df: number;
  /** Largest count seen (an upper bound; not lowered on removal). */
  maxTf: number;
}

/** A query term resolved against one index: its postings and how many query words map to it. */
interface QueryTerm {
  p: Postings;
  weight: number;
}

/** One scored document: its memory seq and BM25 score (higher is better). */
export interface KeywordHit {
  seq: number;
  score: number;
}

/** Grows a typed array to hold at least `need` entries (doubling). */
function grow<T extends Int32Array | Uint16Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let size = Math.max(8, a.length);
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * One user's inverted index. Documents live in slots numbered in insertion order; a
 * removal kills its slot (the postings skip it) and a change of text is a removal plus
 * an insertion; dead slots are compacted away once they outnumber the live ones.
 */
export class UserKeywordIndex {
  /** Newest row version applied. */
  version = 0;
  /** Live documents (N). */
  live = 0;
  /** Tokens of the live documents, owner tokens included (avgdl = this / live). */
  private tokens = 0;
  private readonly terms = new Map<string, Postings>();
  /** Unstemmed token -> its term's postings: one lookup per token when indexing. */
  private readonly byToken = new Map<string, Postings>();
  private readonly slotOf = new Map<number, number>();
  private slots = 0;
  private slotSeq = new Float64Array(64);
  /** Tokens of each slot's document, owner token included; 0 for a dead slot. */
  private docLen = new Int32Array(64);
  /** Each slot's distinct terms: a range of `pool` (term ids, {@link Postings.id}). */
  private docStart = new Int32Array(64);
  private docTerms = new Int32Array(64);
  private pool = new Int32Array(1024);
  private poolUsed = 0;
  private readonly termList: Postings[] = [];
  /** Scratch of {@link shared}: query weight per term id, all zero between calls. */
  private weights = new Int32Array(0);

  /** Approximate bytes held (for the cache budget). */
  get bytes(): number {
    let postings = 0;
    for (const p of this.termList) postings += p.docs.byteLength + p.tfs.byteLength + 64;
    return postings + this.terms.size * 48 + this.slotOf.size * 24 + this.pool.byteLength
      + this.slotSeq.byteLength + this.docLen.byteLength + this.docStart.byteLength + this.docTerms.byteLength;
  }

  /** Adds (or replaces, `content` given) or removes (`content` `null`) the document of `seq`. */
  apply(seq: number, content: string | null): void {
    const slot = this.slotOf.get(seq);
    if (slot !== undefined) this.remove(slot, seq);
    if (content !== null) this.add(seq, content);
    if (this.slots > 2 * this.live + 1024) this.compact();
  }

  private postingsOf(term: string): Postings {
    let p = this.terms.get(term);
    if (!p) {
      p = { id: this.termList.length, docs: new Int32Array(4), tfs: new Uint16Array(4), n: 0, df: 0, maxTf: 0 };
      this.terms.set(term, p);
      this.termList.push(p);
    }
    return p;
  }

  private add(seq: number, content: string): void {
    const words = ftsTokens(content);
    const slot = this.slots++;
    if (slot >= this.slotSeq.length) {
      this.slotSeq = grow(this.slotSeq, slot + 1);
      this.docLen = grow(this.docLen, slot + 1);
      this.docStart = grow(this.docStart, slot + 1);
      this.docTerms = grow(this.docTerms, slot + 1);
    }
    this.slotSeq[slot] = seq;
    this.docLen[slot] = words.length + OWNER_TOKENS;
    this.docStart[slot] = this.poolUsed;
    if (this.poolUsed + words.length > this.pool.length) this.pool = grow(this.pool, this.poolUsed + words.length);
    let distinct = 0;
    for (const w of words) {
      let p = this.byToken.get(w);
      if (p === undefined) {
        p = this.postingsOf(porterStem(w));
        if (this.byToken.size >= TOKEN_CACHE_MAX) this.byToken.clear();
        this.byToken.set(w, p);
      }
      const last = p.n - 1;
      if (last >= 0 && p.docs[last] === slot) {
        // A repeated term of this document (postings are appended in slot order).
        const tf = Math.min(p.tfs[last]! + 1, 0xffff);
        p.tfs[last] = tf;
        if (tf > p.maxTf) p.maxTf = tf;
        continue;
      }
      if (p.n === p.docs.length) {
        p.docs = grow(p.docs, p.n + 1);
        p.tfs = grow(p.tfs, p.n + 1);
      }
      p.docs[p.n] = slot;
      p.tfs[p.n++] = 1;
      p.df++;
      if (p.maxTf === 0) p.maxTf = 1;
      this.pool[this.poolUsed++] = p.id;
      distinct++;
    }
    this.docTerms[slot] = distinct;
    this.slotOf.set(seq, slot);
    this.live++;
    this.tokens += words.length + OWNER_TOKENS;
  }

  private remove(slot: number, seq: number): void {
    const start = this.docStart[slot]!;
    for (let i = 0; i < this.docTerms[slot]!; i++) this.termList[this.pool[start + i]!]!.df--;
    this.tokens -= this.docLen[slot]!;
    this.docLen[slot] = 0;
    this.slotOf.delete(seq);
    this.live--;
  }

  /** Drops dead slots: renumbers the live ones in order and rebuilds postings and term lists. */
  private compact(): void {
    const map = new Int32Array(this.slots).fill(-1);
    let next = 0;
    for (let s = 0; s < this.slots; s++) if (this.docLen[s]! > 0) map[s] = next++;
    for (const p of this.termList) {
      let n = 0;
      for (let i = 0; i < p.n; i++) {
        const s = map[p.docs[i]!]!;
        if (s >= 0) {
          p.docs[n] = s;
          p.tfs[n++] = p.tfs[i]!;
        }
      }
      p.n = n;
    }
    const pool = new Int32Array(Math.max(1024, this.poolUsed));
    let used = 0;
    for (let s = 0; s < this.slots; s++) {
      const t = map[s]!;
      if (t < 0) continue;
      const start = this.docStart[s]!;
      const count = this.docTerms[s]!;
      pool.set(this.pool.subarray(start, start + count), used);
      this.slotSeq[t] = this.slotSeq[s]!;
      this.docLen[t] = this.docLen[s]!;
      this.docStart[t] = used;
      this.docTerms[t] = count;
      this.slotOf.set(this.slotSeq[t]!, t);
      used += count;
    }
    this.pool = pool;
    this.poolUsed = used;
    this.docLen.fill(0, next, this.slots);
    this.slots = next;
  }

  /** BM25 IDF of a term held by `n` of the live documents (fts5_aux.c). */
  private idf(n: number): number {
    const idf = Math.log((this.live - n + 0.5) / (n + 0.5));
    return idf > 0 ? idf : MIN_IDF;
  }

  /**
   * The query's terms as this index holds them: each query word analysed (a word that
   * analyses to more than one token cannot be answered here: `null`, the caller uses
   * FTS5), words with one stem merged with a weight (FTS5 scores each phrase, so two
   * words stemming alike count twice); terms absent from the index dropped.
   */
  private resolve(words: string[]): { terms: QueryTerm[]; stems: string[] } | null {
    const stems: string[] = [];
    for (const w of words) {
      const t = ftsTerms(w);
      if (t.length > 1) return null;
      if (t.length === 1) stems.push(t[0]!);
    }
    const byStem = new Map<Postings, QueryTerm>();
    for (const s of stems) {
      const p = this.terms.get(s);
      if (!p || p.df === 0) continue;
      const q = byStem.get(p);
      if (q) q.weight++;
      else byStem.set(p, { p, weight: 1 });
    }
    return { terms: [...byStem.values()], stems };
  }

  /**
   * The `k` best documents for the query words `words` by BM25 (see the module header),
   * best first (equal scores: older slot first). Exact: MaxScore prunes only documents
   * whose score bound cannot reach the k-th score found so far.
   * @returns `null` when a word analyses to several tokens (a phrase: FTS5 answers).
   */
  top(words: string[], k: number): KeywordHit[] | null {
    const resolved = this.resolve(words);
    if (!resolved) return null;
    const { live } = this;
    if (k <= 0 || live === 0 || resolved.terms.length === 0) return [];
    const avgdl = this.tokens / live;
    const docLen = this.docLen;
    // Per term: idf, bound on its contribution (tf part at most maxTf(k1+1)/(maxTf+k1(1-b)), as D > 0).
    const list = resolved.terms.map((q) => {
      const idf = this.idf(q.p.df) * q.weight;
      const ub = idf * ((q.p.maxTf * (K1 + 1)) / (q.p.maxTf + K1 * (1 - B))) * BOUND_SLACK;
      return { docs: q.p.docs, tfs: q.p.tfs, n: q.p.n, idf, ub, pos: 0 };
    }).sort((a, b) => a.ub - b.ub);
    const m = list.length;
    const prefix = new Float64Array(m);
    for (let i = 0, s = 0; i < m; i++) prefix[i] = s += list[i]!.ub;
    const norm = K1 * (1 - B);
    const slope = (K1 * B) / avgdl;
    // Min-heap of the best k (score, then slot: a later slot is worse on ties).
    const hs = new Float64Array(k);
    const hd = new Int32Array(k);
    let size = 0;
    let theta = -1;
    let essential = 0;
    const worse = (i: number, j: number): boolean => hs[i]! < hs[j]! || (hs[i] === hs[j] && hd[i]! > hd[j]!);
    const swap = (i: number, j: number): void => {
      const s = hs[i]!; hs[i] = hs[j]!; hs[j] = s;
      const d = hd[i]!; hd[i] = hd[j]!; hd[j] = d;
    };
    const siftDown = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let w = i;
        if (l < size && worse(l, w)) w = l;
        if (r < size && worse(r, w)) w = r;
        if (w === i) return;
        swap(i, w);
        i = w;
      }
    };
    for (;;) {
      let doc = 0x7fffffff;
      for (let i = essential; i < m; i++) {
        const t = list[i]!;
        if (t.pos < t.n && t.docs[t.pos]! < doc) doc = t.docs[t.pos]!;
      }
      if (doc === 0x7fffffff) break;
      const dl = docLen[doc]!;
      const lenNorm = norm + slope * dl;
      let score = 0;
      for (let i = essential; i < m; i++) {
        const t = list[i]!;
        if (t.pos < t.n && t.docs[t.pos] === doc) {
          const tf = t.tfs[t.pos++]!;
          score += t.idf * ((tf * (K1 + 1)) / (tf + lenNorm));
        }
      }
      if (dl === 0) continue; // a dead slot
      // Non-essential terms, largest bound first, while they can still lift the document.
      for (let i = essential - 1; i >= 0; i--) {
        if (score + prefix[i]! <= theta) break;
        const t = list[i]!;
        // Gallop then binary search to the first entry >= doc.
        let lo = t.pos;
        let step = 1;
        while (lo + step < t.n && t.docs[lo + step]! < doc) { lo += step; step *= 2; }
        let hi = Math.min(lo + step, t.n);
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (t.docs[mid]! < doc) lo = mid + 1;
          else hi = mid;
        }
        t.pos = lo;
        if (lo < t.n && t.docs[lo] === doc) {
          const tf = t.tfs[lo]!;
          score += t.idf * ((tf * (K1 + 1)) / (tf + lenNorm));
        }
      }
      if (size < k) {
        hs[size] = score;
        hd[size] = doc;
        for (let i = size++; i > 0;) {
          const parent = (i - 1) >>> 1;
          if (!worse(i, parent)) break;
          swap(i, parent);
          i = parent;
        }
        if (size === k) theta = hs[0]!;
      } else if (score > theta) {
        hs[0] = score;
        hd[0] = doc;
        siftDown(0);
        theta = hs[0]!;
      } else continue;
      if (size === k) while (essential < m && prefix[essential]! <= theta) essential++;
      if (essential >= m) break;
    }
    const out: KeywordHit[] = [];
    for (let i = 0; i < size; i++) out.push({ seq: hd[i]!, score: hs[i]! });
    out.sort((a, b) => b.score - a.score || a.seq - b.seq);
    for (const h of out) h.seq = this.slotSeq[h.seq]!;
    return out;
  }

  /**
   * The near-duplicate probe (`KeywordQuery.minShared`): the documents holding at least
   * `minShared` of the query words (a word counts once per word, so two words stemming
   * alike count twice), most shared first, ties newest first. A document sharing
   * `minShared` of `n` words holds one of the `n - minShared + 1` rarest. The drivers are
   * the rarest word, then the next rarest while their documents together fit `window`,
   * up to that bound (when they all fit, every such document is found); only the newest
   * `window` documents holding a driver are considered, so the cost is bounded whatever
   * the user's size. The same choice as the FTS5 probe of sqlite-store.ts, with exact
   * per-user document counts.
   * @returns `null` when a word analyses to several tokens (FTS5 answers); else
   *   `{ seq, score: words shared }`.
   */
  shared(words: string[], minShared: number, window: number): KeywordHit[] | null {
    const resolved = this.resolve(words);
    if (!resolved) return null;
    const { stems } = resolved;
    const need = Math.max(1, minShared);
    // Weight of each term of the query, by term id (a scratch array, zeroed again below).
    if (this.weights.length < this.termList.length) this.weights = new Int32Array(this.termList.length * 2);
    const weight = this.weights;
    const byRarity: Array<{ p: Postings; df: number }> = [];
    for (const s of stems) {
      const p = this.terms.get(s);
      const df = p ? p.df : 0;
      byRarity.push({ p: p as Postings, df });
      if (p) weight[p.id]!++;
    }
    byRarity.sort((a, b) => a.df - b.df);
    // The rarest word always drives; more (up to n - minShared + 1) while their documents
    // together fit the window, as the FTS5 probe picks them (sqlite-store.ts).
    let total = byRarity[0]?.df ?? 0;
    let count = 1;
    for (const d of byRarity.slice(1, Math.max(1, stems.length - need + 1))) {
      if (total + d.df > window) break;
      total += d.df;
      count++;
    }
    const drivers = [...new Set(byRarity.slice(0, count).filter((d) => d.df > 0).map((d) => d.p))];
    // Newest `window` live slots holding a driver: merge the drivers' postings from their ends.
    const pos = drivers.map((p) => p.n - 1);
    const out: KeywordHit[] = [];
    let seen = 0;
    for (;;) {
      let doc = -1;
      for (let i = 0; i < drivers.length; i++) if (pos[i]! >= 0 && drivers[i]!.docs[pos[i]!]! > doc) doc = drivers[i]!.docs[pos[i]!]!;
      if (doc < 0) break;
      for (let i = 0; i < drivers.length; i++) if (pos[i]! >= 0 && drivers[i]!.docs[pos[i]!] === doc) pos[i]!--;
      if (this.docLen[doc] === 0) continue;
      if (seen++ >= window) break;
      let count = 0;
      const start = this.docStart[doc]!;
      for (let i = 0, end = this.docTerms[doc]!; i < end; i++) count += weight[this.pool[start + i]!]!;
      if (count >= need) out.push({ seq: this.slotSeq[doc]!, score: count });
    }
    for (const d of byRarity) if (d.p) weight[d.p.id] = 0;
    return out.sort((a, b) => b.score - a.score || b.seq - a.seq);
  }
}
