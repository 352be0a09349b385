/**
 * Per-user in-memory indexes under one byte budget, least recently used dropped first:
 * the cache shape shared by the vector side's code index (sqlite-code-index.ts) and the
 * keyword side's BM25 index (sqlite-keyword-cache.ts). A dropped user's index is rebuilt
 * from the file on its next search, so eviction only costs time.
 */

/** What an entry must tell: the bytes it holds (read at {@link UserLru.set} only, so it may be O(size)). */
export interface Sized {
  readonly bytes: number;
}

/** A Map from user id to index in recency order, with the bytes of each as last measured. */
export class UserLru<V extends Sized> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  /** @param budget bytes over all users; past it the least recently used others are dropped. */
  constructor(readonly budget: number) {}

  /** Bytes held over all users, as measured when each was last set. */
  get bytes(): number {
    return this.total;
  }

  /** `userId`'s index, without changing its recency. */
  get(userId: string): V | undefined {
    return this.entries.get(userId)?.value;
  }

  /** Marks `userId`'s index (if any) most recently used, its size unchanged. */
  touch(userId: string): void {
    const entry = this.entries.get(userId);
    if (!entry) return;
    this.entries.delete(userId);
    this.entries.set(userId, entry);
  }

  /**
   * Stores (or re-measures after a change) `userId`'s index as most recently used, then
   * drops the least recently used other users' indexes while over the budget.
   */
  set(userId: string, value: V): void {
    this.delete(userId);
    const bytes = value.bytes;
    this.entries.set(userId, { value, bytes });
    this.total += bytes;
    for (const [other, entry] of this.entries) {
      if (this.total <= this.budget) return;
      if (other === userId) continue;
      this.entries.delete(other);
      this.total -= entry.bytes;
    }
  }

  /** Forgets `userId`'s index. */
  delete(userId: string): void {
    const entry = this.entries.get(userId);
    if (!entry) return;
    this.entries.delete(userId);
    this.total -= entry.bytes;
  }

  /** Forgets every index. */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
