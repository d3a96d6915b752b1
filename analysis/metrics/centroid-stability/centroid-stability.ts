import { missingTypes } from "../../log/analysis-log.js";
import { meanOf } from "../../stats/summary.js";
import { cosine } from "../../text/vector.js";
import type { Vector } from "../../text/vector.js";
import type { AnalysisContext } from "../metric-types.js";
import type { Unavailable } from "../../../core/contracts/report-metrics.js";
import { postVectors, windowSums } from "../post-vectors.js";
import { shuffledLabels } from "../window-labels.js";
import type { CentroidStabilityResult } from "../../../core/contracts/report-metrics.js";

const baselineMethod =
  "posts re-assigned to windows by a seeded permutation (window sizes kept): the stability a society with no change over time shows through sampling noise alone";

/**
 * docs/metrics.md section 3: how stable the society's mean text is. Cosine ignores a centroid's length, so sums
 * stand in for means. The baseline is the ceiling: with the embedder's lexical overlap, any two
 * large windows look alike, and the question is how far below a timeless shuffle the run sits.
 */
export function computeCentroidStability(ctx: AnalysisContext): CentroidStabilityResult | Unavailable {
  const reason = missingTypes(ctx.log, ["post"]);
  if (reason !== null) return { available: false, reason };
  const { table, rows, labels } = postVectors(ctx);
  const count = ctx.windows.length;
  const observed = windowSums(table, rows, labels, count, ctx.dims);
  const shuffled = windowSums(table, rows, shuffledLabels(labels, ctx.seed, "centroid-stability-baseline"), count, ctx.dims);
  const matrix = cosMatrix(observed.sums, observed.counts);
  const consecutive = ctx.windows.slice(1).map((_, t) => matrix[t]?.[t + 1] ?? null);
  const baselineMatrix = cosMatrix(shuffled.sums, shuffled.counts);
  const baselineConsecutive = ctx.windows.slice(1).map((_, t) => baselineMatrix[t]?.[t + 1] ?? null);
  return {
    available: true,
    windows: ctx.windows.map((w, i) => ({ index: w.index, fromRound: w.fromRound, toRound: w.toRound, posts: observed.counts[i] ?? 0 })),
    matrix,
    consecutive,
    meanConsecutive: meanOf(consecutive),
    baseline: { method: baselineMethod, consecutive: baselineConsecutive, meanConsecutive: meanOf(baselineConsecutive) },
  };
}

function cosMatrix(sums: readonly Vector[], counts: readonly number[]): (number | null)[][] {
  return sums.map((a, i) =>
    sums.map((b, j) => {
      if ((counts[i] ?? 0) === 0 || (counts[j] ?? 0) === 0) return null;
      return cosine(a, b);
    }),
  );
}
