import type { DiagnosticRule } from "../../../core/contracts/report.js";
import { agentEffectChart } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { computeIndividualDrift, diagnoseIndividualDrift } from "./individual-drift.js";

/**
 * The verdict rule (docs/metrics.md section 6). The delta is in the primary statistic's units - differences
 * of cosines between centroids under the report's embedder - and was set against two 300-agent x
 * 96-round sim runs under the default lexical embedder: the `moltbook-like` preset (knobs off) and
 * `socialized` (feedbackLearning, partnerImitation and preferentialAttention 0.8, memoryReferences
 * 0.6), plus a synthetic positive control where noted.
 */
export const individualDriftRule: DiagnosticRule = {
  metric: "individualDrift",
  delta: 0.02,
  minN: 30,
  why:
    "delta 0.02 (cosine distance beyond the random-split placebo): with the lexical embedder an agent's two random halves " +
    "already sit at 1 - cos ~0.57, so 0.02 is a drift of ~3.5 % of that spread, about 0.4-0.6 of the per-agent sd of " +
    "D - placebo (0.034 knobs off, 0.057 socialized); knobs off gives 0.000 (95 % CI +-0.004), socialized 0.045. " +
    "minN 30 agents: below ~30 clusters the percentile bootstrap undercovers, and at n = 30 the 90 % CI half-width " +
    "(1.645 x 0.057 / sqrt 30 ~ 0.017) still fits inside +-delta, so 'absent' stays reachable.",
};

/** docs/metrics.md section 6, individual drift: how far each agent's late posts moved from its early ones, beyond a random split. */
export const individualDriftMetric = defineMetric({
  name: "individualDrift",
  compute: computeIndividualDrift,
  verdict: { rule: individualDriftRule, diagnose: diagnoseIndividualDrift },
  render: (result, { delta }) => ({
    title: "individualDrift",
    blocks: [
      agentEffectChart(
        "Drift beyond the random-split placebo, per agent",
        result.perAgent.map((a) => ({ agent: a.agent, values: [a.drift - a.placebo] })),
        delta,
      ),
    ],
  }),
});
