import type { DiagnosticRule } from "../../../core/contracts/report.js";
import { formatNumber } from "../format-number.js";
import { defineMetric } from "../metric-definition.js";
import { computeSharedReferences, diagnoseSharedReferences, sharedReferencesComponentNames } from "./shared-references.js";

const orDash = (value: number | null): string => (value === null ? "-" : formatNumber(value));

/**
 * The verdict rule (docs/metrics.md section 11): two components, both needed. Deltas derived on
 * tuning logs only (seeds 101-110); derivations in `why`.
 */
export const sharedReferencesRule: DiagnosticRule = {
  metric: "sharedReferences",
  components: [
    {
      name: sharedReferencesComponentNames.sharedness,
      delta: 0.01,
      unit: "probability (two agents' long-range references coincide, minus the exposure-matched null's)",
    },
    { name: sharedReferencesComponentNames.rate, delta: 0.01, unit: "long-range references per post or comment" },
  ],
  minN: 30,
  why:
    "Two components, both needed (shared memory = references that exist and are shared). Sharedness, delta 0.01: the " +
    "chance that two long-range references by two different agents name the same post, comment or agent, minus that " +
    "chance when every reference is redrawn among what its own author attended to before its lookback (first 3 posts " +
    "of each feed, notification items; references with no such candidate left out of both sides) - so shared exposure " +
    "to the same hot feed is not read as shared memory; 0.01 is what a society shows when one reference in ten beyond " +
    "its agents' own exposures converges on a single common thing (0.1^2), or a quarter of them on six (0.25^2 / 6). " +
    "It does not depend on N (the null's own coincidence is 0.011-0.015 on tuning logs). Rate, delta 0.01 long-range " +
    "references per post or comment (mean over authors; a memoryless agent's expectation is 0): one in a hundred " +
    "calling back to something its author was not shown in the last 24 simulated hours is the least that makes memory " +
    "visible in the text. Tuning logs (seeds 101-104): controls without memory references make none (both components " +
    "0); socialized 0.012-0.029, memoryReferences alone 0.016 - and the private-recall control (memoryReferences 1, " +
    "memory.rememberCitations false: nothing passes between agents) 0.018 [0.011, 0.026], emerged: sim recall picks " +
    "the best-scored post of a topic, and agents sharing a past converge on it without transmission, so `emerged` " +
    "does not show transmission (docs/metrics.md section 11). minN 30 authors: fewer clusters make the bootstrap CI " +
    "unreliable.",
};

/** docs/metrics.md section 11, shared references: long-range references to earlier posts and agents. */
export const sharedReferencesMetric = defineMetric({
  name: "sharedReferences",
  compute: computeSharedReferences,
  verdict: { rule: sharedReferencesRule, diagnose: diagnoseSharedReferences },
  render: (s) => ({
    title: "sharedReferences",
    note:
      `${s.references.total} references, ${s.longRange.count} long-range (share ${orDash(s.longRange.share)}, ` +
      `${orDash(s.rate)} per post or comment); two agents' long-range references coincide with chance ` +
      `${orDash(s.sharedness.coincidence)} vs ${orDash(s.sharedness.nullCoincidence)} if each recalled its own exposures ` +
      `(${s.sharedness.firstHand} first-hand, ${s.sharedness.unmatched} with no own exposure to redraw from; ` +
      `${orDash(s.sharedness.popularity.nullCoincidence)} by popularity); ` +
      `HHI ${orDash(s.concentration.hhi)} vs ${orDash(s.concentration.null.hhiMean)}.`,
    blocks: [
      {
        kind: "line",
        title: "Most referenced entities (long-range)",
        series: [{ name: "references", points: s.concentration.top.map((t, i) => ({ x: i + 1, y: t.count })) }],
        xLabel: "rank",
        yLabel: "references",
      },
    ],
  }),
});
