/**
 * Time source, passed into the engine so tests can pin time. All mnemo timestamps are
 * Unix epoch milliseconds internally and ISO-8601 strings (UTC) at the public edges.
 */
import { MnemoError } from './errors.js';
import { MAX_TIME_MS, MIN_TIME_MS } from './limits.js';

/** A source of the current time in Unix epoch milliseconds. */
export interface Clock {
  /** Current time, Unix epoch milliseconds. */
  now(): number;
}

/** The wall clock (`Date.now()`). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Parses a caller-supplied time into epoch milliseconds, within the years 1900-9999
 * ({@link MIN_TIME_MS}..{@link MAX_TIME_MS}, src/core/limits.ts).
 * Accepts a `Date`, an ISO-8601 / RFC 2822 string, or a Unix epoch number whose unit is
 * told by its size (see `epochToMs`): **seconds** (mem0's `timestamp` convention),
 * milliseconds or nanoseconds; a number that fits none is refused (so
 * `-1e20` or `9e15` never becomes an "Invalid time value" later).
 * @param use `'value'` (a time to store: outside 1900-9999 is refused) or `'bound'` (a
 *   filter bound: clamped into the range, so "before 2999" means "any time").
 * @throws MnemoError INVALID_INPUT naming `field` when the value is not a time (in range, for a value).
 * @example parseTime(1_700_000_000) === 1_700_000_000_000 // seconds
 */
export function parseTime(value: Date | string | number, field = 'timestamp', use: 'value' | 'bound' = 'value'): number {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = epochToMs(value);
  else if (typeof value === 'string') ms = value.trim() === '' ? NaN : Date.parse(value);
  else ms = NaN;
  if (!Number.isFinite(ms)) {
    throw new MnemoError('INVALID_INPUT', `${field} is not a valid time (ISO 8601 string, or Unix seconds, ms or ns between 1900 and 9999): ${JSON.stringify(value)?.slice(0, 100)}`);
  }
  if (use === 'bound') return Math.round(Math.min(MAX_TIME_MS, Math.max(MIN_TIME_MS, ms)));
  if (ms < MIN_TIME_MS || ms > MAX_TIME_MS) {
    throw new MnemoError('INVALID_INPUT', `${field} is outside the years 1900-9999: ${JSON.stringify(value)?.slice(0, 100)}`);
  }
  return Math.round(ms);
}

/**
 * Magnitude bands of the epoch units (|value|): below 1e11 seconds (to year 5138), below
 * 1e14 milliseconds, below 1e17 microseconds (refused: no client sends them, and they
 * are easily a mistaken unit), else nanoseconds. The band decides; the range check after
 * it refuses what lands outside 1900-9999 (in practice s and ms reach year 5138).
 */
function epochToMs(value: number): number {
  if (!Number.isFinite(value)) return NaN;
  const size = Math.abs(value);
  if (size < 1e11) return value * 1000;
  if (size < 1e14) return value;
  if (size < 1e17) return NaN;
  return value / 1e6;
}

/** Epoch milliseconds to an ISO-8601 UTC string. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
