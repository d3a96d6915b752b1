import type { DiagnosticRule } from "../../../core/contracts/report.js";
import { agentEffectChart } from "../chart-spec.js";
import { formatNumber } from "../format-number.js";
import { defineMetric } from "../metric-definition.js";
import { computeMemoryProbes, diagnoseMemoryProbes } from "./memory-probes.js";

/**
 * The verdict rule (docs/metrics.md section 10), delta in the primary statistic's units. Checked against
 * 300-agent x 96-round sim runs - `moltbook-like` (knobs off) and `socialized` at seeds 1 and 2
 * (influence: knobs off seeds 1-5, socialized seeds 1-3), one run with preferentialAttention 1
 * alone and one with memoryReferences 1 alone - and a 3000-agent x 24-round knobs-off run.
 */
export const memoryProbesRule: DiagnosticRule = {
  metric: "memoryProbes",
  delta: 0.1,
  minN: 20,
  why:
    "delta 0.1 (share of an answer's named entities in the true top-10 - cumulative comment-graph PageRank for " +
    "agents, score for posts - minus the same share for the agent's most-shown authors and posts, as many as it " +
    "named): with up to 3 agents and 3 posts per answer, 0.1 is about one more correct name in every second answer " +
    "than the feed alone supplies - the least a reader would call memory of who mattered rather than of what was on " +
    "screen. Checked (bench/calibration.md, 300 agents x 96 rounds, private probes of 50 agents every 24 rounds): " +
    "knobs off 0 emerged in 20 seeds (13 absent, 7 inconclusive), socialized 0.023 [0.001, 0.046] absent - sim agents " +
    "answer from what their memory mentions most, which the exposure null (authors and posts shown most, by post " +
    "impressions) nearly matches. " +
    "minN 20 answering agents: private probes ask 50 agents by default (the paper: 15 of 45 public probes answered); " +
    "per-answer differences move in steps of 1/6 to 1/3, so with fewer clusters the bootstrap CI is unreliable and " +
    "cannot fit inside +-0.1.",
};

/** docs/metrics.md section 10, memory probes: whether answers name who and what mattered beyond what the feed showed. */
export const memoryProbesMetric = defineMetric({
  name: "memoryProbes",
  compute: computeMemoryProbes,
  verdict: { rule: memoryProbesRule, diagnose: diagnoseMemoryProbes },
  render: (m, { delta }) => {
    const g = m.grounding;
    return {
      title: "memoryProbes",
      blocks: [
        {
          kind: "text",
          text: `${m.answers} answers to ${m.probes} probes (private response rate ${formatNumber(m.responseRate.private.rate ?? 0)}); valid named entities ${m.validity.valid} of ${m.validity.named}; grounding ${g.observed === null ? "-" : formatNumber(g.observed)} against the exposure-matched null's ${g.null === null ? "-" : formatNumber(g.null)}.`,
        },
        agentEffectChart(
          "Grounding minus the exposure-matched null (names of what each agent was shown most), per agent",
          m.perAgent,
          delta,
        ),
      ],
    };
  },
});
