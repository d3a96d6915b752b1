import { pairwiseMeanOfMeans } from "../../stats/bootstrap.js";
import type { AgentValues } from "../../../core/contracts/report-metrics.js";
import type { MemoryProbesResult } from "../../../core/contracts/report-collective-metrics.js";
import type { AnalysisContext, DiagnosticInput, PrimaryComponent } from "../metric-types.js";

/**
 * The components of memoryProbes' verdict (docs/metrics.md section 10). Shared social memory - the
 * paper's question - emerges when the answers agree beyond what the agents' feeds make them agree:
 * one component, consensus. Grounding beyond the exposure null, validity and the response rates
 * are context (the docs say why). The null is a fixed function of the log (no resampling), so no
 * Monte Carlo error is carried (no `referenceError`).
 */

/** Smallest consensus effect of interest, in Jaccard units (derivation in metric.ts and docs/metrics.md). */
export const consensusDelta = 0.05;

/**
 * Units are answering agents; the estimate is the mean over them of each agent's mean effect. An
 * agent's effect is a mean over its pairs with the other answers, so a resample moves the estimate
 * by twice its agents' mean change (`pairwiseMeanOfMeans`); resampling the per-agent means alone
 * would understate the interval's width about twofold.
 */
export function memoryProbesComponents(result: MemoryProbesResult): PrimaryComponent<AgentValues>[] {
  const units = result.consensus.perAgent;
  return [{ name: "consensus", units, statistic: pairwiseMeanOfMeans(units) }];
}

/**
 * The verdict: consensus, the paper's question (is there a memory the society shares?); on a log
 * without exposures the null cannot be drawn, and the verdict says so.
 */
export function diagnoseMemoryProbes(_ctx: AnalysisContext, result: MemoryProbesResult): DiagnosticInput<AgentValues> {
  return { components: memoryProbesComponents(result), unavailable: result.componentsUnavailable };
}
