import type { DiagnosticRule } from "../../../core/contracts/report.js";
import type { InfluenceWindow, NullComparison } from "../../../core/contracts/report-collective-metrics.js";
import { seriesOf, windowSeries } from "../chart-spec.js";
import type { BandPoint, SectionSpec } from "../chart-spec.js";
import type { Computed } from "../metric-definition.js";
import { defineMetric } from "../metric-definition.js";
import { diagnoseInfluence } from "./diagnose.js";
import { computeInfluence } from "./influence.js";

/**
 * The verdict rule (docs/metrics.md section 9), delta in the primary statistic's units. Checked against
 * 300-agent x 96-round sim runs - `moltbook-like` (knobs off) and `socialized` at seeds 1 and 2
 * (influence: knobs off seeds 1-5, socialized seeds 1-3), one run with preferentialAttention 1
 * alone and one with memoryReferences 1 alone - and a 3000-agent x 24-round knobs-off run.
 */
export const influenceRule: DiagnosticRule = {
  metric: "influence",
  delta: 2,
  minN: 30,
  why:
    "Primary: does engagement beyond the exposure-matched null persist? Per window, each author's comments " +
    "received minus the null's exact expectation (every commenter's out-degree per channel - feed post, feed " +
    "comment, notification answer - times its chance of being shown that author), over sqrt(expectation + 1); " +
    "Spearman of these residuals across consecutive windows over the authors other agents were shown in both (the " +
    "agents the null can engage: docs/metrics.md's 'active in both' read as active as a shown author, since voters and " +
    "lurkers sit at PageRank's floor and a residual of 0 and add only ties); minus the same Spearman's mean over " +
    "50 rewirings, in their sds; mean over window pairs. docs/metrics.md's raw persistence (Spearman of PageRank over " +
    "agents active in both, vs the same null) is reported as context.pagerankPersistence but cannot separate the " +
    "presets: it is ~0.5 in data and null alike (exposure and posting volume persist), a persistent engagement " +
    "multiplier moves it by 0.01-0.03 against a null sd of ~0.04, and concentration ties most agents at the floor " +
    "(300 x 96: knobs off -0.43, +0.14, -0.04, +0.92, -0.20 for seeds 1-5; socialized +0.52, +0.26, +0.31 for " +
    "seeds 1-3, none emerged; restricting it to shown authors or posters gave socialized 0.2-0.7 too). " +
    "delta 2 null sds: the null's sd of the residual Spearman is ~0.08 at 300 agents, so 2 sds is ~0.16 of " +
    "Spearman - excess persistence a single window pair shows by chance ~2 % of the time under the null. A z is " +
    "not an effect size (for a fixed gap it grows with sqrt(authors)), so context.beyondExposureMinusNull gives the " +
    "gap in Spearman units. Checked at 300 x 96: knobs off -0.75, +0.27, -0.10, +0.57, +0.05 (seeds 1-5; gap " +
    "-0.055 to +0.039; 95 % CI half-width ~0.8; all absent); socialized +4.19, +4.38, +3.95 (seeds 1-3; gap " +
    "+0.32 to +0.34; CI lower bound >= 3.0; all emerged): preferentialAttention weights an item by its author's " +
    "karma and the reader's familiarity, which persists, while what only the feed explains is in the null. " +
    "minN 30 authors shown in consecutive windows: below ~30 a Spearman's sampling sd (> 0.18) swamps the null's " +
    "and the percentile bootstrap undercovers with so few clusters.",
};

/** Each window's null as mean +- 2 sd, where the null has both. */
function nullBand(windows: readonly InfluenceWindow[], pick: (w: InfluenceWindow) => NullComparison | undefined): BandPoint[] {
  return windows.flatMap((x, i) => {
    const n = pick(x);
    return n && n.mean !== null && n.sd !== null ? [{ x: i, lo: n.mean - 2 * n.sd, hi: n.mean + 2 * n.sd }] : [];
  });
}

function renderInfluence(result: Computed<"influence">): SectionSpec {
  const w = result.windows;
  return {
    title: "influence",
    blocks: [
      {
        kind: "line",
        title: "Primary: engagement beyond exposure, Spearman t vs t+1",
        series: [
          windowSeries(
            "observed",
            w.map((x) => x.next?.beyondExposure.spearman ?? null),
          ),
        ],
        band: { name: "exposure-matched null ±2 sd", points: nullBand(w, (x) => x.next?.beyondExposure.exposureNull) },
        xLabel: "window",
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
      },
      {
        kind: "line",
        title: "Concentration of PageRank",
        series: seriesOf(w, { "top-1% share": (x) => x.top1PercentShare, "top-5 share": (x) => x.top5Share }),
        xLabel: "window",
      },
    ],
  };
}

/** docs/metrics.md section 9, influence: whether engagement beyond what the feed explains persists. */
export const influenceMetric = defineMetric({
  name: "influence",
  compute: computeInfluence,
  verdict: { rule: influenceRule, diagnose: diagnoseInfluence },
  render: renderInfluence,
});
