/**
 * Times as peers write them, to epoch ms. Python's `isoformat()` (OpenMemory, OMEGA)
 * writes UTC times without a zone (`2025-03-01T10:00:00.123456`); JavaScript would read
 * those as local time, so a zone-less ISO time is taken as UTC here.
 */
import { MnemoError } from '../core/errors.js';

const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Epoch ms from an ISO string (zone-less = UTC), Unix seconds, or epoch ms (> 1e11).
 * `null`/`undefined`/`''` → undefined.
 * @throws MnemoError INVALID_INPUT naming `field` for anything else.
 */
export function peerTime(value: unknown, field: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  let ms = Number.NaN;
  if (typeof value === 'number') ms = value > 1e11 ? value : value * 1000;
  else if (typeof value === 'string') {
    const text = ZONELESS.test(value) ? `${value.replace(' ', 'T')}Z` : value;
    ms = Date.parse(text);
  }
  if (!Number.isFinite(ms)) throw new MnemoError('INVALID_INPUT', `${field} is not a valid time: ${JSON.stringify(value)}`);
  return Math.round(ms);
}
