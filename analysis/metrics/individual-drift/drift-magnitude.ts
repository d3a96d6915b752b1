import { RandomStream } from "../../../core/random/stream.js";
import { cosine, zeros } from "../../text/vector.js";
import type { VectorTable } from "../../text/vector-table.js";
import type { AgentHalves } from "./agent-halves.js";

/**
 * Random splits averaged into each agent's placebo. One split would add as much noise as the
 * drift itself; the average keeps the placebo's expectation and shrinks its variance.
 */
export const driftPlaceboSplits = 20;

/** Scratch for the placebo's random halves, reused across splits and agents. */
export class PlaceboSplits {
  readonly first: Float64Array;
  readonly second: Float64Array;
  order = new Int32Array(64);

  constructor(dims: number) {
    this.first = zeros(dims);
    this.second = zeros(dims);
  }
}

/** D_a = 1 - cos(e, l): how far the agent moved, sampling noise of the two centroids included. */
export function driftMagnitude(a: AgentHalves): number {
  return 1 - cosine(a.earlySum, a.lateSum);
}

/**
 * The mean of 1 - cos over `driftPlaceboSplits` seeded random splits of the same posts into halves
 * of the same sizes: what the agent's own topic spread gives without any change over time.
 */
export function placeboDrift(a: AgentHalves, seed: number, table: VectorTable, scratch: PlaceboSplits): number {
  const rows: number[] = [];
  for (const p of [...a.early, ...a.late]) {
    const row = table.rowOf(p.id);
    if (row >= 0) rows.push(row);
  }
  const half = a.early.length;
  const random = new RandomStream(seed, a.agent, 0, "individualDrift.placebo");
  if (scratch.order.length < rows.length) scratch.order = new Int32Array(rows.length * 2);
  const { first, second, order } = scratch;
  let total = 0;
  for (let s = 0; s < driftPlaceboSplits; s++) {
    for (let i = 0; i < rows.length; i++) order[i] = i;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const swap = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = swap;
    }
    first.fill(0);
    second.fill(0);
    for (let rank = 0; rank < rows.length; rank++) table.addInto(rank < half ? first : second, rows[order[rank] ?? 0] ?? 0);
    total += 1 - cosine(first, second);
  }
  return total / driftPlaceboSplits;
}
