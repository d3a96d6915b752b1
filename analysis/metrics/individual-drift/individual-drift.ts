import { RandomStream } from "../../../core/random/stream.js";
import { missingTypes } from "../../log/analysis-log.js";
import type { LogPost } from "../../log/analysis-log.js";
import { meanOfMeans } from "../../stats/bootstrap.js";
import { meanOf, medianOf } from "../../stats/summary.js";
import { addInto, cosine, subtract, zeros } from "../../text/vector.js";
import type { Vector } from "../../text/vector.js";
import { vectorTableOf } from "../../text/vector-table.js";
import type { VectorTable } from "../../text/vector-table.js";
import type { AgentValues, Unavailable } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext, DiagnosticInput } from "../metric-types.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import { postsByAuthor } from "../post-vectors.js";
import type { AgentDrift, IndividualDriftResult, ValueSummary } from "../../../core/contracts/report-metrics.js";

/** docs/metrics.md section 6: fewer posts than this give halves of one post, too noisy to call a drift. */
export const driftMinPosts = 4;
/**
 * Random splits averaged into each agent's placebo. One split would add as much noise as the
 * drift itself; the average keeps the placebo's expectation and shrinks its variance.
 */
export const driftPlaceboSplits = 20;

export function summarize(values: readonly number[]): ValueSummary {
  const n = values.length;
  const mean = meanOf(values);
  if (n === 0 || mean === null) return { n, mean: null, sd: null, median: null, min: null, max: null };
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return {
    n,
    mean,
    sd: Math.sqrt(variance),
    median: medianOf(values),
    min: values.reduce((a, v) => Math.min(a, v), Infinity),
    max: values.reduce((a, v) => Math.max(a, v), -Infinity),
  };
}

interface AgentPosts {
  readonly agent: string;
  /** All the agent's posts, the middle one of an odd count included. */
  readonly posts: readonly LogPost[];
  readonly early: readonly LogPost[];
  readonly late: readonly LogPost[];
  readonly earlySum: Vector;
  readonly lateSum: Vector;
}

function sumOf(posts: readonly LogPost[], table: VectorTable, dims: number): Vector {
  const out = zeros(dims);
  for (const post of posts) {
    const row = table.rowOf(post.id);
    if (row >= 0) table.addInto(out, row);
  }
  return out;
}

/** Sum of the vectors of posts in rounds [from, to], from per-round prefix sums. */
class RoundSums {
  private readonly prefix: Vector[];
  private readonly dims: number;

  constructor(ctx: AnalysisContext, table: VectorTable) {
    this.dims = ctx.dims;
    const rounds = Math.max(0, ctx.log.rounds);
    const perRound: Vector[] = Array.from({ length: rounds }, () => zeros(ctx.dims));
    for (const post of ctx.log.posts) {
      const row = table.rowOf(post.id);
      const slot = perRound[post.round];
      if (row >= 0 && slot) table.addInto(slot, row);
    }
    this.prefix = [zeros(ctx.dims)];
    let running = zeros(ctx.dims);
    for (const slot of perRound) {
      running = running.slice();
      addInto(running, slot);
      this.prefix.push(running);
    }
  }

  range(from: number, to: number): Vector {
    const hi = this.prefix[Math.min(to + 1, this.prefix.length - 1)];
    const lo = this.prefix[Math.max(0, Math.min(from, this.prefix.length - 1))];
    return hi && lo ? subtract(hi, lo) : zeros(this.dims);
  }
}

/** The society's posts in [from, to] without those of the excluded agents (unnormalised sum). */
function societyExcept(sums: RoundSums, from: number, to: number, excluded: readonly AgentPosts[], table: VectorTable): Vector {
  const out = sums.range(from, to);
  for (const agent of excluded) {
    for (const post of agent.posts) {
      if (post.round < from || post.round > to) continue;
      const row = table.rowOf(post.id);
      if (row >= 0) table.addInto(out, row, -1);
    }
  }
  return out;
}

function isZero(v: Vector): boolean {
  return v.every((x) => x === 0);
}

/**
 * docs/metrics.md section 6. Halves: the first and last floor(n / 2) posts; an odd count leaves out the middle
 * post so both halves - and the placebo's random halves - have the same size, since a centroid's
 * noise depends on how many posts it averages.
 *
 * Societal pull: g_early and g_late are the centroids of the other agents' posts in the rounds
 * spanned by the agent's early and late halves (time-matched; the agent's own posts are left out
 * so it is not pulled toward itself). Detrending subtracts cos(l_b, g_late) - cos(e_b, g_early)
 * for a random other agent b against the *same* g's: a shared trend (late society easier to
 * resemble, everyone converging on one fixed centre) appears in both terms and cancels, while
 * tracking the society of one's own time does not. Subtracting b's own P_b instead would average
 * to zero over agents by construction. b's posts are left out of the g's too.
 */
