/**
 * Small statistics over latency samples: percentiles by the nearest-rank method
 * (no interpolation, so a reported p99 is a latency that was actually observed) and
 * a summary shape shared by every JSON result.
 */

/** Summary of a latency sample, all in milliseconds. `n` is the sample size. */
export interface LatencySummary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Nearest-rank percentile of `values` (unsorted is fine).
 * @param p in [0, 100].
 * @returns `NaN` for an empty sample.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Mean of `values`; `NaN` for an empty sample. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Summarises a latency sample (milliseconds). */
export function summarize(values: readonly number[]): LatencySummary {
  return {
    n: values.length,
    mean: mean(values),
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : values.reduce((a, b) => (b > a ? b : a), -Infinity),
  };
}

/**
 * Runs `fn` and returns its result with the wall time it took, in milliseconds
 * (`performance.now()`, sub-millisecond resolution).
 */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}
