import type { ActivityResult } from "../metrics/activity.js";
import type { CentroidStabilityResult } from "../metrics/centroid-stability.js";
import type { FeedbackAdaptationResult } from "../metrics/feedback-adaptation.js";
import type { IndividualDriftResult } from "../metrics/individual-drift.js";
import type { InfluenceResult } from "../metrics/influence/influence-types.js";
import type { InteractionInfluenceResult } from "../metrics/interaction-influence.js";
import type { LexicalTurnoverResult } from "../metrics/lexical-turnover.js";
import type { LocalCohesionResult } from "../metrics/local-cohesion.js";
import type { MemeDiffusionResult } from "../metrics/meme-diffusion.js";
import type { MemoryProbesResult } from "../metrics/memory-probes.js";
import type { Unavailable, WindowRange } from "../metrics/metric-types.js";
import type { PairwiseSimilarityResult } from "../metrics/pairwise-similarity.js";
import type { SharedReferencesResult } from "../metrics/shared-references.js";
import type { StructureResult } from "../metrics/structure.js";
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

type Or<T> = T | Unavailable;

/** `report.json`'s `metrics`: one entry per metric of METRICS.md. */
export interface ReportMetrics {
  readonly activity: Or<ActivityResult>;
  readonly lexicalTurnover: Or<LexicalTurnoverResult>;
  readonly centroidStability: Or<CentroidStabilityResult>;
  readonly pairwiseSimilarity: Or<PairwiseSimilarityResult>;
  readonly localCohesion: Or<LocalCohesionResult>;
  readonly individualDrift: Or<IndividualDriftResult>;
  readonly feedbackAdaptation: Or<FeedbackAdaptationResult>;
  readonly interactionInfluence: Or<InteractionInfluenceResult>;
  readonly influence: Or<InfluenceResult>;
  readonly memoryProbes: Or<MemoryProbesResult>;
  readonly sharedReferences: Or<SharedReferencesResult>;
  readonly memeDiffusion: Or<MemeDiffusionResult>;
  readonly structure: StructureResult;
}

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
  readonly metrics: ReportMetrics;
  readonly verdicts: readonly Verdict[];
  readonly rules: readonly { readonly metric: string; readonly delta: number; readonly minN: number; readonly why: string }[];
  /** Seconds spent per metric (wall clock; informative only, not part of any result). */
  readonly timings: Readonly<Record<string, number>>;
}
