import { z } from "zod";
import {
  influenceResultSchema,
  memeDiffusionResultSchema,
  memoryProbesResultSchema,
  sharedReferencesResultSchema,
  structureResultSchema,
} from "./report-collective-metrics.js";
import {
  activityResultSchema,
  centroidStabilityResultSchema,
  feedbackAdaptationResultSchema,
  individualDriftResultSchema,
  interactionInfluenceResultSchema,
  lexicalTurnoverResultSchema,
  localCohesionResultSchema,
  pairwiseSimilarityResultSchema,
  unavailableSchema,
  windowRangeSchema,
} from "./report-metrics.js";

/**
 * report.json, the output of `murmur analyze`: every metric of docs/metrics.md, a verdict per
 * diagnostic and the rules behind them. The one definition of its shape: the analysis' types are
 * inferred from it and readers (the CLI's sweep, the pages) validate with it or a pick of it.
 */

export const verdictValueSchema = z.enum(["emerged", "absent", "inconclusive"]);
export type VerdictValue = z.infer<typeof verdictValueSchema>;

export const verdictSchema = z.object({
  metric: z.string(),
  verdict: verdictValueSchema,
  effect: z.number().nullable(),
  /** 95 % bootstrap interval of the effect. */
  ci: z.tuple([z.number(), z.number()]).readonly().nullable(),
  delta: z.number(),
  n: z.number(),
  reason: z.string(),
  /** Holm-adjusted p-value across the diagnostics of one report. */
  pHolm: z.number().nullable(),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** The verdict rule of one diagnostic (docs/metrics.md, "Verdicts"). */
export const diagnosticRuleSchema = z.object({
  metric: z.string(),
  /** Smallest effect of interest, in the primary statistic's units. */
  delta: z.number(),
  /** Minimum qualifying units (agents, window pairs...) below which the verdict is inconclusive. */
  minN: z.number(),
  /** Why delta and minN are what they are. */
  why: z.string(),
});
export type DiagnosticRule = z.infer<typeof diagnosticRuleSchema>;

const orUnavailable = <T extends z.ZodObject>(result: T) => z.discriminatedUnion("available", [result, unavailableSchema]);

/** `metrics`: one entry per metric of docs/metrics.md, in report order. */
export const reportMetricsSchema = z.object({
  activity: orUnavailable(activityResultSchema),
  lexicalTurnover: orUnavailable(lexicalTurnoverResultSchema),
  centroidStability: orUnavailable(centroidStabilityResultSchema),
  pairwiseSimilarity: orUnavailable(pairwiseSimilarityResultSchema),
  localCohesion: orUnavailable(localCohesionResultSchema),
  individualDrift: orUnavailable(individualDriftResultSchema),
  feedbackAdaptation: orUnavailable(feedbackAdaptationResultSchema),
  interactionInfluence: orUnavailable(interactionInfluenceResultSchema),
  influence: orUnavailable(influenceResultSchema),
  memoryProbes: orUnavailable(memoryProbesResultSchema),
  sharedReferences: orUnavailable(sharedReferencesResultSchema),
  memeDiffusion: orUnavailable(memeDiffusionResultSchema),
  structure: structureResultSchema,
});
export type ReportMetrics = z.infer<typeof reportMetricsSchema>;
export type MetricName = keyof ReportMetrics;
/** The metric names, as report.json keys them. */
export const metricNames = reportMetricsSchema.keyof().options;

/** The analysed log's size and provenance. */
export const reportLogSchema = z.object({
  rounds: z.number(),
  roundHours: z.number(),
  startTime: z.string(),
  agents: z.number(),
  posts: z.number(),
  comments: z.number(),
  votes: z.number(),
  exposures: z.number(),
  imported: z.boolean(),
  policies: z.array(z.string()),
});

export const reportSchema = z.object({
  formatVersion: z.literal(1),
  /** Where the log came from, as the report names it. */
  source: z.string(),
  embedder: z.string(),
  seed: z.number(),
  log: reportLogSchema,
  windows: z.array(windowRangeSchema),
  metrics: reportMetricsSchema,
  verdicts: z.array(verdictSchema),
  rules: z.array(diagnosticRuleSchema),
  /** Seconds spent per metric (wall clock; informative only, not part of any result). */
  timings: z.record(z.string(), z.number()),
});
export type Report = z.infer<typeof reportSchema>;
