import type { DiagnosticRule } from "../../../core/contracts/report.js";
import { agentEffectChart } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { computeFeedbackAdaptation, diagnoseFeedbackAdaptation } from "./feedback-adaptation.js";

/**
 * The verdict rule (docs/metrics.md section 7). The delta is in the primary statistic's units - differences
 * of cosines between centroids under the report's embedder - and was set against two 300-agent x
 * 96-round sim runs under the default lexical embedder: the `moltbook-like` preset (knobs off) and
 * `socialized` (feedbackLearning, partnerImitation and preferentialAttention 0.8, memoryReferences
 * 0.6), plus a synthetic positive control where noted.
 */
export const feedbackAdaptationRule: DiagnosticRule = {
  metric: "feedbackAdaptation",
  components: [{ name: "adaptation", delta: 0.02, unit: "cosine similarity (NP minus placebo)" }],
  minN: 20,
  embedderDependent: true,
  why:
    "delta 0.02 (NP - placebo, a difference of cosine changes): knobs off it is 0.002-0.007 (95 % CI about +-0.01) " +
    "with a per-agent sd of ~0.03. A positive control on the knobs-off log - every post nudged toward the agent's " +
    "best-received earlier post until it sits 0.13 closer to it than to its other recent posts - gives 0.022 " +
    "(95 % CI 0.014-0.030); 0.02 is thus the adaptation of an agent whose every post visibly leans on what was " +
    "upvoted, the smallest that stands clear of lexical noise. " +
    "minN 20 agents: few agents have >= 11 posts and windows whose top and bottom scores are separated (18-27 of " +
    "300 at 96 rounds, votes being this concentrated); at n = 20 the 90 % CI half-width (1.645 x 0.03 / sqrt 20 ~ " +
    "0.011) fits inside +-delta, and fewer clusters make the bootstrap CI unreliable.",
};

/** docs/metrics.md section 7, feedback adaptation: whether agents move toward what was upvoted. */
export const feedbackAdaptationMetric = defineMetric({
  name: "feedbackAdaptation",
  compute: computeFeedbackAdaptation,
  verdict: { rule: feedbackAdaptationRule, diagnose: diagnoseFeedbackAdaptation },
  render: (result, { delta }) => ({
    title: "feedbackAdaptation",
    blocks: [agentEffectChart("NP minus placebo, per agent", result.perAgent, delta)],
  }),
});
