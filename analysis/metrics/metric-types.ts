import type { RandomStream } from "../../core/random/stream.js";
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
 * One primary component of a diagnostic: the units the bootstrap resamples and the effect on a
 * sample. A diagnostic emerges only when every component does (intersection-union test), each
 * against its own delta - the rule's component of the same name (docs/metrics.md, "Verdicts").
 */
export interface PrimaryComponent<U> {
  /** e.g. "pull", "consistency", "persistence", "concentration"; matches the rule's component. */
  readonly name: string;
  /** What the bootstrap resamples (agents, authors...). */
  readonly units: readonly U[];
  /** The effect on a sample: observed minus its reference (placebo or null mean). */
  readonly statistic: (sample: readonly U[]) => number;
  /**
   * Optional: one draw of the Monte Carlo error of the reference the statistic subtracts (e.g. the
   * mean of R resampled null replicates minus the mean of all R); added to each bootstrap replicate
   * so the CI carries the null's Monte Carlo error.
   */
  readonly referenceError?: (random: RandomStream) => number;
}

/** A diagnostic's input: one or more components, each bootstrapped on its own. */
export interface ComponentsInput<U> {
  readonly components: readonly PrimaryComponent<U>[];
}

/**
 * The one-component shorthand: qualifying units and the primary statistic over a sample of them,
 * judged against the rule's single delta (the component is named "primary").
 */
export interface SingleComponentInput<U> {
  readonly units: readonly U[];
  readonly statistic: (sample: readonly U[]) => number;
  readonly referenceError?: (random: RandomStream) => number;
}

/** The input of a verdict: components, or the single-component shorthand. */
export type DiagnosticInput<U = unknown> = ComponentsInput<U> | SingleComponentInput<U>;
