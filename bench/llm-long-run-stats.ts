/**
 * The long-run bench's arithmetic: tokens per call by bucket of rounds (mean, p50, p95, max) and the
 * least-squares slope of per-round mean prompt tokens against round, with its 95 % interval.
 */

/** One model call as counted: its round and its tokens. */
export interface CallTokens {
  readonly round: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface BucketRow {
  readonly fromRound: number;
  readonly toRound: number;
  readonly calls: number;
  readonly callsPerRound: number;
  readonly prompt: { readonly mean: number; readonly p50: number; readonly p95: number; readonly max: number };
  readonly completionMean: number;
}

/** The nearest-rank quantile of ascending `sorted` (q in (0, 1]). */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Rounds [0, rounds) in buckets of `bucketRounds`, each with the calls made in it. */
export function bucketRows(calls: readonly CallTokens[], rounds: number, bucketRounds: number): BucketRow[] {
  const rows: BucketRow[] = [];
  for (let from = 0; from < rounds; from += bucketRounds) {
    const to = Math.min(rounds, from + bucketRounds);
    const inBucket = calls.filter((c) => c.round >= from && c.round < to);
    const prompts = inBucket.map((c) => c.promptTokens).sort((a, b) => a - b);
    rows.push({
      fromRound: from,
      toRound: to - 1,
      calls: inBucket.length,
      callsPerRound: inBucket.length / (to - from),
      prompt: { mean: mean(prompts), p50: nearestRank(prompts, 0.5), p95: nearestRank(prompts, 0.95), max: prompts.at(-1) ?? 0 },
      completionMean: mean(inBucket.map((c) => c.completionTokens)),
    });
  }
  return rows;
}

/** Mean prompt tokens per call of each round that had a call, as (round, mean) points. */
export function perRoundMeans(calls: readonly CallTokens[]): { round: number; mean: number; calls: number }[] {
  const byRound = new Map<number, number[]>();
  for (const c of calls) {
    const list = byRound.get(c.round) ?? [];
    list.push(c.promptTokens);
    byRound.set(c.round, list);
  }
  return [...byRound.entries()].sort((a, b) => a[0] - b[0]).map(([round, list]) => ({ round, mean: mean(list), calls: list.length }));
}

export interface SlopeFit {
  readonly points: number;
  readonly slopePerRound: number;
  /** Half-width of the 95 % interval of the slope: Newey-West standard error (normal approximation). */
  readonly ci95: number;
  /** The same from the plain OLS standard error, which assumes independent residuals. */
  readonly ci95Independent: number;
  readonly intercept: number;
}

/**
 * Ordinary least squares of y on x, points in order of x. The slope's standard error is Newey-West's
 * (Bartlett weights up to `lags`): consecutive rounds show many of the same posts and memories, so
 * their residuals are correlated and the plain OLS error would be too small.
 */
export function leastSquares(points: readonly { readonly x: number; readonly y: number }[], lags: number): SlopeFit {
  const n = points.length;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  const residuals = points.map((p) => p.y - intercept - slope * p.x);
  const residualSquares = residuals.reduce((sum, e) => sum + e * e, 0);
  const seIndependent = n > 2 && sxx > 0 ? Math.sqrt(residualSquares / (n - 2) / sxx) : Number.NaN;
  // Scores u_t = (x_t - mean x) e_t; var(slope) = (sum_t u_t^2 + 2 sum_l w_l sum_t u_t u_(t-l)) / sxx^2.
  const u = points.map((p, i) => (p.x - mx) * (residuals[i] ?? 0));
  let long = u.reduce((sum, v) => sum + v * v, 0);
  for (let lag = 1; lag <= Math.min(lags, n - 1); lag++) {
    let cross = 0;
    for (let t = lag; t < n; t++) cross += (u[t] ?? 0) * (u[t - lag] ?? 0);
    long += 2 * (1 - lag / (lags + 1)) * cross;
  }
  const se = n > 2 && sxx > 0 ? Math.sqrt((Math.max(0, long) * n) / (n - 2)) / sxx : Number.NaN;
  return { points: n, slopePerRound: slope, ci95: 1.96 * se, ci95Independent: 1.96 * seIndependent, intercept };
}
