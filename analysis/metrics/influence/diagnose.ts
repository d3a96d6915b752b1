import { rankingOf } from "../../graph/ranking.js";
import type { AnalysisContext, DiagnosticInput, PrimaryComponent } from "../metric-types.js";
import type { InfluenceResult } from "../../../core/contracts/report-collective-metrics.js";
import { concentrationOn, effectOf, leaderDataOf, persistenceOn, referenceErrorOf } from "./leaders.js";
import type { LeaderUnit, Measured } from "./leaders.js";
import { windowDataOf } from "./window-data.js";

/**
 * The verdict's components (docs/metrics.md section 9). Units are agents - every agent that is a
 * node of some window's graph, observed or rewired - because the question is about who leads, and
 * the agents are what a society is sampled from. A resample recomputes, for every window (pair), the
 * observed top-1 % share (top-k persistence) over the resampled agents' PageRanks - a duplicated
 * leader holds two places, a missing one frees its place - and the same over each null replicate
 * restricted to the same resample, so the null moves with the sample and the difference stays
 * centred. PageRank itself is not recomputed on the resample (a subgraph of a resample is not a
 * society). The null's Monte Carlo error (R replicates) enters through referenceError.
 * Empty when the log has no exposures (result.leaders is null).
 */
export function influenceComponents(ctx: AnalysisContext, result: InfluenceResult): PrimaryComponent<LeaderUnit>[] {
  if (result.leaders === null) return [];
  const data = windowDataOf(ctx);
  const ld = leaderDataOf(
    ctx,
    data,
    data.map((slot) => rankingOf(slot.actives, slot.edges)),
  );
  const all = Int32Array.from(ld.units.map((u) => u.index));
  const indices = (sample: readonly LeaderUnit[]): Int32Array => Int32Array.from(sample.map((u) => u.index));
  // A component measures each of its items (window pairs or windows) on a set of agents.
  const component = <T>(name: string, items: readonly T[], measure: (item: T, agents: Int32Array) => Measured): PrimaryComponent<LeaderUnit> => ({
    name,
    units: ld.units,
    statistic: (sample) => {
      const s = indices(sample);
      return effectOf(items.map((item) => measure(item, s)));
    },
    referenceError: referenceErrorOf(
      items.map((item) => measure(item, all)),
      ld.replicates,
    ),
  });
  return [component("persistence", ld.pairs, persistenceOn), component("concentration", ld.windows, concentrationOn)];
}

/** The verdict: both components must emerge; an import without exposures gets none, and says why. */
export function diagnoseInfluence(ctx: AnalysisContext, result: InfluenceResult): DiagnosticInput<LeaderUnit> {
  return { components: influenceComponents(ctx, result), unavailable: result.verdictUnavailable ?? null };
}
