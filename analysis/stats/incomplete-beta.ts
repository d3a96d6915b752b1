/**
 * The regularized incomplete beta function I_x(a, b) and its inverse: the one special function
 * behind both intervals of the calibration (Clopper-Pearson's beta quantiles, Student's t CDF).
 * Numerical Recipes' continued fraction (modified Lentz) with a Lanczos log-gamma.
 */

const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = lanczos[0] ?? 1;
  for (let i = 1; i < lanczos.length; i++) sum += (lanczos[i] ?? 0) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Relative precision of the continued fraction, and a floor that keeps its divisions finite. */
const fractionEpsilon = 1e-15;
const tiny = 1e-300;
const maxTerms = 500;

function betaContinuedFraction(a: number, b: number, x: number): number {
  const clampTiny = (v: number): number => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / clampTiny(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= maxTerms; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / clampTiny(1 + even * d);
    c = clampTiny(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / clampTiny(1 + odd * d);
    c = clampTiny(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < fractionEpsilon) break;
  }
  return h;
}

/** I_x(a, b), the CDF at x of a Beta(a, b) variable; a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast below the mean-ish point; above it, use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Bisection steps: 2^-100 is far below a double's resolution on [0, 1]. */
const bisectionSteps = 100;

/** The p-quantile of Beta(a, b): the x with I_x(a, b) = p (bisection; I is increasing in x). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < bisectionSteps; i++) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
