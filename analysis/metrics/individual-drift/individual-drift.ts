import { withOwnUnits } from "../metric-definition.js";
import { missingTypes } from "../../log/analysis-log.js";
import { meanOf, medianOf } from "../../stats/summary.js";
import { vectorTableOf } from "../../text/vector-table.js";
import type { AgentDrift, IndividualDriftResult, Unavailable, ValueSummary } from "../../../core/contracts/report-metrics.js";
import type { AnalysisContext, DiagnosticInput } from "../metric-types.js";
import { agentHalvesOf, driftMinPosts, driftVector } from "./agent-halves.js";
import { individualDriftComponents } from "./components.js";
import { perAgentConsistency, unitDirection } from "./consistency.js";
import type { DriftDirection } from "./consistency.js";
import { driftMagnitude, driftPlaceboSplits, PlaceboSplits, placeboDrift } from "./drift-magnitude.js";
import { RoundSums, societalPull } from "./societal-pull.js";

export { driftMinPosts } from "./agent-halves.js";
export { driftPlaceboSplits } from "./drift-magnitude.js";

export function summarize(values: readonly number[]): ValueSummary {
  const n = values.length;
  const mean = meanOf(values);
  if (n === 0 || mean === null) return { n, mean: null, sd: null, median: null, min: null, max: null };
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return {
    n,
    mean,
    sd: Math.sqrt(variance),
    median: medianOf(values),
    min: values.reduce((a, v) => Math.min(a, v), Infinity),
    max: values.reduce((a, v) => Math.max(a, v), -Infinity),
  };
}

function present(values: readonly (number | null)[]): number[] {
  return values.flatMap((v) => (v === null ? [] : [v]));
}

/**
 * docs/metrics.md section 6. Per qualifying agent: drift D_a and its random-split placebo (how much
 * the agent drifts: context), consistency S_a (does it drift the way the others do) and societal
 * pull dS_a (toward the society). Needs posts only, so it runs on imported logs as on simulated
 * ones. The pull's reference is the agent's own early half.
 */
export function computeIndividualDrift(ctx: AnalysisContext): IndividualDriftResult | Unavailable {
  const missing = missingTypes(ctx.log, ["post"]);
  if (missing !== null) return { available: false, reason: missing };

  const table = vectorTableOf(ctx.vectors, ctx.dims);
  const qualifying = agentHalvesOf(ctx);
  const directions: DriftDirection[] = qualifying.map((a) => ({ agent: a.agent, direction: unitDirection(driftVector(a)) }));
  const consistency = perAgentConsistency(directions, ctx.dims);
  const sums = new RoundSums(ctx, table);
  const splits = new PlaceboSplits(ctx.dims);

  const perAgent: AgentDrift[] = qualifying.map((a, i) => ({
    agent: a.agent,
    posts: a.early.length + a.late.length,
    drift: driftMagnitude(a),
    placebo: placeboDrift(a, ctx.seed, table, splits),
    consistency: consistency[i] ?? null,
    pull: societalPull(a, sums, table),
  }));

  const excess = perAgent.map((a) => a.drift - a.placebo);
  const summary = {
    drift: summarize(perAgent.map((a) => a.drift)),
    placebo: summarize(perAgent.map((a) => a.placebo)),
    excess: summarize(excess),
    consistency: summarize(present(perAgent.map((a) => a.consistency))),
    pull: summarize(present(perAgent.map((a) => a.pull))),
  };
  return {
    available: true,
    minPosts: driftMinPosts,
    placeboSplits: driftPlaceboSplits,
    agents: perAgent.length,
    primary: summary.excess.mean,
    summary,
    perAgent,
  };
}

/** The verdict: consistency and societal pull, both required (intersection-union). */
export function diagnoseIndividualDrift(ctx: AnalysisContext, result: IndividualDriftResult | Unavailable): DiagnosticInput<unknown> {
  if (!result.available) return { components: [] };
  const [consistency, pull] = individualDriftComponents(ctx, result);
  return { components: [withOwnUnits(consistency), withOwnUnits(pull)] };
}
