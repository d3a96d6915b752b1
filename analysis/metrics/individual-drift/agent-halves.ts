import type { LogPost } from "../../log/analysis-log.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import { zeros } from "../../text/vector.js";
import type { Vector } from "../../text/vector.js";
import { vectorTableOf } from "../../text/vector-table.js";
import type { VectorTable } from "../../text/vector-table.js";
import type { AnalysisContext } from "../metric-types.js";
import { postsByAuthor } from "../post-vectors.js";

/** docs/metrics.md section 6: fewer posts than this give halves of one post, too noisy to call a drift. */
export const driftMinPosts = 4;

/** One qualifying agent's posts, split in time. */
export interface AgentHalves {
  readonly agent: string;
  /** All the agent's posts with a vector, chronological, the middle one of an odd count included. */
  readonly posts: readonly LogPost[];
  /** The first floor(n / 2) posts. */
  readonly early: readonly LogPost[];
  /** The last floor(n / 2) posts. */
  readonly late: readonly LogPost[];
  /** Unnormalised sums of the halves' vectors (centroids up to a positive factor). */
  readonly earlySum: Vector;
  readonly lateSum: Vector;
}

export function sumOf(posts: readonly LogPost[], table: VectorTable, dims: number): Float64Array {
  const out = zeros(dims);
  for (const post of posts) {
    const row = table.rowOf(post.id);
    if (row >= 0) table.addInto(out, row);
  }
  return out;
}

/**
 * Agents with at least `driftMinPosts` posts, by name. Halves: the first and last floor(n / 2)
 * posts; an odd count leaves out the middle post so both halves - and the placebo's random halves -
 * have the same size, since a centroid's noise depends on how many posts it averages.
 */
export function agentHalves(ctx: AnalysisContext, table: VectorTable): AgentHalves[] {
  const out: AgentHalves[] = [];
  for (const [agent, posts] of [...postsByAuthor(ctx)].sort(([a], [b]) => compareCodePoints(a, b))) {
    if (posts.length < driftMinPosts) continue;
    const half = Math.floor(posts.length / 2);
    const early = posts.slice(0, half);
    const late = posts.slice(posts.length - half);
    out.push({ agent, posts, early, late, earlySum: sumOf(early, table, ctx.dims), lateSum: sumOf(late, table, ctx.dims) });
  }
  return out;
}

/** The agent's drift vector l - e between the halves' mean vectors. */
export function driftVector(a: AgentHalves): Float64Array {
  const out = zeros(a.earlySum.length);
  const late = a.late.length;
  const early = a.early.length;
  for (let i = 0; i < out.length; i++) out[i] = (a.lateSum[i] ?? 0) / late - (a.earlySum[i] ?? 0) / early;
  return out;
}

const halvesByContext = new WeakMap<AnalysisContext, AgentHalves[]>();

/** The qualifying agents' halves, computed once per analysis: the metric and its verdict both read them. */
export function agentHalvesOf(ctx: AnalysisContext): AgentHalves[] {
  let halves = halvesByContext.get(ctx);
  if (!halves) {
    halves = agentHalves(ctx, vectorTableOf(ctx.vectors, ctx.dims));
    halvesByContext.set(ctx, halves);
  }
  return halves;
}
