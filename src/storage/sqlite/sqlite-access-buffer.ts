/**
 * The SQLite store's access-log buffer: reads (`logAccess`) are queued in memory and
 * written in one transaction at most {@link ACCESS_LOG_DELAY_MS} later, or as soon as
 * {@link ACCESS_LOG_MAX_PENDING} are waiting, instead of one write transaction per search
 * on the request path.
 *
 * Failure contract: a failed write (e.g. the file locked by another process past the
 * lock budget) puts its entries back at the front of the queue and tries again after
 * the delay; `flush` rejects with that error. Nothing is lost on a clean shutdown: the
 * store flushes before closing, and before every read of the log (access log, activity,
 * recall reflection, app statistics), so a caller always reads its own reads. A pending
 * timer keeps the process alive until it has written (at most the delay); a retry after a
 * failed write does not.
 */
import type { AccessLogEntry } from '../../core/memory.js';

/** One read waiting to be written. */
export type PendingRead = Omit<AccessLogEntry, 'createdAt'> & { at: number };

/**
 * Longest wait before buffered reads are written, ms. Another process (a second CLI, the
 * dashboard's server) sees a read at most this late; issue 15 asks for 50-250 ms.
 */
export const ACCESS_LOG_DELAY_MS = 100;

/** Pending reads that trigger a write at once (bounds memory and one transaction's size). */
export const ACCESS_LOG_MAX_PENDING = 500;

/** Queues reads and writes them in batches through `write` (one transaction per call). */
export class AccessLogBuffer {
  private pending: PendingRead[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

  /**
   * @param write writes a batch in one transaction; rejects when it cannot (nothing written).
   * @param delayMs see {@link ACCESS_LOG_DELAY_MS}.
   */
  constructor(private readonly write: (entries: PendingRead[]) => Promise<void>, private readonly delayMs = ACCESS_LOG_DELAY_MS) {}

  /** Queues `entries`; they are written within the delay (or now, past {@link ACCESS_LOG_MAX_PENDING}). */
  add(entries: PendingRead[]): void {
    if (entries.length === 0) return;
    this.pending.push(...entries);
    if (this.pending.length >= ACCESS_LOG_MAX_PENDING) this.background();
    else this.timer ??= setTimeout(() => this.background(), this.delayMs);
  }

  /** Writes everything queued so far (waiting for a write already under way). @throws the write's error. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight || this.pending.length > 0) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      const batch = this.pending;
      this.pending = [];
      this.inFlight = this.write(batch)
        .catch((error: unknown) => {
          this.pending = batch.concat(this.pending);
          throw error;
        })
        .finally(() => { this.inFlight = null; });
      await this.inFlight;
    }
  }

  /** Flushes and stops the timer; later `add` calls start it again. */
  async close(): Promise<void> {
    await this.flush();
  }

  /** A flush nobody awaits: on failure the entries wait for the next attempt after the delay. */
  private background(): void {
    this.flush().catch(() => {
      // A retry does not hold the process open (a broken file would keep it alive forever).
      if (this.pending.length > 0) this.timer ??= setTimeout(() => this.background(), this.delayMs).unref();
    });
  }
}
