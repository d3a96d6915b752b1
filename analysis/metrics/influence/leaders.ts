import type { RandomStream } from "../../../core/random/stream.js";
import { compareCodePoints } from "../../../core/util/compare.js";
import { rankingOf } from "../../graph/ranking.js";
import type { Ranking } from "../../graph/ranking.js";
import { topPercentShareOf } from "../../stats/concentration.js";
import { compareWithNull } from "../../stats/null-comparison.js";
import { topKPersistence } from "../../stats/rank-overlap.js";
import { finiteOrNull } from "../../stats/summary.js";
import type { Leaders } from "../../../core/contracts/report-collective-metrics.js";
import type { AnalysisContext } from "../metric-types.js";
import type { PositionWeights } from "./feed-position.js";
import { pastPropensities } from "./author-propensity.js";
import { exposureRewired } from "./exposure-null.js";
import type { WindowData } from "./window-data.js";
import { persistentLeaderCount } from "./leader-count.js";
import type { CountedPair } from "./leader-count.js";

/**
 * The verdict's two components (docs/metrics.md section 9), the paper's anchors against the leader
 * null: each window rewired by exposure x feed position x the authors' past propensity
 * (author-propensity.ts), so leadership that position, posting volume or a stable appeal explain
 * is in the null.
 * - concentration: per window, the top-1 % share of PageRank minus its mean over the null's
 *   replicates; mean over the windows that have a past (every window but the first).
 * - persistence: per pair of consecutive windows, the share of the first window's top k (k = 1 % of
 *   its actives, at least 10; ties share places, rank-overlap.ts) still in the second's top k,
 *   minus the same over null replicates in which *both* windows are rewired with the propensities
 *   known before the pair began; mean over the pairs whose first window has a past.
 * Both are in effect units (a share of PageRank mass; a share of leaders), never in null sds.
 */

/**
 * Null replicates of the leader null. 50 keep the Monte Carlo error of the null's mean small against
 * the deltas - per window the null sd is ~0.007 of PageRank mass and ~0.07 of leaders at 300 agents,
 * so the error of a mean over 6 windows (5 pairs) is ~0.0004 (~0.005), under a twentieth of delta -
 * and referenceError carries it into the CI anyway; 100 doubled the metric's time (6 s at 300 x 168).
 */
export const leaderNullReplicates = 50;
/** Top-k for leader persistence: 1 % of a window's actives, at least this many. */
export const minTopK = 10;
/** The concentration component's top share: the paper's top-1 %. */
export const topPercent = 1;

export function topKFor(actives: number): number {
  return Math.max(minTopK, Math.round(actives / 100));
}

/** An agent as the bootstrap resamples it: its index into the value arrays. */
export interface LeaderUnit {
  readonly agent: string;
  readonly index: number;
}

/** Values per unit (NaN where the unit is not a node of that graph). */
type Column = Float64Array;

interface ConcentrationWindow {
  readonly window: number;
  readonly observed: Column;
  readonly nulls: readonly Column[];
}

/** A pair of consecutive windows with their null replicates: what leader-count.ts counts. */
type PersistencePair = CountedPair;

export interface LeaderData {
  readonly units: readonly LeaderUnit[];
  readonly windows: readonly ConcentrationWindow[];
  readonly pairs: readonly PersistencePair[];
  readonly replicates: number;
}

function columnOf(ranking: Ranking, index: ReadonlyMap<string, number>, size: number): Column {
  const column = new Float64Array(size).fill(Number.NaN);
  for (const [agent, value] of ranking) {
    const i = index.get(agent);
    if (i !== undefined) column[i] = value;
  }
  return column;
}

/** Rewires every usable window R times under the leader null and lays the PageRanks out per unit. */
export function leaderData(
  data: readonly WindowData[],
  rankings: readonly Ranking[],
  seed: number,
  replicates = leaderNullReplicates,
  propensity: readonly (ReadonlyMap<string, number> | null)[] = pastPropensities(data),
): LeaderData {
  const agents = new Set<string>();
  for (const ranking of rankings) for (const agent of ranking.keys()) agents.add(agent);
  // Rewired endpoints are authors others were shown; they can be nodes of a null graph only.
  for (const slot of data) for (const author of slot.shownTotal.keys()) agents.add(author);
  const ids = [...agents].sort(compareCodePoints);
  const index = new Map(ids.map((id, i) => [id, i]));
  const column = (ranking: Ranking): Column => columnOf(ranking, index, ids.length);
  const nullColumns = (slot: WindowData, weights: ReadonlyMap<string, number>): Column[] =>
    Array.from({ length: replicates }, (_, r) => column(rankingOf(slot.actives, exposureRewired(slot, seed, r, weights, "leader"))));
  const windows: ConcentrationWindow[] = [];
  const pairs: PersistencePair[] = [];
  data.forEach((slot, w) => {
    const weights = propensity[w];
    if (!weights) return;
    const nulls = nullColumns(slot, weights);
    const observed = column(rankings[w] ?? new Map());
    windows.push({ window: w, observed, nulls });
    const next = data[w + 1];
    if (!next) return;
    pairs.push({
      window: w,
      k: topKFor(slot.actives.size),
      kAfter: topKFor(next.actives.size),
      before: observed,
      after: column(rankings[w + 1] ?? new Map()),
      nullBefore: nulls,
      nullAfter: nullColumns(next, weights),
    });
  });
  return { units: ids.map((agent, i) => ({ agent, index: i })), windows, pairs, replicates };
}

