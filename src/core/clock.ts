/**
 * Time source, passed into the engine so tests can pin time. All mnemo timestamps are
 * Unix epoch milliseconds internally and ISO-8601 strings (UTC) at the public edges.
 */
import { MnemoError } from './errors.js';

/** A source of the current time in Unix epoch milliseconds. */
export interface Clock {
  /** Current time, Unix epoch milliseconds. */
  now(): number;
}

/** The wall clock (`Date.now()`). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Parses a caller-supplied time into epoch milliseconds.
 * Accepts a `Date`, an ISO-8601 / RFC 2822 string, or a number of Unix **seconds**
 * (mem0's `timestamp` convention); numbers above 1e11 are taken as milliseconds.
 * @throws MnemoError INVALID_INPUT when the value is not a valid time.
 */
export function parseTime(value: Date | string | number, field = 'timestamp'): number {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value > 1e11 ? value : value * 1000;
  else ms = Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new MnemoError('INVALID_INPUT', `${field} is not a valid time: ${JSON.stringify(value)}`);
  }
  return Math.round(ms);
}

/** Epoch milliseconds to an ISO-8601 UTC string. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
