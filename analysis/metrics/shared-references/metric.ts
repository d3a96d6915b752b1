import type { DiagnosticRule } from "../../../core/contracts/report.js";
import { formatNumber } from "../format-number.js";
import { defineMetric } from "../metric-definition.js";
import { computeSharedReferences, diagnoseSharedReferences } from "./shared-references.js";

const orDash = (value: number | null): string => (value === null ? "-" : formatNumber(value));

/**
 * The verdict rule (docs/metrics.md section 11), delta in the primary statistic's units. Checked against
 * 300-agent x 96-round sim runs - `moltbook-like` (knobs off) and `socialized` at seeds 1 and 2
 * (influence: knobs off seeds 1-5, socialized seeds 1-3), one run with preferentialAttention 1
 * alone and one with memoryReferences 1 alone - and a 3000-agent x 24-round knobs-off run.
 */
export const sharedReferencesRule: DiagnosticRule = {
  metric: "sharedReferences",
  delta: 0.01,
  minN: 30,
  why:
    "delta 0.01 long-range references per post or comment (mean over authors; a memoryless agent's expectation is 0, " +
    "since it can only cite what it was shown): one post or comment in a hundred calling back to something its author " +
    "was not shown in the last 24 simulated hours is the least that makes a memory visible in the text. Knobs off " +
    "gives exactly 0 (seeds 1, 2 and 3000 agents: no references at all), preferentialAttention alone 0, socialized " +
    "(memoryReferences 0.6) 0.049 and 0.053 (95 % CI 0.035-0.069), memoryReferences 1 alone 0.130: recall favours " +
    "recent memories, so only 3-8 % of references are long-range and the effect is a few hundredths. " +
    "minN 30 authors: per-author rates are skewed (most 0 or small), so fewer clusters make the bootstrap CI unreliable.",
};

/** docs/metrics.md section 11, shared references: long-range references to earlier posts and agents. */
export const sharedReferencesMetric = defineMetric({
  name: "sharedReferences",
  compute: computeSharedReferences,
  verdict: { rule: sharedReferencesRule, diagnose: diagnoseSharedReferences },
  render: (s) => ({
    title: "sharedReferences",
    note: `${s.references.total} references, ${s.longRange.count} long-range (share ${orDash(s.longRange.share)}); HHI ${orDash(s.concentration.hhi)} vs popularity-weighted null ${orDash(s.concentration.null.hhiMean)}.`,
    blocks: [
      {
        kind: "line",
        title: "Most referenced entities (long-range)",
        series: [{ name: "references", points: s.concentration.top.map((t, i) => ({ x: i + 1, y: t.count })) }],
        xLabel: "rank",
      },
    ],
  }),
});
