import { regularizedBeta } from "./incomplete-beta.js";

/** Student's t CDF with df degrees of freedom (df > 0). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (bisection on the CDF after bracketing). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new Error(`studentTQuantile needs 0 < p < 1 and df > 0 (got p=${p}, df=${df})`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 denominator); null for one value. */
  readonly sd: number | null;
  /** Two-sided t interval of the mean across seeds; null below two values. */
  readonly ci: readonly [number, number] | null;
}

/**
 * The mean of one effect across seeds with its t interval: each seed's run is one independent
 * draw of the society, so the seeds (not the bootstrap units inside a run) are the sample.
 */
export function meanInterval(values: readonly number[], confidence = 0.95): MeanInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: null, ci: null };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci: [mean - half, mean + half] };
}
