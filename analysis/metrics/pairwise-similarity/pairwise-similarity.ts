import { missingTypes } from "../../log/analysis-log.js";
import { meanOf } from "../../stats/summary.js";
import { addInto, dot, zeros } from "../../text/vector.js";
import type { AnalysisContext } from "../metric-types.js";
import type { Unavailable } from "../../../core/contracts/report-metrics.js";
import { postVectors, windowSums } from "../post-vectors.js";
import type { WindowSums } from "../post-vectors.js";
import { shuffledLabels } from "../window-labels.js";
import type { PairwiseSimilarityResult } from "../../../core/contracts/report-metrics.js";

/**
 * Why this baseline: the default embedder measures lexical overlap, so a raw mean cos mostly says
 * how much vocabulary all posts share. Re-assigning posts to windows at random (sizes kept) keeps
 * every text and destroys only timing; within-window similarity above it means posts written
 * together resemble each other more than posts of the run at large. (Shuffling tokens across posts
 * would need the embedder again, which the context does not carry.)
 */
const baselineMethod = "posts re-assigned to windows by a seeded permutation, window sizes kept";

/**
 * docs/metrics.md section 4: exact mean pairwise cos in O(n). For windows i != j the mean over pairs is
 * (s_i . s_j) / (n_i n_j) = c_i . c_j with s the sum and c the unnormalised centroid. Within a
 * window, |s|^2 counts every ordered pair plus the self pairs; those sum to sum |v|^2 (= n for unit
 * vectors, the contract's (n^2 |c|^2 - n) / (n (n - 1)), but exact for empty texts' zero vectors too).
 */
export function computePairwiseSimilarity(ctx: AnalysisContext): PairwiseSimilarityResult | Unavailable {
  const reason = missingTypes(ctx.log, ["post"]);
  if (reason !== null) return { available: false, reason };
  const { table, rows, labels } = postVectors(ctx);
  const count = ctx.windows.length;
  const observed = windowSums(table, rows, labels, count, ctx.dims);
  const shuffled = windowSums(table, rows, shuffledLabels(labels, ctx.seed, "pairwise-similarity-baseline"), count, ctx.dims);
  const matrix = pairMatrix(observed);
  const within = matrix.map((row, i) => row[i] ?? null);
  const shuffledWithin = pairMatrix(shuffled).map((row, i) => row[i] ?? null);
  const across: (number | null)[] = [];
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) across.push(matrix[i]?.[j] ?? null);

  const total = zeros(ctx.dims);
  for (const sum of observed.sums) addInto(total, sum);
  const all = { counts: [rows.length], sums: [total], squaredNorms: [observed.squaredNorms.reduce((a, b) => a + b, 0)] };
  const expectedWithin = withinMean(all, 0);
  const meanWithin = meanOf(within);
  return {
    available: true,
    windows: ctx.windows.map((w, i) => ({ index: w.index, fromRound: w.fromRound, toRound: w.toRound, posts: observed.counts[i] ?? 0 })),
    matrix,
    within,
    meanWithin,
    meanAcross: meanOf(across),
    baseline: { method: baselineMethod, expectedWithin, shuffledWithin, shuffledMeanWithin: meanOf(shuffledWithin) },
    excessWithin: meanWithin !== null && expectedWithin !== null ? meanWithin - expectedWithin : null,
  };
}

function pairMatrix(sums: WindowSums): (number | null)[][] {
  return sums.sums.map((a, i) =>
    sums.sums.map((b, j) => {
      if (i === j) return withinMean(sums, i);
      const ni = sums.counts[i] ?? 0;
      const nj = sums.counts[j] ?? 0;
      return ni > 0 && nj > 0 ? dot(a, b) / (ni * nj) : null;
    }),
  );
}

function withinMean(sums: WindowSums, i: number): number | null {
  const n = sums.counts[i] ?? 0;
  const s = sums.sums[i];
  if (n < 2 || s === undefined) return null;
  return (dot(s, s) - (sums.squaredNorms[i] ?? 0)) / (n * (n - 1));
}
