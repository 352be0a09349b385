/**
 * The one error type of mnemo. Every layer throws {@link MnemoError}; each edge maps
 * it once: the CLI to an exit code, MCP to an `isError` tool result, HTTP to a status.
 */

/**
 * Machine-readable error kinds.
 * - `INVALID_INPUT`: the caller sent something malformed (empty text, bad id, wrong type).
 * - `NOT_FOUND`: no such memory in the caller's scope (also used for other users' ids,
 *   so existence never leaks across users).
 * - `FORBIDDEN`: the caller is known but not allowed (paused app, deny rule).
 * - `CONFLICT`: the request contradicts stored state (e.g. vector space mismatch in strict mode).
 * - `UNAVAILABLE`: a dependency is missing or down (embedding model, sqlite-vec, HTTP provider).
 * - `INTERNAL`: a bug or unexpected storage failure.
 */
export type ErrorCode = 'INVALID_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'UNAVAILABLE' | 'INTERNAL';

/**
 * An error with a stable `code`, an optional `data` payload for callers, and a `cause`.
 * @example throw new MnemoError('NOT_FOUND', `memory ${id} not found`)
 */
export class MnemoError extends Error {
  readonly code: ErrorCode;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MnemoError';
    this.code = code;
    this.data = options.data;
  }
}

/** True when `error` is a {@link MnemoError}, optionally of the given code. */
export function isMnemoError(error: unknown, code?: ErrorCode): error is MnemoError {
  return error instanceof MnemoError && (code === undefined || error.code === code);
}
