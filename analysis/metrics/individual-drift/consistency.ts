import { dot, norm } from "../../text/vector.js";

/**
 * Consistency (docs/metrics.md section 6): do agents drift the same way? For two agents a != b,
 * cos(l_a - e_a, l_b - e_b); the component is the mean over all pairs of distinct agents, and an
 * agent's own value S_a the mean over its pairs. Each agent's sampling noise is independent of every
 * other agent's, so a pair shares only what the agents' drifts have in common: the mean is 0 in
 * expectation without a common direction, at any number of agents. (The cosine of each drift with
 * the sum of all the others' instead grows with N toward the same limit, so one delta would mean
 * different things at 150 and at 1,000 agents.)
 */
export interface DriftDirection {
  readonly agent: string;
  /** (l - e) / |l - e|, or null when the halves have the same mean (no direction). */
  readonly direction: Float64Array | null;
}

/** The unit drift direction, or null for a zero drift vector. */
export function unitDirection(drift: Float64Array): Float64Array | null {
  const length = norm(drift);
  if (!(length > 0)) return null;
  const out = new Float64Array(drift.length);
  for (let i = 0; i < out.length; i++) out[i] = (drift[i] ?? 0) / length;
  return out;
}

/** S_a for every agent: the mean over the other agents with a direction of cos(d_a, d_b); null without one. */
export function perAgentConsistency(directions: readonly DriftDirection[], dims: number): (number | null)[] {
  const total = new Float64Array(dims);
  let count = 0;
  for (const { direction } of directions) {
    if (!direction) continue;
    for (let i = 0; i < dims; i++) total[i] = (total[i] ?? 0) + (direction[i] ?? 0);
    count++;
  }
  return directions.map(({ direction }) => {
    if (!direction || count < 2) return null;
    return (dot(direction, total) - dot(direction, direction)) / (count - 1);
  });
}

/**
 * The mean of cos(d_a, d_b) over pairs of distinct agents of a sample that may hold an agent more
 * than once (a bootstrap resample): an agent drawn w_a times counts w_a w_b times with each other
 * agent b and never with itself, so the resample's value is that of the pairs it re-weights, as the
 * bootstrap of a pairwise statistic must be. With weights w and unit directions d:
 * sum_{a != b} w_a w_b d_a . d_b = |sum w_a d_a|^2 - sum w_a^2 |d_a|^2, over (sum w)^2 - sum w^2 pairs.
 * NaN when the sample has fewer than two distinct agents with a direction.
 */
export function pairwiseConsistency(sample: readonly DriftDirection[], dims: number): number {
  const weights = new Map<Float64Array, number>();
  for (const unit of sample) if (unit.direction) weights.set(unit.direction, (weights.get(unit.direction) ?? 0) + 1);
  if (weights.size < 2) return Number.NaN;
  const total = new Float64Array(dims);
  let weightSum = 0;
  let selfPairs = 0;
  let selfProducts = 0;
  for (const [direction, w] of weights) {
    // The bootstrap calls this 1,000 times over every agent: a plain indexed loop over typed arrays.
    let squared = 0;
    for (let i = 0; i < dims; i++) {
      const x = direction[i] as number;
      total[i] = (total[i] as number) + w * x;
      squared += x * x;
    }
    weightSum += w;
    selfPairs += w * w;
    selfProducts += w * w * squared;
  }
  return (dot(total, total) - selfProducts) / (weightSum * weightSum - selfPairs);
}
