import { mean } from "simple-statistics";
import { compareCodePoints } from "../../../core/util/compare.js";
import { spearman } from "../../stats/spearman.js";
import type { AnalysisContext, DiagnosticInput } from "../metric-types.js";
import { expectedReceived, residualsOf, shownInBoth } from "./exposure-null.js";
import type { InfluenceResult } from "../../../core/contracts/report-collective-metrics.js";
import { windowDataOf } from "./window-data.js";

/** One author's residual (engagement beyond the exposure null) in both windows of each consecutive pair it was shown in. */
export interface InfluenceUnit {
  readonly agent: string;
  readonly pairs: readonly { readonly pair: number; readonly before: number; readonly after: number }[];
}

/**
 * The verdict's input. Units are agents (docs/metrics.md: the bootstrap resamples agents) - the authors
 * shown in both windows of a pair, the primary's Spearman sample - each with its residual pairs
 * (recomputed from the log: deterministic and exact, see expectedReceived). The statistic
 * recomputes the primary on a resample: per window pair, Spearman over the resampled agents' pairs
 * (duplicates kept), minus the exposure null's mean, divided by the null's sd - both fixed from the
 * full data, because re-running 50 rewirings per bootstrap resample would cost 1000 x 50 rewirings
 * per window and the null describes the platform's exposure process, not the sample of agents. The
 * CI therefore carries the sampling uncertainty of the observed persistence, in units of the
 * null's spread.
 */
export function diagnoseInfluence(ctx: AnalysisContext, result: InfluenceResult): DiagnosticInput<InfluenceUnit> {
  const data = windowDataOf(ctx);
  const residuals = data.map((slot) => residualsOf(slot, expectedReceived(slot), slot.edges));
  const usable: { pair: number; mean: number; sd: number }[] = [];
  result.windows.forEach((w, i) => {
    const b = w.next?.beyondExposure;
    if (b && b.exposureNull.mean !== null && b.exposureNull.sd !== null && b.exposureNull.z !== null && b.spearman !== null)
      usable.push({ pair: i, mean: b.exposureNull.mean, sd: b.exposureNull.sd });
  });
  const byAgent = new Map<string, { pair: number; before: number; after: number }[]>();
  for (const { pair } of usable) {
    const a = data[pair];
    const b = data[pair + 1];
    if (!a || !b) continue;
    const before = residuals[pair] ?? new Map<string, number>();
    const after = residuals[pair + 1] ?? new Map<string, number>();
    for (const agent of shownInBoth(a, b)) {
      let list = byAgent.get(agent);
      if (!list) {
        list = [];
        byAgent.set(agent, list);
      }
      list.push({ pair, before: before.get(agent) ?? 0, after: after.get(agent) ?? 0 });
    }
  }
  const units: InfluenceUnit[] = [...byAgent.entries()]
    .sort((x, y) => compareCodePoints(x[0], y[0]))
    .map(([agent, pairs]) => ({ agent, pairs }));
  const statistic = (sample: readonly InfluenceUnit[]): number => {
    const xs = new Map<number, number[]>();
    const ys = new Map<number, number[]>();
    for (const unit of sample) {
      for (const p of unit.pairs) {
        let x = xs.get(p.pair);
        let y = ys.get(p.pair);
        if (!x || !y) {
          x = [];
          y = [];
          xs.set(p.pair, x);
          ys.set(p.pair, y);
        }
        x.push(p.before);
        y.push(p.after);
      }
    }
    const zs: number[] = [];
    for (const { pair, mean: m, sd } of usable) {
      const rho = spearman(xs.get(pair) ?? [], ys.get(pair) ?? []);
      if (Number.isFinite(rho)) zs.push((rho - m) / sd);
    }
    return zs.length > 0 ? mean(zs) : Number.NaN;
  };
  return { units, statistic };
}
