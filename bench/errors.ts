/**
 * The benchmark's one error type for problems the user can fix (a missing data file,
 * peers not installed, a bad flag). `bench/main.ts` prints its message without a stack
 * trace and exits with status 2; any other error is a bug or a system failure and
 * exits with status 1 and its stack.
 */

/** A problem with the command line or the environment, explained in `message`. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}
