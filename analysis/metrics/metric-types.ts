import type { AnalysisLog } from "../log/analysis-log.js";
import type { Window } from "../log/windows.js";
import type { Vector } from "../text/vector.js";

/**
 * What every metric receives: the log, its windows, and one L2-normalised vector per post and
 * comment (by id) from the report's embedder. Metrics are pure functions of this context.
 */
export interface AnalysisContext {
  readonly log: AnalysisLog;
  readonly windows: readonly Window[];
  readonly vectors: ReadonlyMap<string, Vector>;
  readonly dims: number;
  /** Seed for every random choice a metric makes (placebos, nulls, samples, bootstraps). */
  readonly seed: number;
}

/**
 * The input of a verdict: qualifying units (agents, unless the metric says otherwise) and the
 * primary statistic over a sample of them; the bootstrap resamples units.
 */
export interface DiagnosticInput<U = unknown> {
  readonly units: readonly U[];
  readonly statistic: (sample: readonly U[]) => number;
}
