import { pagerank } from "../../stats/pagerank.js";
import { missingTypes } from "../../log/analysis-log.js";
import { persistence, ranked, rankingOf, rankingRecord, summariseRanking } from "../../graph/ranking.js";
import type { Ranking } from "../../graph/ranking.js";
import { gini, topPercentShare } from "../../stats/concentration.js";
import { compareWithNull } from "../../stats/null-comparison.js";
import { spearman } from "../../stats/spearman.js";
import { topKJaccard, topKPersistence } from "../../stats/rank-overlap.js";
import { compensatedMeanOf, finiteOrNull } from "../../stats/summary.js";
import { increment } from "../../stats/urn.js";
import { mean, median, quantileSorted } from "simple-statistics";
import type { AnalysisContext } from "../metric-types.js";
import type { Unavailable } from "../../../core/contracts/report-metrics.js";
import { degreeRewired, timeShuffled } from "./context-nulls.js";
import { expectedReceived, exposureRewired, residualsOf, shownInBoth } from "./exposure-null.js";
import type {
  BeyondExposure,
  ExposureSummary,
  InfluenceResult,
  InfluenceTransition,
  InfluenceWindow,
} from "../../../core/contracts/report-collective-metrics.js";
import { leaderDataOf, leadersSummary, topKFor } from "./leaders.js";
import { positionWeightsIn, windowDataOf } from "./window-data.js";
import type { WindowData } from "./window-data.js";

/**
 * docs/metrics.md section 9, `influence`: who is engaged by whom, whether the same agents stay on top from one
 * window to the next, and whether leadership is more concentrated and more persistent than the
 * leader null - exposure x feed position x each author's propensity from earlier windows - makes
 * it (leaders.ts: the verdict's components). The former primary, the persistence of engagement
 * beyond the exposure null (Pearson residuals, in null sds), is kept as context.beyondExposureZ.
 * On a log without exposures (imports) the descriptive statistics - PageRank, concentration,
 * supernodes, top-k Jaccard and leader survival - are computed and the nulls are not: the
 * verdict says why (verdictUnavailable).
 */

/** Seeded replicates of each context null (enough for a stable mean and sd of a correlation). */
export const influenceNullReplicates = 50;

function activeInBoth(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((id) => b.has(id)).sort();
}

function topKOf(ranking: Ranking, actives: number): { k: number; top: string[] } {
  const k = topKFor(actives);
  return { k, top: ranked(ranking).slice(0, k) };
}

function exposureSummary(slot: WindowData, ranking: Ranking): ExposureSummary {
  const impressions = [...slot.shownTotal.values()].reduce((a, b) => a + b, 0);
  const received = new Map<string, number>();
  for (const e of slot.edges) increment(received, e.target);
  const rates: number[] = [];
  let pooledReceived = 0;
  for (const [author, shown] of slot.shownTotal) {
    if (!(shown > 0)) continue;
    const r = received.get(author) ?? 0;
    rates.push(r / shown);
    pooledReceived += r;
  }
  rates.sort((a, b) => a - b);
  const nodes = [...ranking.keys()].sort();
  return {
    impressions,
    authorsShown: slot.shownTotal.size,
    top1PercentShare: topPercentShare([...slot.shownTotal.values()], 1),
    gini: gini(slot.shownTotal.values()),
    engagementPerExposure: {
      authors: rates.length,
      mean: rates.length > 0 ? mean(rates) : null,
      median: rates.length > 0 ? median(rates) : null,
      p90: rates.length > 0 ? quantileSorted(rates, 0.9) : null,
      pooled: impressions > 0 ? pooledReceived / impressions : null,
    },
    spearmanWithPagerank: finiteOrNull(
      spearman(
        nodes.map((id) => (impressions > 0 ? (slot.shownTotal.get(id) ?? 0) / impressions : 0)),
        nodes.map((id) => ranking.get(id) ?? 0),
      ),
    ),
  };
}

function beyondExposure(
  before: ReadonlyMap<string, number> | undefined,
  after: ReadonlyMap<string, number> | undefined,
  both: readonly string[],
  replicates: readonly number[],
): BeyondExposure {
  const rho = persistence(before ?? new Map(), after ?? new Map(), both);
  return { n: both.length, spearman: finiteOrNull(rho), exposureNull: compareWithNull(rho, replicates) };
}

/** Each null's statistics over the replicates, per window (pair statistics on the earlier window's row). */
interface NullSamples {
  /** Raw PageRank persistence under the exposure-matched, degree-preserving and time-shuffled nulls. */
  readonly exposureRho: number[][];
  readonly degreeRho: number[][];
  readonly timeRho: number[][];
  /** Top-1 % PageRank share under the exposure-matched null. */
  readonly top1: number[][];
  /** Persistence of the Pearson residuals under the exposure-matched null (the primary's null). */
  readonly residualRho: number[][];
}

