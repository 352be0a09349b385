/**
 * Process exit codes of the CLI, one per error code, so scripts can branch on them.
 * 0 success, 1 internal error, 2 invalid input or usage, 3 not found, 4 forbidden,
 * 5 unavailable (model, extension, remote service), 6 conflict.
 */
import type { ErrorCode } from '../core/errors.js';

/** Exit code for each {@link ErrorCode}. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  INTERNAL: 1,
  INVALID_INPUT: 2,
  NOT_FOUND: 3,
  FORBIDDEN: 4,
  UNAVAILABLE: 5,
  CONFLICT: 6,
};

/** Exit code for a usage error reported by the argument parser. */
export const USAGE_EXIT_CODE = 2;
