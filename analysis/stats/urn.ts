import { compareCodePoints } from "../../core/util/compare.js";
import type { RandomStream } from "../../core/random/stream.js";

/** Cumulative weights for drawing keys in proportion to counts. */
export interface Urn {
  readonly keys: readonly string[];
  readonly cumulative: Float64Array;
}

/** An urn over the positive counts, keys in code-point order, `exclude` left out; null when empty. */
export function urnOf(counts: ReadonlyMap<string, number>, exclude: string | null): Urn | null {
  const keys: string[] = [];
  const weights: number[] = [];
  for (const [key, count] of [...counts.entries()].sort((a, b) => compareCodePoints(a[0], b[0]))) {
    if (key === exclude || !(count > 0)) continue;
    keys.push(key);
    weights.push(count);
  }
  if (keys.length === 0) return null;
  const cumulative = new Float64Array(keys.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  return { keys, cumulative };
}

/** The index of the first cumulative weight above `target` (binary search; 0 <= target < total). */
export function cumulativeIndex(cumulative: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** One key, drawn in proportion to its weight. */
export function draw(urn: Urn, random: RandomStream): string {
  const total = urn.cumulative[urn.cumulative.length - 1] ?? 0;
  const index = cumulativeIndex(urn.cumulative, random.next() * total);
  return urn.keys[index] ?? urn.keys[0] ?? "";
}

export function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * Adds `times` x each key's probability of being drawn to `into`, with one key left out and the
 * rest renormalised (a draw that hits it is redrawn).
 */
export function addShares(into: Map<string, number>, urn: Urn, exclude: string, times: number): void {
  let total = 0;
  let excluded = 0;
  urn.keys.forEach((key, i) => {
    const weight = (urn.cumulative[i] ?? 0) - (i > 0 ? (urn.cumulative[i - 1] ?? 0) : 0);
    total += weight;
    if (key === exclude) excluded = weight;
  });
  const kept = total - excluded;
  if (!(kept > 0)) return;
  urn.keys.forEach((key, i) => {
    if (key === exclude) return;
    const weight = (urn.cumulative[i] ?? 0) - (i > 0 ? (urn.cumulative[i - 1] ?? 0) : 0);
    increment(into, key, (times * weight) / kept);
  });
}
