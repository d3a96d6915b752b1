import type { WindowRange } from "../metrics/metric-types.js";
import type { Verdict } from "../stats/verdict.js";

/** The metric names of METRICS.md, as report.json keys them. */
export const metricNames = [
  "activity",
  "lexicalTurnover",
  "centroidStability",
  "pairwiseSimilarity",
  "localCohesion",
  "individualDrift",
  "feedbackAdaptation",
  "interactionInfluence",
  "influence",
  "memoryProbes",
  "sharedReferences",
  "memeDiffusion",
  "structure",
] as const;
export type MetricName = (typeof metricNames)[number];

/** report.json. */
export interface Report {
  readonly formatVersion: 1;
  readonly source: string;
  readonly embedder: string;
  readonly seed: number;
  readonly log: {
    readonly rounds: number;
    readonly roundHours: number;
    readonly startTime: string;
    readonly agents: number;
    readonly posts: number;
    readonly comments: number;
    readonly votes: number;
    readonly exposures: number;
    readonly imported: boolean;
    readonly policies: readonly string[];
  };
  readonly windows: readonly WindowRange[];
  readonly metrics: Readonly<Record<MetricName, unknown>>;
  readonly verdicts: readonly Verdict[];
  readonly rules: readonly { readonly metric: string; readonly delta: number; readonly minN: number; readonly why: string }[];
  /** Seconds spent per metric (wall clock; informative only, not part of any result). */
  readonly timings: Readonly<Record<string, number>>;
}
