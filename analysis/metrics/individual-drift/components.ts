import type { IndividualDriftResult } from "../../../core/contracts/report-metrics.js";
import { meanOf } from "../../stats/summary.js";
import type { AnalysisContext, PrimaryComponent } from "../metric-types.js";
import { agentHalvesOf, driftVector } from "./agent-halves.js";
import { pairwiseConsistency, unitDirection } from "./consistency.js";
import type { DriftDirection } from "./consistency.js";

/**
 * Smallest effect of interest of consistency, in mean pairwise cosine between two agents' drift
 * vectors (derivation in docs/metrics.md section 6 and the rule's `why`): 0.01 = 0.1^2, i.e. each
 * agent's drift has a cosine of at least 0.1 with the direction the agents share.
 */
export const consistencyDelta = 0.01;
/**
 * Smallest effect of interest of societal pull, in cosine between a post and the society's
 * centroid (late-half mean minus early-half mean): about a tenth of how much a post resembles its
 * society at all under the default embedder (0.11 on the knobs-off tuning logs).
 */
export const pullDelta = 0.01;

/** One agent as a unit of the pull component: its dS_a. */
export interface PullUnit {
  readonly agent: string;
  readonly pull: number;
}

/** The mean pull of a sample, NaN for an empty one (a bootstrap replicate without units). */
function meanPull(sample: readonly PullUnit[]): number {
  return meanOf(sample.map((u) => u.pull)) ?? Number.NaN;
}

/** The qualifying agents' unit drift directions, recomputed from the context as compute() does. */
export function driftDirections(ctx: AnalysisContext): DriftDirection[] {
  return agentHalvesOf(ctx).map((a) => ({ agent: a.agent, direction: unitDirection(driftVector(a)) }));
}

/**
 * The two components socialization needs (issue 13, docs/metrics.md section 6): consistency -
 * agents drift together - and pull - toward the society. Emergence needs both (the rule takes the
 * larger p). Consistency's units are agents with a drift direction and its statistic re-weights
 * pairs on a resample; pull's units are agents with a society to compare with, and its statistic
 * is their mean.
 */
export function individualDriftComponents(
  ctx: AnalysisContext,
  result: IndividualDriftResult,
): [PrimaryComponent<DriftDirection>, PrimaryComponent<PullUnit>] {
  const directions = driftDirections(ctx).filter((d) => d.direction !== null);
  const pulls: PullUnit[] = result.perAgent.flatMap((a) => (a.pull === null ? [] : [{ agent: a.agent, pull: a.pull }]));
  return [
    {
      name: "consistency",
      units: directions,
      statistic: (sample) => pairwiseConsistency(sample, ctx.dims),
    },
    { name: "pull", units: pulls, statistic: meanPull },
  ];
}
