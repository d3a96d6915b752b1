import { RandomStream } from "../../../core/random/stream.js";
import { missingTypes } from "../../log/analysis-log.js";
import { meanOf } from "../../stats/summary.js";
import type { VectorTable } from "../../text/vector-table.js";
import type { AnalysisContext } from "../metric-types.js";
import type { Unavailable } from "../../../core/contracts/report-metrics.js";
import { postVectors } from "../post-vectors.js";
import { shuffledLabels } from "../window-labels.js";
import type { CohesionWindow, LocalCohesionResult } from "../../../core/contracts/report-metrics.js";

/** docs/metrics.md section 5: neighbours per post, the largest window searched exactly, the query sample beyond it. */
export const cohesionK = 10;
export const exactLimit = 20_000;
export const querySample = 5_000;
/**
 * The shuffled baseline is a reference level, not a per-post result: its mean over a seeded sample
 * of this many query posts per window (neighbours still searched exactly among all the window's
 * posts) has a standard error far below the effects it is compared with, at a fraction of the cost
 * of an exact all-pairs pass (at 1M events the exact baseline took half of localCohesion's 45 s).
 */
export const baselineQuerySample = 1_000;

const baselineMethod =
  "the same statistic after posts are re-assigned to windows by a seeded permutation (sizes kept), averaged over at most 1,000 sampled query posts per window: how tight a neighbourhood a same-size random set of the run's posts offers";

/**
 * docs/metrics.md section 5: local cohesion - do posts of a window form tight neighbourhoods? Every cosine a
 * post's neighbours are chosen from is computed exactly (see neighbourMeans); only their
 * computation is organised around the vectors' sparsity.
 */
export function computeLocalCohesion(ctx: AnalysisContext): LocalCohesionResult | Unavailable {
  const reason = missingTypes(ctx.log, ["post"]);
  if (reason !== null) return { available: false, reason };
  const { table, rows, labels } = postVectors(ctx);
  const observed = cohesionByWindow(ctx, table, rows, labels, "local-cohesion-sample", exactLimit, querySample);
  const baseline = cohesionByWindow(
    ctx,
    table,
    rows,
    shuffledLabels(labels, ctx.seed, "local-cohesion-baseline"),
    "local-cohesion-baseline-sample",
    baselineQuerySample,
    baselineQuerySample,
  );
  const meanOfWindows = meanOf(observed.map((w) => w.mean));
  const baselineMean = meanOf(baseline.map((w) => w.mean));
  return {
    available: true,
    k: cohesionK,
    exactLimit,
    sampleSize: querySample,
    windows: observed,
    meanOfWindows,
    baseline: {
      method: baselineMethod,
      querySample: baselineQuerySample,
      windows: baseline.map((w) => w.mean),
      meanOfWindows: baselineMean,
    },
    excess: meanOfWindows !== null && baselineMean !== null ? meanOfWindows - baselineMean : null,
  };
}

function cohesionByWindow(
  ctx: AnalysisContext,
  table: VectorTable,
  rows: Int32Array,
  labels: Int32Array,
  purpose: string,
  exactUpTo: number,
  sampleSize: number,
): CohesionWindow[] {
  // Table rows grouped by window, log order inside each.
  const starts = new Int32Array(ctx.windows.length + 1);
  for (let i = 0; i < rows.length; i++) starts[(labels[i] ?? 0) + 1] = (starts[(labels[i] ?? 0) + 1] ?? 0) + 1;
  for (let t = 0; t < ctx.windows.length; t++) starts[t + 1] = (starts[t + 1] ?? 0) + (starts[t] ?? 0);
  const grouped = new Int32Array(rows.length);
  const fill = starts.slice();
  for (let i = 0; i < rows.length; i++) {
    const t = labels[i] ?? 0;
    grouped[fill[t] ?? 0] = rows[i] ?? 0;
    fill[t] = (fill[t] ?? 0) + 1;
  }
  return ctx.windows.map((w, t) => {
    const group = grouped.subarray(starts[t] ?? 0, starts[t + 1] ?? 0);
    const sampled = group.length > exactUpTo;
    const queries = sampled ? sampleIndices(group.length, sampleSize, new RandomStream(ctx.seed, "analysis", w.index, purpose)) : null;
    const values = group.length >= 2 ? neighbourMeans(new WindowRows(table, group, ctx.dims), queries) : [];
    return {
      index: w.index,
      fromRound: w.fromRound,
      toRound: w.toRound,
      posts: group.length,
      queries: group.length >= 2 ? (queries?.length ?? group.length) : 0,
      sampled,
      mean: meanOf(values),
    };
  });
}

/** Distinct indices 0 .. n - 1, k of them, by a partial Fisher-Yates shuffle. */
function sampleIndices(n: number, k: number, random: RandomStream): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + random.int(n - i);
    const a = pool[i] ?? 0;
    pool[i] = pool[j] ?? 0;
    pool[j] = a;
  }
  return pool.slice(0, k);
}

/**
 * For each query (all posts when `queries` is null): mean cos to its min(K, n - 1) nearest other
 * posts.
 *
 * Dot products come from the window's inverted lists (per dim, the posts with a non-zero there):
 * a query's row scatters its products into one score per post, so only the dims two posts share
 * cost anything - with the hashing embedder about a tenth of a row-by-row dot product. Each
 * post's score receives the shared dims in ascending order, the order a row-by-row dot product
 * adds them in (the dims it adds as +-0 leave a sum unchanged), so every cosine has the same bits.
 */
