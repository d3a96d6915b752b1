import { metricNames } from "../../core/contracts/report.js";
import type { DiagnosticRule, MetricName } from "../../core/contracts/report.js";
import { activityMetric } from "./activity/metric.js";
import { centroidStabilityMetric } from "./centroid-stability/metric.js";
import { feedbackAdaptationMetric } from "./feedback-adaptation/metric.js";
import { individualDriftMetric } from "./individual-drift/metric.js";
import { influenceMetric } from "./influence/metric.js";
import { interactionInfluenceMetric } from "./interaction-influence/metric.js";
import { lexicalTurnoverMetric } from "./lexical-turnover/metric.js";
import { localCohesionMetric } from "./local-cohesion/metric.js";
import { memeDiffusionMetric } from "./meme-diffusion/metric.js";
import type { RegisteredMetric } from "./metric-definition.js";
import { memoryProbesMetric } from "./memory-probes/metric.js";
import { pairwiseSimilarityMetric } from "./pairwise-similarity/metric.js";
import { sharedReferencesMetric } from "./shared-references/metric.js";
import { structureMetric } from "./structure/metric.js";

/**
 * Every metric of report.json, one entry each, in report order (the order of report.json's
 * `metrics`, of report.html's sections and, among the metrics with a verdict, of the verdicts).
 * The type demands exactly one entry per key of core/contracts/report.ts's `metrics`.
 */
export const metricRegistry: { readonly [N in MetricName]: RegisteredMetric<N> } = {
  activity: activityMetric,
  lexicalTurnover: lexicalTurnoverMetric,
  centroidStability: centroidStabilityMetric,
  pairwiseSimilarity: pairwiseSimilarityMetric,
  localCohesion: localCohesionMetric,
  individualDrift: individualDriftMetric,
  feedbackAdaptation: feedbackAdaptationMetric,
  interactionInfluence: interactionInfluenceMetric,
  influence: influenceMetric,
  memoryProbes: memoryProbesMetric,
  sharedReferences: sharedReferencesMetric,
  memeDiffusion: memeDiffusionMetric,
  structure: structureMetric,
};

/** The verdict rules, in report order. */
export const diagnosticRules: readonly DiagnosticRule[] = metricNames.flatMap((name) => {
  const rule = metricRegistry[name].verdict?.rule;
  return rule ? [rule] : [];
});
