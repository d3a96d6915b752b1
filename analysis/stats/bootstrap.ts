import { RandomStream } from "../../core/random/stream.js";

/** Resamples drawn by the agent-clustered bootstrap (docs/metrics.md "Verdicts"). */
export const bootstrapResamples = 1000;

export interface BootstrapResult {
  readonly estimate: number;
  /** 95 % percentile interval. */
  readonly ci95: readonly [number, number];
  /** 90 % percentile interval (for the equivalence test). */
  readonly ci90: readonly [number, number];
  /** Two-sided bootstrap p-value of "the statistic is 0". */
  readonly p: number;
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

/**
 * Agent-clustered bootstrap: resamples units (agents) with replacement - never windows or events -
 * and recomputes `statistic` on each resample. Seeded, so a report is reproducible.
 */
export function clusteredBootstrap<U>(
  units: readonly U[],
  statistic: (sample: readonly U[]) => number,
  seed: number,
  resamples = bootstrapResamples,
): BootstrapResult {
  const estimate = statistic(units);
  const random = new RandomStream(seed, "bootstrap", 0, "resample");
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample: U[] = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[random.int(units.length)];
      if (unit !== undefined) sample.push(unit);
    }
    const value = statistic(sample);
    if (Number.isFinite(value)) values.push(value);
  }
  values.sort((a, b) => a - b);
  const below = values.filter((v) => v <= 0).length / Math.max(1, values.length);
  const above = values.filter((v) => v >= 0).length / Math.max(1, values.length);
  return {
    estimate,
    ci95: [quantile(values, 0.025), quantile(values, 0.975)],
    ci90: [quantile(values, 0.05), quantile(values, 0.95)],
    p: Math.min(1, 2 * Math.min(below, above)),
  };
}

/**
 * Mean over units of each unit's mean: the primary statistic of the agent-level diagnostics. One
 * loop without intermediate arrays (the bootstrap calls it 1,000 times per diagnostic); sums run
 * from 0 in unit and value order, as a reduce would.
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