/** What every window row needs beyond its own slot: the observed rankings and the pairs' samples. */
interface Observed {
  readonly data: readonly WindowData[];
  readonly rankings: readonly Ranking[];
  readonly upvoteRankings: readonly Ranking[];
  /** Agents active in window w and w + 1. */
  readonly pairs: readonly string[][];
  /** Authors shown to others in window w and w + 1. */
  readonly shownPairs: readonly string[][];
  readonly expected: readonly Map<string, number>[];
  readonly residuals: readonly Map<string, number>[];
}

function observe(data: readonly WindowData[]): Observed {
  const rankings = data.map((slot) => rankingOf(slot.actives, slot.edges));
  const upvoteRankings = data.map((slot) => pagerank([...slot.actives].sort(), slot.upvotes));
  const pairs = data.map((slot, w) => {
    const next = data[w + 1];
    return next ? activeInBoth(slot.actives, next.actives) : [];
  });
  const expected = data.map((slot) => expectedReceived(slot));
  const residuals = data.map((slot, w) => residualsOf(slot, expected[w] ?? new Map(), slot.edges));
  const shownPairs = data.map((slot, w) => {
    const next = data[w + 1];
    return next ? shownInBoth(slot, next) : [];
  });
  return { data, rankings, upvoteRankings, pairs, shownPairs, expected, residuals };
}

function sampleNulls(observed: Observed, seed: number, replicates: number): NullSamples {
  const { data, pairs, shownPairs, expected } = observed;
  const samples: NullSamples = {
    exposureRho: data.map(() => []),
    degreeRho: data.map(() => []),
    timeRho: data.map(() => []),
    top1: data.map(() => []),
    residualRho: data.map(() => []),
  };
  for (let r = 0; r < replicates; r++) {
    const rewired = data.map((slot) => exposureRewired(slot, seed, r));
    const exposureRankings = data.map((slot, w) => rankingOf(slot.actives, rewired[w] ?? []));
    const nullResiduals = data.map((slot, w) => residualsOf(slot, expected[w] ?? new Map(), rewired[w] ?? []));
    for (let w = 0; w + 1 < data.length; w++)
      samples.residualRho[w]?.push(persistence(nullResiduals[w] ?? new Map(), nullResiduals[w + 1] ?? new Map(), shownPairs[w] ?? []));
    exposureRankings.forEach((ranking, w) => {
      const share = topPercentShare([...ranking.values()], 1);
      if (share !== null) samples.top1[w]?.push(share);
    });
    const degreeRankings = data.map((slot) => rankingOf(slot.actives, degreeRewired(slot, seed, r)));
    const shuffled = timeShuffled(data, seed, r);
    const timeRankings = data.map((slot, w) => rankingOf(slot.actives, shuffled[w] ?? []));
    for (let w = 0; w + 1 < data.length; w++) {
      const both = pairs[w] ?? [];
      const pick = (rankings: Ranking[]): number => persistence(rankings[w] ?? new Map(), rankings[w + 1] ?? new Map(), both);
      samples.exposureRho[w]?.push(pick(exposureRankings));
      samples.degreeRho[w]?.push(pick(degreeRankings));
      samples.timeRho[w]?.push(pick(timeRankings));
    }
  }
  return samples;
}

/** Window w against window w + 1 (the caller checks that w + 1 exists). */
function transition(observed: Observed, nulls: NullSamples, w: number, top: readonly string[]): InfluenceTransition {
  const ranking = observed.rankings[w] ?? new Map<string, number>();
  const nextRanking = observed.rankings[w + 1] ?? new Map<string, number>();
  const both = observed.pairs[w] ?? [];
  const rho = persistence(ranking, nextRanking, both);
  // Tie-robust (rank-overlap.ts): agents absent from a window rank below everyone in it.
  const ids = [...new Set([...ranking.keys(), ...nextRanking.keys()])];
  const before = ids.map((id) => ranking.get(id) ?? Number.NaN);
  const after = ids.map((id) => nextRanking.get(id) ?? Number.NaN);
  return {
    n: both.length,
    spearman: finiteOrNull(rho),
    jaccardTopK: finiteOrNull(topKJaccard(before, after, top.length)),
    leaderSurvival: finiteOrNull(topKPersistence(before, after, top.length)),
    exposureNull: compareWithNull(rho, nulls.exposureRho[w] ?? []),
    degreeNull: compareWithNull(rho, nulls.degreeRho[w] ?? []),
    timeNull: compareWithNull(rho, nulls.timeRho[w] ?? []),
    beyondExposure: beyondExposure(
      observed.residuals[w],
      observed.residuals[w + 1],
      observed.shownPairs[w] ?? [],
      nulls.residualRho[w] ?? [],
    ),
  };
}

