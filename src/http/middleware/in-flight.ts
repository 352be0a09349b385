/**
 * Counts requests in progress so a graceful shutdown can wait for them (in-flight writes
 * finish before the database closes).
 */
import type { MiddlewareHandler } from 'hono';

/** A counter of in-progress requests with a way to wait until none are left. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Requests in progress now. */
  get size(): number {
    return this.count;
  }

  /** The middleware that counts each request until its handler returns. */
  middleware(): MiddlewareHandler {
    return async (_c, next) => {
      this.count++;
      try {
        await next();
      } finally {
        this.count--;
        if (this.count === 0) for (const w of this.waiters.splice(0)) w();
      }
    };
  }

  /** Resolves when no request is in progress, or after `timeoutMs` (then `false`). */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => { clearTimeout(timer); resolve(true); });
    });
  }
}