function gather(column: Column, sample: Int32Array, into: Float64Array): Float64Array {
  for (let i = 0; i < sample.length; i++) into[i] = column[sample[i] ?? 0] ?? Number.NaN;
  return into;
}

function meanOf(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
}

/** Observed and per-replicate values of one window's or pair's statistic over a sample. */
export interface Measured {
  readonly observed: number;
  readonly nulls: readonly number[];
}

export function concentrationOn(window: ConcentrationWindow, sample: Int32Array): Measured {
  const scratch = new Float64Array(sample.length);
  const share = (c: Column): number => topPercentShareOf(gather(c, sample, scratch), topPercent) ?? Number.NaN;
  return { observed: share(window.observed), nulls: window.nulls.map(share) };
}

export function persistenceOn(pair: PersistencePair, sample: Int32Array): Measured {
  const a = new Float64Array(sample.length);
  const b = new Float64Array(sample.length);
  const overlap = (before: Column, after: Column): number => topKPersistence(gather(before, sample, a), gather(after, sample, b), pair.k);
  return {
    observed: overlap(pair.before, pair.after),
    nulls: pair.nullBefore.map((before, r) => overlap(before, pair.nullAfter[r] ?? before)),
  };
}

/** Mean over windows (or pairs) of observed minus the null's mean: the component's effect. */
export function effectOf(measured: readonly Measured[]): number {
  return meanOf(measured.map((m) => m.observed - meanOf(m.nulls)));
}

/**
 * One draw of the null mean's Monte Carlo error for a component: the replicates resampled with
 * replacement (the same draw for every window), the effect recomputed, minus the effect on all R.
 */
export function referenceErrorOf(measured: readonly Measured[], replicates: number): (random: RandomStream) => number {
  const base = effectOf(measured);
  return (random) => {
    const picks = Array.from({ length: replicates }, () => random.int(replicates));
    const resampled = measured.map((m) => ({ observed: m.observed, nulls: picks.map((r) => m.nulls[r] ?? Number.NaN) }));
    return effectOf(resampled) - base;
  };
}

function compared(
  window: number,
  m: Measured,
): { window: number; observed: number | null; replicates: number; mean: number | null; sd: number | null; z: number | null } {
  const c = compareWithNull(m.observed, m.nulls);
  return { window, observed: Number.isFinite(m.observed) ? m.observed : null, ...c };
}

/** What report.json carries of the components: per window / pair against the null, and the effects. */
export function leadersSummary(ld: LeaderData, weights: PositionWeights): Leaders {
  const all = Int32Array.from(ld.units.map((u) => u.index));
  const concentration = ld.windows.map((w) => concentrationOn(w, all));
  const persistence = ld.pairs.map((p) => persistenceOn(p, all));
  const used = (row: readonly number[]): number[] => row.slice(0, weights.slotsShown);
  return {
    nullReplicates: ld.replicates,
    positionWeights: { post: used(weights.post), comment: used(weights.comment) },
    concentration: finiteOrNull(effectOf(concentration)),
    concentrationWindows: concentration.map((m, i) => compared(ld.windows[i]?.window ?? i, m)),
    persistence: finiteOrNull(effectOf(persistence)),
    persistencePairs: persistence.map((m, i) => ({ ...compared(ld.pairs[i]?.window ?? i, m), k: ld.pairs[i]?.k ?? 0 })),
    persistentLeaderCount: persistentLeaderCount(ld),
  };
}

/** Leader data of a context, built once (compute and diagnose both need it; the rewiring is the cost). */
const cache = new WeakMap<AnalysisContext, LeaderData>();

export function leaderDataOf(ctx: AnalysisContext, data: readonly WindowData[], rankings: readonly Ranking[]): LeaderData {
  let ld = cache.get(ctx);
  if (!ld) {
    ld = leaderData(data, rankings, ctx.seed);
    cache.set(ctx, ld);
  }
  return ld;
}
