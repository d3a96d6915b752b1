import { RandomStream } from "../../../core/random/stream.js";
import { missingTypes } from "../../log/analysis-log.js";
import type { LogPost } from "../../log/analysis-log.js";
import { meanOfMeans } from "../../stats/bootstrap.js";
import { meanOf } from "../../stats/summary.js";
import { dot, norm, zeros } from "../../text/vector.js";
import type { Vector } from "../../text/vector.js";
import { vectorTableOf } from "../../text/vector-table.js";
import type { VectorTable } from "../../text/vector-table.js";
import { postsByAuthor } from "../post-vectors.js";
import type { AgentValues, Unavailable } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext, DiagnosticInput } from "../metric-types.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import type { AgentAdaptation, FeedbackAdaptationResult } from "../../../core/contracts/report-metrics.js";

/** docs/metrics.md section 7: consecutive posts per sliding window. */
export const adaptationWindowPosts = 10;
/** docs/metrics.md section 7: votes count toward a post's score only this long after it. */
export const adaptationHorizonHours = 24;
/** docs/metrics.md section 7: share of the window's posts in the top (T) and bottom (B) groups. */
export const adaptationTopShare = 0.3;
/** The seed of the placebo's permutations and tie-break keys: a constant, not the analysis seed (see its use). */
const placeboStreamSeed = 1;

/** Score permutations averaged into each window's placebo, to keep its noise below NP's. */
export const adaptationPlaceboPermutations = 20;

export interface VoteMark {
  readonly round: number;
  readonly delta: number;
}

function votesByPost(ctx: AnalysisContext): Map<string, VoteMark[]> {
  const out = new Map<string, VoteMark[]>();
  for (const vote of ctx.log.votes) {
    if (vote.targetType !== "post" || vote.delta === 0) continue;
    const list = out.get(vote.target);
    if (list) list.push({ round: vote.round, delta: vote.delta });
    else out.set(vote.target, [{ round: vote.round, delta: vote.delta }]);
  }
  return out;
}

/**
 * The score a post had from the agent's point of view when it wrote `next`: votes within the
 * horizon of the post (same round counts as within), and cast in a round before `next`'s - votes
 * of `next`'s own round are decided concurrently and reach the agent only in a later round, so
 * counting them would let the future explain the past.
 */
export function windowScore(post: LogPost, next: LogPost, votes: readonly VoteMark[], roundHours: number): number {
  let score = 0;
  for (const vote of votes) {
    if (vote.round >= next.round) continue;
    if ((vote.round - post.round) * roundHours > adaptationHorizonHours + 1e-9) continue;
    score += vote.delta;
  }
  return score;
}

/**
 * Age stratum of a post inside a window: how many rounds its counted votes could come from. Posts
 * written just before `next` have truncated scores, so score and age go together; the placebo
 * permutes scores only among posts of one stratum and so keeps that association, leaving only the
 * link between a post's score and its content to be broken. Strata are full reach, no reach, and
 * doubling bands (1, 2-3, 4-7, ...) below full reach.
 */
export function ageStratum(post: LogPost, next: LogPost, roundHours: number): number {
  const horizonRounds = Math.floor(adaptationHorizonHours / roundHours + 1e-9);
  const last = Math.min(post.round + horizonRounds, next.round - 1);
  const reach = Math.max(0, last - post.round + 1);
  if (reach >= horizonRounds + 1) return -1;
  return reach === 0 ? 0 : 1 + Math.floor(Math.log2(reach));
}

/** Sum of the rows picked by order[from .. to), in that order, into `out`. */
function sumInto(
  out: Float64Array,
  table: VectorTable,
  rows: readonly number[],
  order: readonly number[],
  from: number,
  to: number,
): Float64Array {
  out.fill(0);
  for (let i = from; i < to; i++) table.addInto(out, rows[order[i] ?? 0] ?? 0);
  return out;
}

/** cosine() of vector.ts with both norms already known. */
function cosineOfNorms(a: Vector, b: Vector, normA: number, normB: number): number {
  const n = normA * normB;
  return n > 0 ? dot(a, b) / n : 0;
}

/**
 * Indices by score, highest first. Ties go by random keys drawn once per window (not by time, which
 * would put recent posts on one side); the placebo reuses them, so it differs from NP only where
 * its permutation moved a score.
 */
function ranking(scores: readonly number[], keys: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || (keys[a] ?? 0) - (keys[b] ?? 0));
}

/** What NP is computed from in one window: the table, its rows, u and |u|, the next post's row, scratch for T and B. */
interface WindowVectors {
  readonly table: VectorTable;
  readonly rows: readonly number[];
  readonly u: Float64Array;
  readonly uNorm: number;
  readonly next: number;
  readonly top: Float64Array;
  readonly bottom: Float64Array;
}

/** NP = [cos(u', T) - cos(u, T)] - [cos(u', B) - cos(u, B)] for one assignment of scores. */
function netProgress(w: WindowVectors, order: readonly number[], k: number): number {
  const top = sumInto(w.top, w.table, w.rows, order, 0, k);
  const bottom = sumInto(w.bottom, w.table, w.rows, order, order.length - k, order.length);
  const topNorm = norm(top);
  const bottomNorm = norm(bottom);
  return (
    w.table.cosineDense(w.next, top, topNorm) -
    cosineOfNorms(w.u, top, w.uNorm, topNorm) -
    (w.table.cosineDense(w.next, bottom, bottomNorm) - cosineOfNorms(w.u, bottom, w.uNorm, bottomNorm))
  );
}

