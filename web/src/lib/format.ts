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

/**
 * A search score for people: `0.734` → `73% match`. Scores of mnemo's search lie in
 * [0, 1]: the calibrated probability that the memory is relevant (README, "How
 * retrieval works"); anything above 1 is shown as 100%.
 */
export const formatScore = (score: number): string => `${Math.round(Math.min(1, Math.max(0, score)) * 100)}% match`;

/** Words too common to highlight (a query's "do", "I", "the" would light up everything). */
const UNMARKED = new Set('a an and are as at be by do does for from has have i in is it me my of on or our so that the this to was we what when where which who why with you your'.split(' '));

/**
 * `text` split into plain and matched parts for highlighting: a part is matched when
 * it is a word starting with a query word (case-insensitive, 3+ letters, common words
 * left out), so "flight" marks "flights".
 */
export function matchParts(text: string, query: string): Array<{ text: string; match: boolean }> {
  const words = [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3 && !UNMARKED.has(w)))];
  if (words.length === 0) return [{ text, match: false }];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])((?:${escaped.join('|')})[\\p{L}\\p{N}]*)`, 'giu');
  const parts: Array<{ text: string; match: boolean }> = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), match: false });
    parts.push({ text: m[0], match: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

/**
 * Hits worth showing of a ranked search: those scoring at least {@link RELEVANCE_FLOOR}
 * and at least {@link WEAK_MATCH_RATIO} of the best hit. Scores are calibrated
 * probabilities (README, "How retrieval works"), so the floor means the same for every
 * question: a question the memories do not answer shows nothing rather than whatever
 * exists. The ratio keeps a clear winner alone: in the dashboard e2e's store (six facts)
 * the intended hits score 0.16-0.77 and the rest at most 0.01.
 */
export const WEAK_MATCH_RATIO = 0.5;

/**
 * Least calibrated score the dashboard lists: 0.1, mnemo's `DEFAULT_RELEVANCE_FLOOR`
 * (src/retrieval/calibration.ts; measured on the LoCoMo dev split, bench/README.md).
 */
export const RELEVANCE_FLOOR = 0.1;

/** The hits of a ranked search worth showing, best first (see {@link WEAK_MATCH_RATIO}). */
export function strongHits<T extends { score: number }>(hits: readonly T[]): T[] {
  const best = hits.reduce((m, h) => Math.max(m, h.score), 0);
  return hits.filter((h) => h.score >= RELEVANCE_FLOOR && h.score >= best * WEAK_MATCH_RATIO);
}

/**
 * The vector index line of Settings: `ok (local:use-lite, 512 dimensions)`, `off`, plus
 * how many memories lack a vector. (It once printed `ok ([object Object])`.)
 */
export function vectorIndexLabel(v: { ok: boolean; space: { embedderId: string; dimensions: number } | null; missingVectors: number }): string {
  const space = v.space ? ` (${v.space.embedderId}, ${v.space.dimensions} dimensions)` : '';
  const missing = v.missingVectors > 0 ? `, ${count(v.missingVectors, 'memory', 'memories')} without a vector` : '';
  return `${v.ok ? 'ok' : 'off'}${space}${missing}`;
}
