import { mean } from "simple-statistics";

/** Mean of the defined values; null when there are none (reports never show NaN). */
export function meanOf(values: Iterable<number | null>): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    sum += v;
    count++;
  }
  return count > 0 ? sum / count : null;
}

/** Median (mean of the middle two for even counts); null for no values. */
export function medianOf(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The value when finite, else null (report.json never holds NaN or Infinity). */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Mean of the finite values, or null - summed with simple-statistics' compensated sum, unlike
 * meanOf (the influence metric's means were computed this way; the two can differ in the last bit).
 */
export function compensatedMeanOf(values: readonly (number | null)[]): number | null {
  const kept = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return kept.length > 0 ? mean(kept) : null;
}
