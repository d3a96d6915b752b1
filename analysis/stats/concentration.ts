import { kthLargest } from "./rank-overlap.js";

/** Concentration of non-negative amounts (attention, PageRank, references) across holders. */

function sortedDescending(values: Iterable<number>): number[] {
  return [...values].filter((v) => v > 0).sort((a, b) => b - a);
}

/** Gini coefficient of non-negative values (0 = equal, towards 1 = one holder has all); null if empty or all zero. */
export function gini(values: Iterable<number>): number | null {
  const sorted = [...values].map((v) => Math.max(0, v)).sort((a, b) => a - b);
  const n = sorted.length;
  let total = 0;
  let weighted = 0;
  sorted.forEach((v, i) => {
    total += v;
    weighted += (i + 1) * v;
  });
  if (n === 0 || !(total > 0)) return null;
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

/** Herfindahl-Hirschman index: sum of squared shares (1 / holders when equal, 1 when one holds all); null if total is 0. */
export function hhi(values: Iterable<number>): number | null {
  let total = 0;
  let squares = 0;
  for (const v of values) {
    if (!(v > 0)) continue;
    total += v;
    squares += v * v;
  }
  return total > 0 ? squares / (total * total) : null;
}

/** Share of the total held by the `count` largest holders; null if the total is 0. */
export function topShare(values: Iterable<number>, count: number): number | null {
  const sorted = sortedDescending(values);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  return sorted.slice(0, Math.max(0, count)).reduce((a, b) => a + b, 0) / total;
}

/** Share held by the top 1 % of holders (at least one holder), as docs/metrics.md's "top-1 % share". */
export function topPercentShare(values: readonly number[], percent: number): number | null {
  return topShare(values, Math.max(1, Math.ceil((values.length * percent) / 100)));
}

/**
 * Share held by the top `percent` % of the finite values (at least one holder), in one pass over
 * the values' top - the same quantity as topPercentShare for positive values, without sorting (the
 * influence bootstrap calls it per resample, window and null replicate). Null if the total is 0.
 */
export function topPercentShareOf(values: ArrayLike<number>, percent: number): number | null {
  let count = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) continue;
    count++;
    if (v > 0) total += v;
  }
  if (!(total > 0)) return null;
  const holders = Math.max(1, Math.ceil((count * percent) / 100));
  const kth = kthLargest(values, holders);
  // The holders strictly above the cut, plus as many tied at it as places remain (ties share equally).
  let above = 0;
  let aboveSum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (Number.isFinite(v) && v > kth) {
      above++;
      aboveSum += v;
    }
  }
  return (aboveSum + Math.max(0, holders - above) * Math.max(0, kth)) / total;
}