function permuteWithinStrata(scores: readonly number[], strata: readonly number[], random: RandomStream): number[] {
  const out = [...scores];
  const groups = new Map<number, number[]>();
  strata.forEach((s, i) => {
    const g = groups.get(s);
    if (g) g.push(i);
    else groups.set(s, [i]);
  });
  for (const members of groups.values()) {
    const values = members.map((i) => scores[i] ?? 0);
    for (let i = values.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [values[i], values[j]] = [values[j] ?? 0, values[i] ?? 0];
    }
    members.forEach((index, j) => {
      out[index] = values[j] ?? 0;
    });
  }
  return out;
}

/** Whether some stratum holds two different scores, so a permutation can change anything. */
function canPermute(scores: readonly number[], strata: readonly number[]): boolean {
  const first = new Map<number, number>();
  for (let i = 0; i < scores.length; i++) {
    const s = strata[i] ?? 0;
    const seen = first.get(s);
    if (seen === undefined) first.set(s, scores[i] ?? 0);
    else if (seen !== scores[i]) return true;
  }
  return false;
}

/**
 * docs/metrics.md section 7, with one reading made explicit: a window "ties" when the lowest score in T equals
 * the highest score in B. T and B are then not separated by score, and which tied post lands in
 * T or B would be decided by the tie-break rather than by feedback. (The looser reading - drop
 * only windows whose scores are all equal - keeps about three times as many windows on sim logs,
 * but fills T with unvoted posts and dilutes NP by as much.)
 */
export function computeFeedbackAdaptation(ctx: AnalysisContext): FeedbackAdaptationResult | Unavailable {
  const missing = missingTypes(ctx.log, ["post", "vote"]);
  if (missing !== null) return { available: false, reason: missing };

  const w = adaptationWindowPosts;
  const k = Math.max(1, Math.round(adaptationTopShare * w));
  const votes = votesByPost(ctx);
  const perAgent: AgentAdaptation[] = [];
  let unpermutable = 0;
  let droppedTotal = 0;

  const table = vectorTableOf(ctx.vectors, ctx.dims);
  // Scratch for u, T and B, reused by every window.
  const u = zeros(ctx.dims);
  const top = zeros(ctx.dims);
  const bottom = zeros(ctx.dims);
  const identity = Array.from({ length: w }, (_, i) => i);
  const authors = [...postsByAuthor(ctx)].sort(([a], [b]) => compareCodePoints(a, b));
  for (const [agent, posts] of authors) {
    if (posts.length < w + 1) continue;
    // postsByAuthor keeps only posts with a vector.
    const rows = posts.map((p) => table.rowOf(p.id));
    const values: number[] = [];
    let npSum = 0;
    let placeboSum = 0;
    let dropped = 0;
    for (let start = 0; start + w < posts.length; start++) {
      const window = posts.slice(start, start + w);
      const next = posts[start + w];
      if (!next) continue;
      const scores = window.map((p) => windowScore(p, next, votes.get(p.id) ?? [], ctx.log.roundHours));
      const sorted = [...scores].sort((a, b) => b - a);
      if ((sorted[k - 1] ?? 0) <= (sorted[w - k] ?? 0)) {
        dropped++;
        continue;
      }
      // Keyed by the log (agent, window), never by the analysis seed: the placebo is a fixed
      // function of the log, so the estimate is the same under every seed; its permutation noise
      // sits in each agent's values, where the agent bootstrap already counts it.
      const random = new RandomStream(placeboStreamSeed, agent, start, "feedbackAdaptation");
      const windowRows = rows.slice(start, start + w);
      sumInto(u, table, windowRows, identity, 0, w);
      const vectors: WindowVectors = { table, rows: windowRows, u, uNorm: norm(u), next: rows[start + w] ?? 0, top, bottom };
      const keys = window.map(() => random.next());
      const np = netProgress(vectors, ranking(scores, keys), k);
      const strata = window.map((p) => ageStratum(p, next, ctx.log.roundHours));
      if (!canPermute(scores, strata)) unpermutable++;
      let placebo = 0;
      for (let r = 0; r < adaptationPlaceboPermutations; r++) {
        const permuted = permuteWithinStrata(scores, strata, random);
        placebo += netProgress(vectors, ranking(permuted, keys), k);
      }
      placebo /= adaptationPlaceboPermutations;
      values.push(np - placebo);
      npSum += np;
      placeboSum += placebo;
    }
    droppedTotal += dropped;
    if (values.length === 0) continue;
    perAgent.push({
      agent,
      posts: posts.length,
      windows: values.length,
      droppedTies: dropped,
      np: npSum / values.length,
      placebo: placeboSum / values.length,
      values,
    });
  }

  const primary = perAgent.length > 0 ? meanOfMeans(perAgent) : null;
  return {
    available: true,
    windowPosts: w,
    horizonHours: adaptationHorizonHours,
    topShare: adaptationTopShare,
    agents: perAgent.length,
    windows: perAgent.reduce((a, p) => a + p.windows, 0),
    droppedTies: droppedTotal,
    unpermutable,
    primary,
    meanNP: meanOf(perAgent.map((p) => p.np)),
    meanPlacebo: meanOf(perAgent.map((p) => p.placebo)),
    perAgent,
  };
}

/**
 * Units: agents with at least one kept window, each with NP - placebo per window. Primary
 * statistic: mean over agents of mean(NP - placebo) - agents, not windows, weigh equally, and the
 * bootstrap resamples them because an agent's overlapping windows are far from independent.
 */
export function diagnoseFeedbackAdaptation(
  _ctx: AnalysisContext,
  result: FeedbackAdaptationResult | Unavailable,
): DiagnosticInput<AgentValues> {
  const units: AgentValues[] = result.available ? result.perAgent.map((a) => ({ agent: a.agent, values: a.values })) : [];
  return { components: [{ name: "adaptation", units, statistic: meanOfMeans }] };
}
