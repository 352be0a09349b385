/**
 * Logistic regression by Newton's method (iteratively reweighted least squares) with a
 * small L2 penalty, and the calibration measures used to judge a fit: log-loss, Brier
 * score and expected calibration error (ECE: the mean |observed - predicted| rate over
 * 10 equal-width probability bins, weighted by bin size; Guo et al. 2017, "On
 * Calibration of Modern Neural Networks", ICML). Bench-only, pure functions.
 */

/** A fitted model: intercept and one weight per feature column. */
export interface LogisticFit { bias: number; weights: number[] }

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Solves `a · x = b` (a square, symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * Fits `P(y = 1 | x) = σ(b + w·x)`.
 * @param x one feature row per sample. @param y labels 0/1. @param l2 penalty on the weights (not the bias). @default 1e-3
 */
export function fitLogistic(x: number[][], y: number[], l2 = 1e-3, iterations = 30): LogisticFit {
  const d = (x[0]?.length ?? 0) + 1;
  let beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const g = new Array<number>(d).fill(0);
    for (let i = 0; i < x.length; i++) {
      const row = [1, ...x[i]!];
      const p = sigmoid(row.reduce((s, v, j) => s + v * beta[j]!, 0));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < d; j++) {
        g[j]! += (y[i]! - p) * row[j]!;
        for (let k = 0; k < d; k++) h[j]![k]! += w * row[j]! * row[k]!;
      }
    }
    for (let j = 1; j < d; j++) {
      g[j]! -= l2 * beta[j]!;
      h[j]![j]! += l2;
    }
    const step = solve(h, g);
    beta = beta.map((b, j) => b + step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { bias: beta[0]!, weights: beta.slice(1) };
}

/** The fit's probability for one row. */
export function predict(fit: LogisticFit, row: number[]): number {
  return sigmoid(fit.bias + row.reduce((s, v, j) => s + v * fit.weights[j]!, 0));
}

/** Log-loss, Brier score and ECE (10 bins) of predictions `p` against labels `y`. */
export function calibrationMeasures(p: number[], y: number[]): { logLoss: number; brier: number; ece: number } {
  let ll = 0;
  let brier = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  p.forEach((pi, i) => {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, pi));
    ll -= y[i]! * Math.log(q) + (1 - y[i]!) * Math.log(1 - q);
    brier += (pi - y[i]!) ** 2;
    const b = bins[Math.min(9, Math.floor(pi * 10))]!;
    b.n++;
    b.p += pi;
    b.y += y[i]!;
  });
  const n = Math.max(1, p.length);
  const ece = bins.reduce((s, b) => s + (b.n ? Math.abs(b.y - b.p) : 0), 0) / n;
  return { logLoss: ll / n, brier: brier / n, ece };
}