export function computeIndividualDrift(ctx: AnalysisContext): IndividualDriftResult | Unavailable {
  const missing = missingTypes(ctx.log, ["post"]);
  if (missing !== null) return { available: false, reason: missing };

  const table = vectorTableOf(ctx.vectors, ctx.dims);
  const qualifying: AgentPosts[] = [];
  for (const [agent, posts] of [...postsByAuthor(ctx)].sort(([a], [b]) => compareCodePoints(a, b))) {
    if (posts.length < driftMinPosts) continue;
    const half = Math.floor(posts.length / 2);
    const early = posts.slice(0, half);
    const late = posts.slice(posts.length - half);
    qualifying.push({ agent, posts, early, late, earlySum: sumOf(early, table, ctx.dims), lateSum: sumOf(late, table, ctx.dims) });
  }

  const driftVectors = qualifying.map((a) => subtract(scaled(a.lateSum, a.late.length), scaled(a.earlySum, a.early.length)));
  const totalDrift = zeros(ctx.dims);
  for (const d of driftVectors) addInto(totalDrift, d);
  const sums = new RoundSums(ctx, table);
  const splits = new PlaceboSplits(ctx.dims);

  const perAgent: AgentDrift[] = qualifying.map((a, i) => {
    const drift = 1 - cosine(a.earlySum, a.lateSum);
    const placebo = placeboDrift(a, ctx.seed, table, splits);
    const own = driftVectors[i] ?? zeros(ctx.dims);
    const others = subtract(totalDrift, own);
    // A zero drift vector has no direction to agree or disagree with.
    const consistency = qualifying.length > 1 && !isZero(own) && !isZero(others) ? cosine(own, others) : null;
    const { pull, reference } = societalPull(a, i, qualifying, sums, ctx.seed, table);
    return { agent: a.agent, posts: a.early.length + a.late.length, drift, placebo, consistency, pull, pullReference: reference };
  });

  const excess = perAgent.map((a) => a.drift - a.placebo);
  const summary = {
    drift: summarize(perAgent.map((a) => a.drift)),
    placebo: summarize(perAgent.map((a) => a.placebo)),
    excess: summarize(excess),
    consistency: summarize(perAgent.flatMap((a) => (a.consistency === null ? [] : [a.consistency]))),
    pull: summarize(perAgent.flatMap((a) => (a.pull === null ? [] : [a.pull]))),
  };
  return {
    available: true,
    minPosts: driftMinPosts,
    placeboSplits: driftPlaceboSplits,
    agents: perAgent.length,
    primary: summary.excess.mean,
    summary,
    perAgent,
  };
}

function scaled(v: Vector, count: number): Vector {
  const out = v.slice();
  if (count > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / count;
  return out;
}

/** Scratch for the placebo's random halves, reused across splits and agents. */
class PlaceboSplits {
  readonly first: Float64Array;
  readonly second: Float64Array;
  order = new Int32Array(64);

  constructor(dims: number) {
    this.first = zeros(dims);
    this.second = zeros(dims);
  }
}

function placeboDrift(a: AgentPosts, seed: number, table: VectorTable, scratch: PlaceboSplits): number {
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

function span(posts: readonly LogPost[]): [number, number] {
  return [posts[0]?.round ?? 0, posts[posts.length - 1]?.round ?? 0];
}

function societalPull(
  a: AgentPosts,
  index: number,
  all: readonly AgentPosts[],
  sums: RoundSums,
  seed: number,
  table: VectorTable,
): { pull: number | null; reference: string | null } {
  if (all.length < 2) return { pull: null, reference: null };
  const random = new RandomStream(seed, a.agent, 0, "individualDrift.pullReference");
  let pick = random.int(all.length - 1);
  if (pick >= index) pick++;
  const b = all[pick];
  if (!b) return { pull: null, reference: null };
  const [earlyFrom, earlyTo] = span(a.early);
  const [lateFrom, lateTo] = span(a.late);
  const gEarly = societyExcept(sums, earlyFrom, earlyTo, [a, b], table);
  const gLate = societyExcept(sums, lateFrom, lateTo, [a, b], table);
  if (isZero(gEarly) || isZero(gLate)) return { pull: null, reference: b.agent };
  const own = cosine(a.lateSum, gLate) - cosine(a.earlySum, gEarly);
  const reference = cosine(b.lateSum, gLate) - cosine(b.earlySum, gEarly);
  return { pull: own - reference, reference: b.agent };
}

/**
 * Units: qualifying agents, each with the single value D_a - placebo_a. The primary statistic is
 * the mean over agents of (D_a - placebo_a): drift beyond what splitting the same posts at random
 * gives, so an agent's own topic spread is not mistaken for change.
 */
export function diagnoseIndividualDrift(_ctx: AnalysisContext, result: IndividualDriftResult | Unavailable): DiagnosticInput<AgentValues> {
  const units: AgentValues[] = result.available ? result.perAgent.map((a) => ({ agent: a.agent, values: [a.drift - a.placebo] })) : [];
  return { units, statistic: meanOfMeans };
}
