import { RandomStream } from "../../core/random/stream.js";
import { missingTypes } from "../log/analysis-log.js";
import { meanOf } from "../stats/summary.js";
import type { Vector } from "../text/vector.js";
import type { AnalysisContext, Unavailable, WindowRange } from "./metric-types.js";
import { postVectors } from "./post-vectors.js";
import { shuffledLabels } from "./window-labels.js";

/** METRICS.md 5: neighbours per post, the largest window searched exactly, the query sample beyond it. */
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

export interface CohesionWindow extends WindowRange {
  readonly posts: number;
  /** Posts whose neighbourhoods were measured: all of them, or the sample. */
  readonly queries: number;
  readonly sampled: boolean;
  /** Mean over query posts of their mean cos to their K nearest neighbours (fewer if the window is small); null below 2 posts. */
  readonly mean: number | null;
}

export interface LocalCohesionResult {
  readonly available: true;
  readonly k: number;
  readonly exactLimit: number;
  readonly sampleSize: number;
  readonly windows: readonly CohesionWindow[];
  readonly meanOfWindows: number | null;
  readonly baseline: {
    readonly method: string;
    /** Query posts per window above which the baseline samples (exact neighbours, sampled queries). */
    readonly querySample: number;
    readonly windows: readonly (number | null)[];
    readonly meanOfWindows: number | null;
  };
  /** meanOfWindows - baseline.meanOfWindows. */
  readonly excess: number | null;
}

const baselineMethod =
  "the same statistic after posts are re-assigned to windows by a seeded permutation (sizes kept), averaged over at most 1,000 sampled query posts per window: how tight a neighbourhood a same-size random set of the run's posts offers";

/**
 * METRICS.md 5: local cohesion - do posts of a window form tight neighbourhoods? Neighbours are
 * found by brute force over a sparse copy of the window's vectors: the hashing embedder's vectors
 * have tens of non-zeros among hundreds of dims, so a dot product costs a few dozen operations
 * (dense embeddings still work, at dims operations each).
 */
export function computeLocalCohesion(ctx: AnalysisContext): LocalCohesionResult | Unavailable {
  const reason = missingTypes(ctx.log, ["post"]);
  if (reason !== null) return { available: false, reason };
  const { vectors, labels } = postVectors(ctx);
  const observed = cohesionByWindow(ctx, vectors, labels, "local-cohesion-sample", exactLimit, querySample);
  const baseline = cohesionByWindow(
    ctx,
    vectors,
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
  vectors: readonly Vector[],
  labels: Int32Array,
  purpose: string,
  exactUpTo: number,
  sampleSize: number,
): CohesionWindow[] {
  const members: Vector[][] = ctx.windows.map(() => []);
  vectors.forEach((v, i) => members[labels[i] ?? 0]?.push(v));
  return ctx.windows.map((w, t) => {
    const group = members[t] ?? [];
    const sampled = group.length > exactUpTo;
    const queries = sampled ? sampleIndices(group.length, sampleSize, new RandomStream(ctx.seed, "analysis", w.index, purpose)) : null;
    const values = group.length >= 2 ? neighbourMeans(group, ctx.dims, queries) : [];
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

/** For each query (all posts when `queries` is null): mean cos to its min(K, n - 1) nearest other posts. */
function neighbourMeans(group: readonly Vector[], dims: number, queries: Int32Array | null): number[] {
  const sparse = toSparse(group);
  const n = group.length;
  const k = Math.min(cohesionK, n - 1);
  const dense = new Float64Array(dims);
  if (queries === null) {
    // Every pair once, offered to both ends: half the dot products of one scan per post.
    const top = new TopK(n, k);
    for (let q = 0; q < n; q++) {
      scatter(sparse, q, dense, true);
      for (let p = q + 1; p < n; p++) {
        const cos = cosineToDense(sparse, p, dense, sparse.norms[q] ?? 0);
        top.offer(q, cos);
        top.offer(p, cos);
      }
      scatter(sparse, q, dense, false);
    }
    return Array.from({ length: n }, (_, i) => top.mean(i));
  }
  const top = new TopK(queries.length, k);
  queries.forEach((q, row) => {
    scatter(sparse, q, dense, true);
    for (let p = 0; p < n; p++) if (p !== q) top.offer(row, cosineToDense(sparse, p, dense, sparse.norms[q] ?? 0));
    scatter(sparse, q, dense, false);
  });
  return Array.from({ length: queries.length }, (_, row) => top.mean(row));
}

/** Writes row q into the dense scratch vector (or clears it again). */
function scatter(sparse: SparseRows, q: number, dense: Float64Array, write: boolean): void {
  const to = sparse.starts[q + 1] ?? 0;
  for (let e = sparse.starts[q] ?? 0; e < to; e++) dense[sparse.indices[e] ?? 0] = write ? (sparse.values[e] ?? 0) : 0;
}

function cosineToDense(sparse: SparseRows, p: number, dense: Float64Array, denseNorm: number): number {
  let sum = 0;
  const end = sparse.starts[p + 1] ?? 0;
  for (let e = sparse.starts[p] ?? 0; e < end; e++) sum += (sparse.values[e] ?? 0) * (dense[sparse.indices[e] ?? 0] ?? 0);
  const denominator = denseNorm * (sparse.norms[p] ?? 0);
  return denominator > 0 ? sum / denominator : 0;
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

interface SparseRows {
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly norms: Float64Array;
}

function toSparse(group: readonly Vector[]): SparseRows {
  let nonZeros = 0;
  for (const v of group) for (let d = 0; d < v.length; d++) if ((v[d] ?? 0) !== 0) nonZeros++;
  const starts = new Int32Array(group.length + 1);
  const indices = new Int32Array(nonZeros);
  const values = new Float64Array(nonZeros);
  const norms = new Float64Array(group.length);
  let at = 0;
  group.forEach((v, i) => {
    starts[i] = at;
    let squared = 0;
    for (let d = 0; d < v.length; d++) {
      const x = v[d] ?? 0;
      if (x === 0) continue;
      indices[at] = d;
      values[at] = x;
      at++;
      squared += x * x;
    }
    norms[i] = Math.sqrt(squared);
  });
  starts[group.length] = at;
  return { starts, indices, values, norms };
}
