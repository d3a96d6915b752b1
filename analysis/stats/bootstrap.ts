import { RandomStream } from "../../core/random/stream.js";

/**
 * Resamples per component (docs/metrics.md "Verdicts", "Resamples"): the Monte Carlo sd of a 2.5 %
 * percentile endpoint is ~2.67 sd(effect) / sqrt(B) for a normal bootstrap distribution, so B = 4,000
 * puts it at ~0.042 of the CI's sd - ~2 % of the 95 % half-width - and the smallest p is 1 / 4,001, far
 * below Holm's 0.05 / 6. Measured on tuning logs soc-150/soc-300/off-300 s101 under analysis seeds 1-5.
 */
export const bootstrapResamples = 4000;

export interface BootstrapResult {
  readonly estimate: number;
  /** 95 % percentile interval. */
  readonly ci95: readonly [number, number];
  /** 90 % percentile interval (for the equivalence test). */
  readonly ci90: readonly [number, number];
  /**
   * One-sided p for H0 "effect <= 0", a bound that is never 0: (1 + #{replicates <= 0}) / (B + 1),
   * B the replicates with a finite statistic.
   */
  readonly p: number;
  /** Replicates with a finite statistic (B). */
  readonly replicates: number;
}

/** Where a bootstrap's random draws come from: the analysis seed and a key naming the diagnostic. */
export interface BootstrapStreams {
  readonly seed: number;
  /** e.g. "influence/persistence": each component resamples its own stream. */
  readonly key: string;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (position - lo);
}

/** The one-sided p bound of "effect <= 0" from sorted replicates (never 0; 1 without replicates). */
export function pUpperBound(sortedReplicates: readonly number[]): number {
  let atOrBelowZero = 0;
  for (const value of sortedReplicates) {
    if (value > 0) break;
    atOrBelowZero++;
  }
  return (1 + atOrBelowZero) / (sortedReplicates.length + 1);
}

/**
 * Agent-clustered bootstrap: resamples units (agents) with replacement - never windows or events -
 * and recomputes `statistic` on each resample. `referenceError`, when given, adds one draw of the
 * Monte Carlo error of the reference the statistic subtracts (a null or placebo mean) to each
 * replicate, so the interval carries that error too. Seeded, so a report is reproducible; null when
 * no replicate is finite.
 */
export function clusteredBootstrap<U>(
  units: readonly U[],
  statistic: (sample: readonly U[]) => number,
  streams: BootstrapStreams | number,
  resamples = bootstrapResamples,
  referenceError?: (random: RandomStream) => number,
): BootstrapResult | null {
  const { seed, key } = typeof streams === "number" ? { seed: streams, key: "resample" } : streams;
  const estimate = statistic(units);
  const random = new RandomStream(seed, "bootstrap", 0, key);
  const referenceRandom = new RandomStream(seed, "bootstrap-reference", 0, key);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    // A fresh array per replicate: a statistic may keep (or memoise on) the sample it was given.
    const sample: U[] = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[random.int(units.length)];
      if (unit !== undefined) sample.push(unit);
    }
    const value = statistic(sample) + (referenceError ? referenceError(referenceRandom) : 0);
    if (Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0 || !Number.isFinite(estimate)) return null;
  values.sort((a, b) => a - b);
  return {
    estimate,
    ci95: [quantile(values, 0.025), quantile(values, 0.975)],
    ci90: [quantile(values, 0.05), quantile(values, 0.95)],
    p: pUpperBound(values),
    replicates: values.length,
  };
}

/**
 * Mean over units of each unit's mean: the primary statistic of the agent-level diagnostics. One
 * loop without intermediate arrays (the bootstrap calls it thousands of times per diagnostic); sums
 * run from 0 in unit and value order, as a reduce would.
 */
export function meanOfMeans(units: readonly { readonly values: readonly number[] }[]): number {
  let total = 0;
  let count = 0;
  for (const unit of units) {
    const values = unit.values;
    if (values.length === 0) continue;
    let sum = 0;
    for (const value of values) sum += value;
    total += sum / values.length;
    count++;
  }
  return count > 0 ? total / count : Number.NaN;
}

/**
 * The bootstrap statistic of a mean of per-unit means whose values are themselves means over pairs
 * of units (a degree-2 U-statistic, e.g. an answer's mean agreement with the other answers). A unit
 * that joins or leaves a sample changes its own mean and, through its pairs, the others' by as
 * much, so the estimate moves by twice its units' own mean change (Hoeffding's projection); the
 * per-unit means alone would give about half the spread. Returns the statistic theta + 2 (m* -
 * theta) with theta the estimate on `all`: theta on the full sample.
 */
export function pairwiseMeanOfMeans<U extends { readonly values: readonly number[] }>(
  all: readonly U[],
): (sample: readonly U[]) => number {
  const estimate = meanOfMeans(all);
  return (sample) => 2 * meanOfMeans(sample) - estimate;
}
