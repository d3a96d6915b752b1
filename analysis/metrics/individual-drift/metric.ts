import type { DiagnosticRule } from "../../../core/contracts/report.js";
import { agentEffectChart } from "../chart-spec.js";
import { defineMetric } from "../metric-definition.js";
import { consistencyDelta, pullDelta } from "./components.js";
import { computeIndividualDrift, diagnoseIndividualDrift } from "./individual-drift.js";

/**
 * The verdict rule (docs/metrics.md section 6). Two components, both in cosine units under the
 * report's embedder, chosen on tuning seeds 101-110 only (300- and 150-agent x 168-round sim logs,
 * knobs off and socialized; the numbers are in docs/metrics.md). Both must emerge.
 */
export const individualDriftRule: DiagnosticRule = {
  metric: "individualDrift",
  components: [
    { name: "consistency", delta: consistencyDelta, unit: "cosine between two agents' drift vectors" },
    { name: "pull", delta: pullDelta, unit: "cosine with the society (late minus early)" },
  ],
  minN: 30,
  embedderDependent: true,
  why:
    `Socialization needs agents to drift together and toward the society (Li, Li & Zhou 2026, S and dS). ` +
    `Consistency delta ${consistencyDelta} (mean cosine between two agents' drift vectors l - e): ${consistencyDelta} = 0.1^2, ` +
    "each agent's drift at a cosine of at least 0.1 with the shared direction - a correlation of 0.1, the conventional " +
    "smallest 'small' one; below it the shared part is under 1 % of an agent's drift and two agents' drifts agree less " +
    "than two unrelated directions do by chance in a 512-dim space (~0.04). " +
    `Pull delta ${pullDelta} (late-half minus early-half mean cosine between a post and the centroid of the other agents' ` +
    "posts of the late half's rounds): a post's cosine with its society is ~0.11 under the default embedder (knobs off), " +
    `so ${pullDelta} is a rise of about a tenth of that resemblance and ~0.4 of its spread between agents (sd ~0.025); ` +
    "a smaller rise leaves an agent where it stood among the others. Both effects are 0 in expectation without " +
    "socialization (pairs of agents share no sampling noise; the pull compares both halves with one target), and " +
    "neither delta depends on N. minN 30 agents: below ~30 clusters the percentile bootstrap undercovers; at 30 the " +
    "knobs-off 90 % CI half-widths (~0.006 consistency, ~0.008 pull) still fit inside +-delta, so 'absent' is reachable.",
};

/** docs/metrics.md section 6, individual drift: do agents drift together, and toward the society? */
export const individualDriftMetric = defineMetric({
  name: "individualDrift",
  compute: computeIndividualDrift,
  verdict: { rule: individualDriftRule, diagnose: diagnoseIndividualDrift },
  render: (result) => ({
    title: "individualDrift",
    blocks: [
      agentEffectChart(
        "Consistency S_a: mean cosine of the agent's drift with each other agent's",
        result.perAgent.flatMap((a) => (a.consistency === null ? [] : [{ agent: a.agent, values: [a.consistency] }])),
        consistencyDelta,
      ),
      agentEffectChart(
        "Societal pull dS_a: late minus early cosine with the society",
        result.perAgent.flatMap((a) => (a.pull === null ? [] : [{ agent: a.agent, values: [a.pull] }])),
        pullDelta,
      ),
      agentEffectChart(
        "Drift beyond the random-split placebo (context)",
        result.perAgent.map((a) => ({ agent: a.agent, values: [a.drift - a.placebo] })),
        0,
      ),
    ],
  }),
});