function neighbourMeans(window: WindowRows, queries: Int32Array | null): number[] {
  const n = window.size;
  const k = Math.min(cohesionK, n - 1);
  const score = new Float64Array(n);
  const { starts, columns, weights, norms, listStarts, listRows, listWeights } = window;
  if (queries === null) {
    // Every pair once, offered to both ends. Post q scatters only into posts after it: the next
    // position of each dim's list is q's own entry, because every earlier post holding that dim
    // has already moved past it.
    const next = listStarts.slice(0, listStarts.length - 1);
    const top = new TopK(n, k);
    for (let q = 0; q < n; q++) {
      const rowEnd = starts[q + 1] ?? 0;
      for (let e = starts[q] ?? 0; e < rowEnd; e++) {
        const dim = columns[e] ?? 0;
        const weight = weights[e] ?? 0;
        const from = (next[dim] ?? 0) + 1;
        next[dim] = from;
        const to = listStarts[dim + 1] ?? 0;
        for (let l = from; l < to; l++) {
          const p = listRows[l] ?? 0;
          score[p] = (score[p] ?? 0) + (listWeights[l] ?? 0) * weight;
        }
      }
      const queryNorm = norms[q] ?? 0;
      for (let p = q + 1; p < n; p++) {
        const cos = cosineOf(score[p] ?? 0, queryNorm, norms[p] ?? 0);
        score[p] = 0;
        top.offer(q, cos);
        top.offer(p, cos);
      }
    }
    return Array.from({ length: n }, (_, i) => top.mean(i));
  }
  const top = new TopK(queries.length, k);
  queries.forEach((q, row) => {
    const rowEnd = starts[q + 1] ?? 0;
    for (let e = starts[q] ?? 0; e < rowEnd; e++) {
      const dim = columns[e] ?? 0;
      const weight = weights[e] ?? 0;
      const to = listStarts[dim + 1] ?? 0;
      for (let l = listStarts[dim] ?? 0; l < to; l++) {
        const p = listRows[l] ?? 0;
        score[p] = (score[p] ?? 0) + (listWeights[l] ?? 0) * weight;
      }
    }
    const queryNorm = norms[q] ?? 0;
    for (let p = 0; p < n; p++) {
      const cos = cosineOf(score[p] ?? 0, queryNorm, norms[p] ?? 0);
      score[p] = 0;
      if (p !== q) top.offer(row, cos);
    }
  });
  return Array.from({ length: queries.length }, (_, row) => top.mean(row));
}

/** The cosine of a dot product, 0 for a zero vector (a non-zero dot implies non-zero norms). */
function cosineOf(dot: number, queryNorm: number, norm: number): number {
  if (dot === 0) return 0;
  return dot / (queryNorm * norm);
}

/** The k largest values offered to each row, in descending order; most offers fail the first comparison. */
class TopK {
  private readonly best: Float64Array;
  private readonly filled: Int32Array;

  constructor(
    rows: number,
    private readonly k: number,
  ) {
    this.best = new Float64Array(rows * k);
    this.filled = new Int32Array(rows);
  }

  offer(row: number, value: number): void {
    const base = row * this.k;
    let filled = this.filled[row] ?? 0;
    if (filled < this.k) this.filled[row] = ++filled;
    else if (value <= (this.best[base + this.k - 1] ?? 0)) return;
    let at = base + filled - 1;
    while (at > base && (this.best[at - 1] ?? 0) < value) {
      this.best[at] = this.best[at - 1] ?? 0;
      at--;
    }
    this.best[at] = value;
  }

  mean(row: number): number {
    let total = 0;
    for (let i = 0; i < this.k; i++) total += this.best[row * this.k + i] ?? 0;
    return total / this.k;
  }
}

/**
 * One window's posts as local sparse rows (0 .. size - 1, in the group's order) and the same
 * entries by dim: list d holds the posts with a non-zero at d, in ascending post order.
 */
class WindowRows {
  readonly size: number;
  readonly starts: Int32Array;
  readonly columns: Int32Array;
  readonly weights: Float64Array;
  readonly norms: Float64Array;
  readonly listStarts: Int32Array;
  readonly listRows: Int32Array;
  readonly listWeights: Float64Array;

  constructor(table: VectorTable, group: Int32Array, dims: number) {
    this.size = group.length;
    let entries = 0;
    for (const row of group) entries += (table.starts[row + 1] ?? 0) - (table.starts[row] ?? 0);
    this.starts = new Int32Array(group.length + 1);
    this.columns = new Int32Array(entries);
    this.weights = new Float64Array(entries);
    this.norms = new Float64Array(group.length);
    this.listStarts = new Int32Array(dims + 1);
    let at = 0;
    group.forEach((row, i) => {
      this.starts[i] = at;
      this.norms[i] = table.norms[row] ?? 0;
      const end = table.starts[row + 1] ?? 0;
      for (let e = table.starts[row] ?? 0; e < end; e++) {
        const dim = table.columns[e] ?? 0;
        this.columns[at] = dim;
        this.weights[at] = table.weights[e] ?? 0;
        this.listStarts[dim + 1] = (this.listStarts[dim + 1] ?? 0) + 1;
        at++;
      }
    });
    this.starts[group.length] = at;
    for (let d = 0; d < dims; d++) this.listStarts[d + 1] = (this.listStarts[d + 1] ?? 0) + (this.listStarts[d] ?? 0);
    this.listRows = new Int32Array(entries);
    this.listWeights = new Float64Array(entries);
    const fill = this.listStarts.slice(0, dims);
    for (let i = 0; i < group.length; i++) {
      const end = this.starts[i + 1] ?? 0;
      for (let e = this.starts[i] ?? 0; e < end; e++) {
        const dim = this.columns[e] ?? 0;
        const l = fill[dim] ?? 0;
        this.listRows[l] = i;
        this.listWeights[l] = this.weights[e] ?? 0;
        fill[dim] = l + 1;
      }
    }
  }
}
