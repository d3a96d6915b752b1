import type { DiagnosticRule } from "../../../core/contracts/report.js";
import type { InfluenceWindow, NullComparison } from "../../../core/contracts/report-collective-metrics.js";
import { seriesOf, windowSeries } from "../chart-spec.js";
import type { BandPoint, SectionSpec } from "../chart-spec.js";
import type { Computed } from "../metric-definition.js";
import { defineMetric } from "../metric-definition.js";
import { diagnoseInfluence } from "./diagnose.js";
import { computeInfluence } from "./influence.js";

/**
 * Smallest effects of interest of the two components (docs/metrics.md section 9, "Deltas"), in
 * effect units, fixed before any evaluation seed was run, from tuning seeds 101-110 only:
 * - concentration 0.02 of all PageRank mass: the top 1 % of agents holding two percentage points
 *   more of the window's PageRank than the null's top 1 % - at 300 agents the mass of ~6 average
 *   agents moved onto the top 3, ~15 % above the null's top-1 % share (0.11-0.15 knobs off).
 *   Knobs off the per-window difference is within +-0.01 (null sd 0.005-0.009 per window);
 * - persistence 0.1 of the leaders: one leader in ten more still leading the next day than the
 *   null predicts (at k = 10, exactly one agent), the granularity of the paper's top-k comparison.
 * Neither shrinks with N: both are shares, not null sds.
 */
export const influenceDeltas = { persistence: 0.1, concentration: 0.02 } as const;

/** The verdict rule (docs/metrics.md section 9): both components must emerge (intersection-union). */
export const influenceRule: DiagnosticRule = {
  metric: "influence",
  components: [
    { name: "persistence", delta: influenceDeltas.persistence, unit: "share of the top-k leaders" },
    { name: "concentration", delta: influenceDeltas.concentration, unit: "share of PageRank mass" },
  ],
  minN: 30,
  withheld:
    "its statistics did not pass their controls - the socialized positive control never reads emerged, and a " +
    "stable author appeal (a negative control) moves them more than socialization does (docs/metrics.md " +
    'section 9, "Why the verdict is withheld")',
  why:
    "The paper's anchors against the leader null. Null: every commenter keeps its out-degree per channel (feed post, " +
    "feed comment, notification answer) and each comment goes to an author drawn in proportion to the impressions " +
    "the commenter was shown of that author, each impression weighted by the engagement rate of its feed slot " +
    "(fitted from the log within item, pooled over readers) and by the author's engagement propensity known from " +
    "earlier windows (received over expected comments, shrunk toward 1) - so feed position, posting volume and a " +
    "stable author appeal do not read as influence. Components, each observed minus the mean of 50 null " +
    "replicates, the CI carrying the null's Monte Carlo error: concentration = top-1 % share of PageRank, mean over " +
    "windows with a past, delta 0.02 of PageRank mass (two percentage points more for the top 1 % than the null's " +
    "top 1 %; knobs off within +-0.01 per window); persistence = share of a window's top k (1 % of actives, at least " +
    "10; ties share places) still in the next window's top k, with both windows of a pair drawn under the propensity " +
    "known before the pair, mean over pairs, delta 0.1 of the leaders (one in ten). Units: agents (every node of a " +
    "window graph); a resample recomputes both, observed and null, on the resampled agents' PageRanks. minN 30 " +
    "agents: with fewer the top 1 % is one agent and a resample often loses it. Tuning logs 300 x 168 (seeds 101-103) " +
    "and the controls: docs/metrics.md section 9 gives the numbers, including that authorAppeal and " +
    "preferentialAttention cannot be told apart by these statistics.",
};

/** Each window's null as mean +- 2 sd, where the null has both. */
function nullBand(windows: readonly InfluenceWindow[], pick: (w: InfluenceWindow) => NullComparison | undefined): BandPoint[] {
  return windows.flatMap((x, i) => {
    const n = pick(x);
    return n && n.mean !== null && n.sd !== null ? [{ x: i, lo: n.mean - 2 * n.sd, hi: n.mean + 2 * n.sd }] : [];
  });
}

/** The leader null's mean +- 2 sd at the windows (or pairs' first windows) it covers. */
function leaderBand(
  windows: readonly InfluenceWindow[],
  rows: readonly { window: number; mean: number | null; sd: number | null }[],
): BandPoint[] {
  return rows.flatMap((row) =>
    row.mean !== null && row.sd !== null && row.window < windows.length
      ? [{ x: row.window, lo: row.mean - 2 * row.sd, hi: row.mean + 2 * row.sd }]
      : [],
  );
}

function renderInfluence(result: Computed<"influence">): SectionSpec {
  const w = result.windows;
  return {
    title: "influence",
    blocks: [
      {
        kind: "line",
        title: "Component: top-1% PageRank share",
        series: [
          windowSeries(
            "observed",
            w.map((x) => x.top1PercentShare),
          ),
        ],
        band: { name: "leader null ±2 sd", points: leaderBand(w, result.leaders?.concentrationWindows ?? []) },
        xLabel: "window",
        yLabel: "top-1 % share of PageRank",
      },
      {
        kind: "line",
        title: "Component: leader persistence (top-k, window t vs t+1)",
        series: [
          windowSeries(
            "observed",
            w.map((x) => x.next?.leaderSurvival ?? null),
          ),
        ],
        band: { name: "leader null ±2 sd", points: leaderBand(w, result.leaders?.persistencePairs ?? []) },
        xLabel: "window",
        yLabel: "share of top-k leaders surviving",
      },
      {
        kind: "line",
        title: "Context: engagement beyond exposure, Spearman t vs t+1",
        series: [
          windowSeries(
            "observed",
            w.map((x) => x.next?.beyondExposure.spearman ?? null),
          ),
        ],
        band: { name: "exposure-matched null ±2 sd", points: nullBand(w, (x) => x.next?.beyondExposure.exposureNull) },
        xLabel: "window",
        yLabel: "Spearman rank correlation",
      },
      {
        kind: "line",
        title: "Context: PageRank persistence (Spearman, window t vs t+1)",
        series: [
          windowSeries(
            "observed",
            w.map((x) => x.next?.spearman ?? null),
          ),
          windowSeries(
            "leader survival",
            w.map((x) => x.next?.leaderSurvival ?? null),
          ),
        ],
        band: { name: "exposure-matched null ±2 sd", points: nullBand(w, (x) => x.next?.exposureNull) },
        xLabel: "window",
        yLabel: "Spearman / share of leaders",
      },
      {
        kind: "line",
        title: "Concentration of PageRank",
        series: seriesOf(w, { "top-1% share": (x) => x.top1PercentShare, "top-5 share": (x) => x.top5Share }),
        xLabel: "window",
        yLabel: "share of PageRank",
      },
    ],
  };
}

/** docs/metrics.md section 9, influence: whether leadership is more concentrated and persistent than the leader null makes it. */
export const influenceMetric = defineMetric({
  name: "influence",
  compute: computeInfluence,
  verdict: { rule: influenceRule, diagnose: diagnoseInfluence },
  render: renderInfluence,
});
