import { quantileSorted } from "simple-statistics";
import type { LeaderCount } from "../../../core/contracts/report-collective-metrics.js";

/**
 * The number the influence explorer shows - persistent leaders, agents in the PageRank top k of two
 * consecutive windows - beside what the leader null predicts for it (docs/metrics.md section 9).
 * Counted over the pairs the null can judge (those whose first window has a past), observed and in
 * each null replicate the same way: the top k of a window are its k highest PageRanks, ties cut by
 * agent id as graph.json's flag cuts them, k each window's own (1 % of its actives, at least 10);
 * an agent counts once however many pairs it survives. The band is the replicates' 2.5-97.5 %
 * quantiles, interpolated linearly between order statistics (simple-statistics' quantileSorted).
 */

/** Values per agent (NaN where the agent is not a node), as leaders.ts lays them out. */
type Column = Float64Array;

export interface CountedPair {
  readonly window: number;
  readonly k: number;
  readonly kAfter: number;
  readonly before: Column;
  readonly after: Column;
  readonly nullBefore: readonly Column[];
  readonly nullAfter: readonly Column[];
}

/** The k highest values' agents; ties by index, which is agent-id order (leaders.ts sorts its units). */
export function topOf(column: Column, k: number): Set<number> {
  const present: number[] = [];
  column.forEach((value, i) => {
    if (Number.isFinite(value)) present.push(i);
  });
  present.sort((a, b) => (column[b] ?? 0) - (column[a] ?? 0) || a - b);
  return new Set(present.slice(0, k));
}

/** Agents in the top k of both windows of at least one pair. */
export function survivorsOf(pairs: readonly { before: Column; after: Column; k: number; kAfter: number }[]): number {
  const survivors = new Set<number>();
  for (const pair of pairs) {
    const after = topOf(pair.after, pair.kAfter);
    for (const agent of topOf(pair.before, pair.k)) if (after.has(agent)) survivors.add(agent);
  }
  return survivors.size;
}

export function persistentLeaderCount(ld: { readonly pairs: readonly CountedPair[]; readonly replicates: number }): LeaderCount | null {
  const first = ld.pairs[0];
  const last = ld.pairs[ld.pairs.length - 1];
  if (!first || !last || ld.replicates < 1) return null;
  const observed = survivorsOf(ld.pairs);
  const nulls = Array.from({ length: ld.replicates }, (_, r) =>
    survivorsOf(
      ld.pairs.map((pair) => ({
        before: pair.nullBefore[r] ?? pair.before,
        after: pair.nullAfter[r] ?? pair.after,
        k: pair.k,
        kAfter: pair.kAfter,
      })),
    ),
  ).sort((a, b) => a - b);
  return {
    observed,
    fromWindow: first.window,
    toWindow: last.window + 1,
    replicates: nulls.length,
    nullMean: nulls.reduce((sum, n) => sum + n, 0) / nulls.length,
    nullLow: quantileSorted(nulls, 0.025),
    nullHigh: quantileSorted(nulls, 0.975),
  };
}
