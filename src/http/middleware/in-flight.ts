/**
 * Counts requests in progress so a graceful shutdown can wait for them (in-flight writes
 * finish before the database closes). Only requests that may write are counted (not
 * GET/HEAD/OPTIONS): a long-lived read stream, such as a connected MCP SSE or Streamable
 * HTTP GET stream, must not hold the shutdown until the drain timeout.
 */
import type { MiddlewareHandler } from 'hono';

/** Methods that never write. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A counter of in-progress requests with a way to wait until none are left. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Requests in progress now. */
  get size(): number {
    return this.count;
  }

  /** The middleware that counts each writing request until its handler returns. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (READ_METHODS.has(c.req.method)) return next();
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
