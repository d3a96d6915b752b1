import type { DiagnosticRule } from "../../../core/contracts/report.js";
import { agentEffectChart } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { computeInteractionInfluence, diagnoseInteractionInfluence } from "./interaction-influence.js";

/**
 * The verdict rule (docs/metrics.md section 8). The delta is in the primary statistic's units - differences
 * of cosines between centroids under the report's embedder - and was set against two 300-agent x
 * 96-round sim runs under the default lexical embedder: the `moltbook-like` preset (knobs off) and
 * `socialized` (feedbackLearning, partnerImitation and preferentialAttention 0.8, memoryReferences
 * 0.6), plus a synthetic positive control where noted.
 */
export const interactionInfluenceRule: DiagnosticRule = {
  metric: "interactionInfluence",
  delta: 0.02,
  minN: 30,
  why:
    "delta 0.02 (delta - placebo, a difference of cosine changes): the cos(b, .)-matched placebo regresses to the mean " +
    "(it is picked on b's noise), which leaves knobs off at +0.010 (95 % CI 0.006-0.016) with no influence at all, so " +
    "delta must sit clearly above that floor; partnerImitation at 0.8 gives 0.047 (delta alone 0.031). " +
    "minN 30 agents: with a per-agent sd of ~0.035 the 95 % CI half-width at n = 30 is ~0.013, enough to put an effect " +
    "like socialized's clearly above delta; fewer clusters make the bootstrap CI unreliable. (Over the +0.010 floor " +
    "'absent' needs ~40 agents knobs off; the default run has 166.)",
};

/** docs/metrics.md section 8, interaction influence: whether engaging an item moves an agent's next posts toward it. */
export const interactionInfluenceMetric = defineMetric({
  name: "interactionInfluence",
  compute: computeInteractionInfluence,
  verdict: { rule: interactionInfluenceRule, diagnose: diagnoseInteractionInfluence },
  render: (result, { delta }) => ({
    title: "interactionInfluence",
    blocks: [agentEffectChart("delta minus placebo, per agent", result.perAgent, delta)],
  }),
});
