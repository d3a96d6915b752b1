/**
 * Discrete power-law fit of Clauset, Shalizi & Newman (2009): for each candidate lower bound x_min
 * the exact maximum-likelihood exponent (the Hurwitz zeta normaliser, not the continuous
 * approximation, which is off by ~0.1 at x_min = 1-2), and the x_min whose fitted tail is closest
 * to the data in Kolmogorov-Smirnov distance.
 */

/** Even Bernoulli numbers B2..B12 for the Euler-Maclaurin tail of the zeta sum. */
const bernoulliEven = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730] as const;
/** Terms summed directly before the Euler-Maclaurin tail: with 6 correction terms, error < 1e-12 for s <= 10. */
const directTerms = 12;

/** Hurwitz zeta: sum over k >= 0 of (q + k)^-s, for s > 1 and q > 0. */
export function hurwitzZeta(s: number, q: number): number {
  if (!(s > 1) || !(q > 0)) throw new RangeError(`hurwitzZeta needs s > 1 and q > 0 (got s ${s}, q ${q})`);
  let sum = 0;
  for (let k = 0; k < directTerms; k++) sum += (q + k) ** -s;
  const a = q + directTerms;
  sum += a ** (1 - s) / (s - 1) + a ** -s / 2;
  // Rising factorial s (s+1) ... (s+2j-2) over (2j)!, times a^(-s-2j+1).
  let coefficient = s;
  let factorial = 2;
  let power = a ** (-s - 1);
  for (let j = 0; j < bernoulliEven.length; j++) {
    sum += ((bernoulliEven[j] ?? 0) * coefficient * power) / factorial;
    coefficient *= (s + 2 * j + 1) * (s + 2 * j + 2);
    factorial *= (2 * j + 3) * (2 * j + 4);
    power /= a * a;
  }
  return sum;
}

/** Exponents searched; the likelihood is concave in alpha, so a golden-section search finds its maximum. */
const alphaRange = { min: 1.0001, max: 10 } as const;

/** Exact discrete MLE of alpha for the values >= xmin (given their count and sum of logs). */
function maximumLikelihoodAlpha(n: number, logSum: number, xmin: number): number {
  const logLikelihood = (alpha: number): number => -n * Math.log(hurwitzZeta(alpha, xmin)) - alpha * logSum;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo: number = alphaRange.min;
  let hi: number = alphaRange.max;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = logLikelihood(a);
  let fb = logLikelihood(b);
  while (hi - lo > 1e-7) {
    if (fa < fb) {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = logLikelihood(b);
    } else {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = logLikelihood(a);
    }
  }
  return (lo + hi) / 2;
}

export interface PowerLawFit {
  /** Exponent of P(x) ~ x^-alpha for x >= xmin. */
  readonly alpha: number;
  readonly xmin: number;
  /** Kolmogorov-Smirnov distance between the tail's empirical and fitted CDFs. */
  readonly ks: number;
  /** Observations in the tail (x >= xmin). */
  readonly tail: number;
  /** Standard error of alpha, (alpha - 1) / sqrt(tail) (Clauset et al. eq. 3.2). */
  readonly alphaStandardError: number;
}

/** Fit for one x_min over the ascending values from `start` on (all >= xmin). */
function fitTail(sorted: readonly number[], start: number, xmin: number): PowerLawFit {
  const n = sorted.length - start;
  let logSum = 0;
  for (let i = start; i < sorted.length; i++) logSum += Math.log(sorted[i] ?? 1);
  const alpha = maximumLikelihoodAlpha(n, logSum, xmin);
  const normaliser = hurwitzZeta(alpha, xmin);
  // The CDFs compared at each distinct value (the empirical CDF after its last copy).
  let ks = 0;
  for (let i = start; i < sorted.length; i++) {
    const x = sorted[i] ?? xmin;
    if (i + 1 < sorted.length && sorted[i + 1] === x) continue;
    const empirical = (i + 1 - start) / n;
    const fitted = 1 - hurwitzZeta(alpha, x + 1) / normaliser;
    ks = Math.max(ks, Math.abs(empirical - fitted));
  }
  return { alpha, xmin, ks, tail: n, alphaStandardError: (alpha - 1) / Math.sqrt(n) };
}

/**
 * The CSN fit of positive integer counts: every distinct value that leaves at least `minTail`
 * observations above it is tried as x_min, and the one with the smallest KS distance wins (ties:
 * the smaller x_min, which keeps more data). Null when fewer than `minTail` counts are >= 1.
 */
export function fitDiscretePowerLaw(counts: Iterable<number>, minTail: number): PowerLawFit | null {
  const sorted = [...counts].filter((x) => Number.isInteger(x) && x >= 1).sort((a, b) => a - b);
  let best: PowerLawFit | null = null;
  for (let start = 0; start < sorted.length; start++) {
    const xmin = sorted[start] ?? 1;
    if (start > 0 && sorted[start - 1] === xmin) continue;
    if (sorted.length - start < minTail) break;
    const fit = fitTail(sorted, start, xmin);
    if (best === null || fit.ks < best.ks) best = fit;
  }
  return best;
}
