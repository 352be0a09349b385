/**
 * Parsers for CLI option values; each throws `MnemoError('INVALID_INPUT')` naming the
 * flag, which the CLI turns into exit code 2.
 */
import { MnemoError } from '../core/errors.js';

/** Parses a whole number ≥ `min`. */
export function parsePositiveInt(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new MnemoError('INVALID_INPUT', `${flag} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

/** Parses a JSON object (not an array or scalar). */
export function parseJsonObject(value: string, flag: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (cause) {
    throw new MnemoError('INVALID_INPUT', `${flag} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MnemoError('INVALID_INPUT', `${flag} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
