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

/**
 * emerged: significant after Holm and every component >= its delta; otherwise a component whose
 * 90 % CI lies inside (-delta, +delta) decides: absent when its 95 % CI covers 0, negligible when it
 * lies above 0 (real, smaller than anything of interest); inconclusive otherwise (docs/metrics.md, "Verdicts").
 */
export const verdictValueSchema = z.enum(["emerged", "negligible", "absent", "inconclusive"]);
export type VerdictValue = z.infer<typeof verdictValueSchema>;

const interval = z.tuple([z.number(), z.number()]).readonly();

/** One primary component of a diagnostic as its bootstrap judged it. */
export const verdictComponentSchema = z.object({
  name: z.string(),
  effect: z.number(),
  ci95: interval,
  ci90: interval,
  delta: z.number(),
  /** One-sided bootstrap bound for "effect <= 0": (1 + replicates <= 0) / (replicates + 1), never 0. */
  p: z.number(),
  /** Units the bootstrap resampled for this component. */
  n: z.number(),
});
export type VerdictComponent = z.infer<typeof verdictComponentSchema>;

export const verdictSchema = z.object({
  metric: z.string(),
  verdict: verdictValueSchema,
  /** The deciding component's estimate (the one that fails the rule, else the least significant). */
  effect: z.number().nullable(),
  /** 95 % bootstrap interval of the deciding component's effect. */
  ci: interval.nullable(),
  /** The deciding component's smallest effect of interest. */
  delta: z.number(),
  n: z.number(),
  reason: z.string(),
  /** The diagnostic's p: the largest component p (intersection-union test); null without a bootstrap. */
  p: z.number().nullable(),
  /** Holm-adjusted p across the diagnostics of one report: it decides significance (< 0.05). */
  pHolm: z.number().nullable(),
  components: z.array(verdictComponentSchema),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** One component of a rule: its name (as the metric's diagnose names it), delta and effect unit. */
export const ruleComponentSchema = z.object({
  name: z.string(),
  /** Smallest effect of interest, in `unit`; fixed in advance, never shrinking with N. */
  delta: z.number(),
  /** What the effect is measured in, as a reader should read delta (e.g. "cosine similarity"). */
  unit: z.string(),
});
export type RuleComponent = z.infer<typeof ruleComponentSchema>;

/**
 * The verdict rule of one diagnostic (docs/metrics.md, "Verdicts"): a single `delta` (shorthand for
 * one component named "primary") or per-component deltas.
 */
export const diagnosticRuleFieldsSchema = z.object({
  metric: z.string(),
  /** Smallest effect of interest of a one-component diagnostic, in the primary statistic's units. */
  delta: z.number().optional(),
  components: z.array(ruleComponentSchema).min(1).optional(),
  /** Minimum qualifying units (agents, window pairs...) below which the verdict is inconclusive. */
  minN: z.number(),
  /** Why delta and minN are what they are. */
  why: z.string(),
  /** Whether the deltas are in units of the embedder's vectors (cosines), so they hold for one embedder only. */
  embedderDependent: z.boolean().optional(),
  /**
   * Why the diagnostic gives no verdict although its statistics are computed: they did not pass
   * their controls (docs/metrics.md). The components are still bootstrapped and reported; the label
   * stays `inconclusive` and the diagnostic leaves Holm's family.
   */
  withheld: z.string().optional(),
});
export const diagnosticRuleSchema = diagnosticRuleFieldsSchema.refine(
  (rule) => rule.delta !== undefined || rule.components !== undefined,
  "a rule needs delta or components",
);
export type DiagnosticRule = z.infer<typeof diagnosticRuleSchema>;

/** The name of a one-component diagnostic's component (the `{ units, statistic }` shorthand). */
export const primaryComponentName = "primary";

/** A rule's components: its own, or the single "primary" one its delta stands for. */
export function ruleComponents(rule: DiagnosticRule): readonly RuleComponent[] {
  return rule.components ?? [{ name: primaryComponentName, delta: rule.delta ?? 0, unit: "" }];
}

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
  /** The embedder the rules' deltas were derived under (absent in reports written before it was named). */
  deltasEmbedder: z.string().optional(),
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