function influenceWindow(observed: Observed, nulls: NullSamples, slot: WindowData, w: number): InfluenceWindow {
  const ranking = observed.rankings[w] ?? new Map<string, number>();
  const { k, top } = topKOf(ranking, slot.actives.size);
  const next = observed.data[w + 1] ? transition(observed, nulls, w, top) : null;
  const upvoteRanking = observed.upvoteRankings[w] ?? new Map<string, number>();
  const upvoteNext = observed.upvoteRankings[w + 1];
  return {
    index: slot.window.index,
    fromRound: slot.window.fromRound,
    toRound: slot.window.toRound,
    actives: slot.actives.size,
    comments: slot.edges.length,
    edges: new Set(slot.edges.map((e) => `${e.source}\u0000${e.target}`)).size,
    ...summariseRanking(ranking),
    k,
    topK: top,
    pagerank: rankingRecord(ranking),
    next,
    exposure: exposureSummary(slot, ranking),
    upvotes: {
      ...summariseRanking(upvoteRanking),
      edges: new Set(slot.upvotes.map((e) => `${e.source}\u0000${e.target}`)).size,
      spearmanNext: upvoteNext ? finiteOrNull(persistence(upvoteRanking, upvoteNext, observed.pairs[w] ?? [])) : null,
    },
  };
}

function cumulativeOf(data: readonly WindowData[]): InfluenceResult["cumulative"] {
  const allActives = new Set(data.flatMap((slot) => [...slot.actives]));
  const allEdges = data.flatMap((slot) => slot.edges);
  const cumulative = rankingOf(allActives, allEdges);
  const cumulativeUpvotes = pagerank(
    [...allActives].sort(),
    data.flatMap((slot) => slot.upvotes),
  );
  return {
    ...summariseRanking(cumulative),
    comments: allEdges.length,
    edges: new Set(allEdges.map((e) => `${e.source}\u0000${e.target}`)).size,
    pagerank: rankingRecord(cumulative),
    top10: ranked(cumulative).slice(0, 10),
    upvotes: { ...summariseRanking(cumulativeUpvotes), top10: ranked(cumulativeUpvotes).slice(0, 10) },
  };
}

function contextOf(
  windows: readonly InfluenceWindow[],
  transitions: readonly InfluenceTransition[],
  nullTop1: readonly number[][],
): InfluenceResult["context"] {
  const concentration = windows.map((w, i) => compareWithNull(w.top1PercentShare ?? Number.NaN, nullTop1[i] ?? []));
  const residualZ = transitions.map((t) => t.beyondExposure.exposureNull.z).filter((z): z is number => z !== null);
  return {
    beyondExposureZ: compensatedMeanOf(residualZ),
    beyondExposurePairs: residualZ.length,
    pagerankPersistence: compensatedMeanOf(transitions.map((t) => t.exposureNull.z)),
    degreePreserving: compensatedMeanOf(transitions.map((t) => t.degreeNull.z)),
    timeShuffled: compensatedMeanOf(transitions.map((t) => t.timeNull.z)),
    spearmanMinusNull: compensatedMeanOf(
      transitions.map((t) => (t.spearman !== null && t.exposureNull.mean !== null ? t.spearman - t.exposureNull.mean : null)),
    ),
    top1PercentShareMinusNull: compensatedMeanOf(
      windows.map((w, i) =>
        w.top1PercentShare !== null && concentration[i]?.mean != null ? w.top1PercentShare - (concentration[i]?.mean ?? 0) : null,
      ),
    ),
    top1PercentShareZ: compensatedMeanOf(concentration.map((c) => c.z)),
    beyondExposureMinusNull: compensatedMeanOf(
      transitions.map((t) => {
        const b = t.beyondExposure;
        return b.spearman !== null && b.exposureNull.mean !== null ? b.spearman - b.exposureNull.mean : null;
      }),
    ),
  };
}

export function computeInfluence(ctx: AnalysisContext): InfluenceResult | Unavailable {
  const missing = missingTypes(ctx.log, ["comment"]);
  if (missing !== null) return { available: false, reason: missing };
  // Without exposures only the descriptive statistics can be given: every null draws from them.
  const noExposure = missingTypes(ctx.log, ["exposure"]);
  const data = windowDataOf(ctx);
  const observed = observe(data);
  const replicates = noExposure === null ? influenceNullReplicates : 0;
  const nulls = sampleNulls(observed, ctx.seed, replicates);
  const windows = data.map((slot, w) => influenceWindow(observed, nulls, slot, w));
  const transitions = windows.flatMap((w) => (w.next ? [w.next] : []));
  const leaders = noExposure === null ? leadersSummary(leaderDataOf(ctx, data, observed.rankings), positionWeightsIn(ctx)) : null;
  return {
    available: true,
    nullReplicates: replicates,
    windows,
    cumulative: cumulativeOf(data),
    leaders,
    verdictUnavailable:
      noExposure === null
        ? null
        : `${noExposure}: the leader null draws each comment's target from what its author was shown, so only the descriptive statistics are reported`,
    context: contextOf(windows, transitions, nulls.top1),
  };
}
