/** Display helpers: times (API times are Unix seconds), app names, short text. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** Steps of relative time, from seconds up. */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60], ['minute', 60], ['hour', 24], ['day', 30], ['month', 12], ['year', Infinity],
];

/** `Mar 3, 2026, 10:04 AM`, or an em dash for none. */
export function formatTime(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '—' : dateTime.format(new Date(seconds * 1000));
}

/** `3 minutes ago`, or `never`. */
export function timeAgo(seconds: number | null | undefined, now = Date.now()): string {
  if (seconds === null || seconds === undefined) return 'never';
  let value = (seconds * 1000 - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return formatTime(seconds);
}

/** The name shown for a memory's app; `null` is the person acting directly (dashboard, CLI, SDK). */
export const appLabel = (app: string | null | undefined): string => app ?? 'no app';

/** `text` cut to `max` characters on one line. */
export function clip(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A `YYYY-MM-DD` date string → Unix seconds at the start (or end) of that local day. */
export function dayToSeconds(day: string, end = false): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = end ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d);
  return Math.floor(date.getTime() / 1000);
}

/** Plural: `1 memory`, `3 memories`. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;
