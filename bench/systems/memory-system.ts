/**
 * The one contract every benchmarked memory layer is driven through: mnemo (one view
 * per search mode) and each peer. The LoCoMo and latency code never knows which system
 * it has; differences are capability flags, and a system that cannot do something
 * says so in `capabilities` and `notes` rather than being left out of a table.
 *
 * Failure contract: `add`, `addBatch` and `search` reject with the system's own error;
 * the caller records it as a failure of that system and goes on with the others.
 */

/** One memory to store: a LoCoMo dialog turn or a generated sentence. */
export interface BenchItem {
  /** Memory text. */
  text: string;
  /** Owner; each LoCoMo conversation is its own user. */
  userId: string;
  /** The id search results are mapped back to (a LoCoMo `dia_id`, or a generated id). */
  itemId: string;
  speaker?: string;
  session?: number;
  /** When it was said, Unix epoch milliseconds. */
  timestamp?: number;
}

/** What a system can do; a `false` shows as "no" or "n/a" in tables. */
export interface Capabilities {
  /** Ranks by dense-vector similarity. */
  vectors: boolean;
  /** Ranks results at all (false: returns an unordered match set). */
  ranking: boolean;
  /** Keeps users apart in one store (false: the bench gives each user its own store). */
  userScope: boolean;
  /** Stores a time per memory. */
  timestamps: boolean;
  /** Adds many memories in one call. */
  batchAdd: boolean;
}

/** A memory layer under test. */
export interface MemorySystem {
  /** Label used in tables, plots and JSON, e.g. `mnemo (hybrid)`, `mem0 oss`. */
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Facts a reader needs to interpret the figures (embedder used, workarounds). */
  readonly notes: string[];
  /** Stores one memory (one call of the system's add). */
  add(item: BenchItem): Promise<void>;
  /**
   * Stores many memories of one user, in as few calls as the system allows
   * (falls back to one `add` per item when `capabilities.batchAdd` is false).
   */
  addBatch(items: BenchItem[]): Promise<void>;
  /**
   * The `limit` best memories of `userId` for `query`, best first, as `itemId`s.
   * Systems without ranking return their matches in their own order, cut at `limit`.
   */
  search(query: string, userId: string, limit: number): Promise<string[]>;
  /** Releases files, processes and models. */
  close(): Promise<void>;
}
