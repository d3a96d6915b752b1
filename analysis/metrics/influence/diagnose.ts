import type { RandomStream } from "../../../core/random/stream.js";
import { rankingOf } from "../../graph/ranking.js";
import type { AnalysisContext, DiagnosticInput } from "../metric-types.js";
import type { InfluenceResult } from "../../../core/contracts/report-collective-metrics.js";
import { concentrationOn, effectOf, leaderDataOf, persistenceOn, referenceErrorOf } from "./leaders.js";
import type { LeaderUnit, Measured } from "./leaders.js";
import { windowDataOf } from "./window-data.js";

/**
 * One component of the verdict, in the shape of metric-types.ts's PrimaryComponent (docs/metrics.md
 * "Verdicts"); declared here until that type is on this branch.
 */
export interface InfluenceComponent {
  readonly name: "persistence" | "concentration";
  readonly units: readonly LeaderUnit[];
  readonly statistic: (sample: readonly LeaderUnit[]) => number;
  readonly referenceError: (random: RandomStream) => number;
}

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
export function influenceComponents(ctx: AnalysisContext, result: InfluenceResult): InfluenceComponent[] {
  if (result.leaders === null) return [];
  const data = windowDataOf(ctx);
  const ld = leaderDataOf(
    ctx,
    data,
    data.map((slot) => rankingOf(slot.actives, slot.edges)),
  );
  const all = Int32Array.from(ld.units.map((u) => u.index));
  const indices = (sample: readonly LeaderUnit[]): Int32Array => Int32Array.from(sample.map((u) => u.index));
  const fullConcentration: Measured[] = ld.windows.map((w) => concentrationOn(w, all));
  const fullPersistence: Measured[] = ld.pairs.map((p) => persistenceOn(p, all));
  return [
    {
      name: "persistence",
      units: ld.units,
      statistic: (sample) => {
        const s = indices(sample);
        return effectOf(ld.pairs.map((p) => persistenceOn(p, s)));
      },
      referenceError: referenceErrorOf(fullPersistence, ld.replicates),
    },
    {
      name: "concentration",
      units: ld.units,
      statistic: (sample) => {
        const s = indices(sample);
        return effectOf(ld.windows.map((w) => concentrationOn(w, s)));
      },
      referenceError: referenceErrorOf(fullConcentration, ld.replicates),
    },
  ];
}

/**
 * Until the components framework is on this branch the verdict takes one component in the old
 * `{ units, statistic }` shape: persistence, the component that decides the intersection-union
 * verdict on every tuning log (the larger p; docs/metrics.md section 9). `influenceComponents`
 * gives both; at the merge `diagnose` returns `{ components: influenceComponents(...) }`.
 */
export function diagnoseInfluence(ctx: AnalysisContext, result: InfluenceResult): DiagnosticInput<LeaderUnit> {
  const persistence = influenceComponents(ctx, result).find((c) => c.name === "persistence");
  return persistence ? { units: persistence.units, statistic: persistence.statistic } : { units: [], statistic: () => Number.NaN };
}
