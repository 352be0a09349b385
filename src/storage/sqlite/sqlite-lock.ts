/**
 * Waiting for SQLite's write lock without blocking the event loop. better-sqlite3 is
 * synchronous: while another process holds the write lock, `busy_timeout` sleeps inside
 * the call, and a 10 s timeout froze a server (`/healthz` reset after 5.5 s). A server
 * therefore opens the file with a short `busy_timeout` and a `lockWaitMs` budget: each
 * `BEGIN IMMEDIATE` that finds the lock taken is retried after an async pause (timers
 * run, other requests are served) until the budget is spent, then the call fails with
 * `UNAVAILABLE` and `data.retryAfterSeconds` (HTTP: 503 with `Retry-After`).
 *
 * Retrying is safe because `BEGIN IMMEDIATE` fails before the transaction does anything.
 */
import { MnemoError } from '../../core/errors.js';

/** How a write waits for the lock. */
export interface LockWait {
  /** Total time to keep retrying asynchronously after a busy failure, ms; 0 = no retry. */
  lockWaitMs: number;
}

/** First pause between retries, ms (doubles up to {@link MAX_PAUSE_MS}). */
const FIRST_PAUSE_MS = 5;
/** Longest pause between retries, ms. */
const MAX_PAUSE_MS = 100;
/** `Retry-After` suggested to clients when the lock stays taken, seconds. */
export const LOCKED_RETRY_AFTER_SECONDS = 1;

/** True for SQLite's "database is locked/busy" failures. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** The error of a lock held past the wait budget. */
export function lockedError(cause: unknown): MnemoError {
  return new MnemoError('UNAVAILABLE', 'the database is busy (another process holds its write lock); retry shortly', {
    cause, data: { retryAfterSeconds: LOCKED_RETRY_AFTER_SECONDS },
  });
}

/**
 * Runs the synchronous transaction `run`, retrying it asynchronously while the database
 * is busy, within `wait.lockWaitMs`.
 * @throws MnemoError UNAVAILABLE (with `data.retryAfterSeconds`) when still busy after the budget.
 */
export async function withLockRetry<T>(run: () => T, wait: LockWait): Promise<T> {
  const deadline = Date.now() + wait.lockWaitMs;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
    try {
      return run();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const left = deadline - Date.now();
      if (left <= 0) throw lockedError(error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
    }
  }
}
