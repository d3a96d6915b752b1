import { buildContext } from "./context.js";
import type { AnalysisLog } from "./log/analysis-log.js";
import { computeActivity } from "./metrics/activity.js";
import { computeCentroidStability } from "./metrics/centroid-stability.js";
import { collectiveDiagnosticRules } from "./metrics/collective-diagnostic-rules.js";
import { agentDiagnosticRules } from "./metrics/diagnostic-rules.js";
import { computeFeedbackAdaptation, diagnoseFeedbackAdaptation } from "./metrics/feedback-adaptation.js";
import { computeIndividualDrift, diagnoseIndividualDrift } from "./metrics/individual-drift.js";
import { computeInfluence } from "./metrics/influence/influence.js";
import { diagnoseInfluence } from "./metrics/influence/diagnose.js";
import { computeInteractionInfluence, diagnoseInteractionInfluence } from "./metrics/interaction-influence.js";
import { computeLexicalTurnover } from "./metrics/lexical-turnover.js";
import { computeLocalCohesion } from "./metrics/local-cohesion.js";
import { computeMemeDiffusion } from "./metrics/meme-diffusion.js";
import { computeMemoryProbes, diagnoseMemoryProbes } from "./metrics/memory-probes.js";
import type { AnalysisContext, DiagnosticInput, Unavailable } from "./metrics/metric-types.js";
import { computePairwiseSimilarity } from "./metrics/pairwise-similarity.js";
import { computeSharedReferences, diagnoseSharedReferences } from "./metrics/shared-references.js";
import { computeStructure } from "./metrics/structure.js";
import type { Report, ReportMetrics } from "../core/contracts/report.js";
import { clusteredBootstrap } from "./stats/bootstrap.js";
import type { BootstrapResult } from "./stats/bootstrap.js";
import { decide, holm } from "./stats/verdict.js";
import type { DiagnosticRule, Verdict } from "./stats/verdict.js";
import type { Embedder } from "./text/embedder.js";

export interface AnalyzeOptions {
  readonly seed: number;
  /** Where the log came from, as the report names it. */
  readonly source: string;
  /** Wall-clock source for the timings section only; injectable so tests stay clock-free. */
  readonly now?: () => number;
}

interface Diagnostic {
  readonly rule: DiagnosticRule;
  readonly unavailable: string | null;
  /** Qualifying units. */
  readonly n: number;
  /** The agent-clustered bootstrap of the primary statistic (null without units). */
  readonly bootstrap: (seed: number) => BootstrapResult | null;
}

function ruleFor(metric: string): DiagnosticRule {
  const rule = [...agentDiagnosticRules, ...collectiveDiagnosticRules].find((r) => r.metric === metric);
  if (!rule) throw new Error(`no verdict rule for ${metric}`);
  return rule;
}

function diagnostic<R extends { available: true }, U>(
  metric: string,
  ctx: AnalysisContext,
  result: R | Unavailable,
  diagnose: (ctx: AnalysisContext, result: R) => DiagnosticInput<U>,
): Diagnostic {
  const rule = ruleFor(metric);
  if (!result.available) return { rule, unavailable: result.reason, n: 0, bootstrap: () => null };
  const input = diagnose(ctx, result);
  return {
    rule,
    unavailable: null,
    n: input.units.length,
    bootstrap: (seed) => (input.units.length > 0 ? clusteredBootstrap(input.units, input.statistic, seed) : null),
  };
}

/**
 * The whole METRICS.md contract on one log: every metric, then a verdict per diagnostic from an
 * agent-clustered bootstrap, Holm-corrected across diagnostics. Pure apart from the embedder.
 */
export async function analyzeLog(log: AnalysisLog, embedder: Embedder, options: AnalyzeOptions): Promise<Report> {
  const now = options.now ?? (() => Date.now());
  const timings: Record<string, number> = {};
  const timed = <T>(name: string, run: () => T): T => {
    const started = now();
    const value = run();
    timings[name] = (now() - started) / 1000;
    return value;
  };
  const embedStarted = now();
  const ctx = await buildContext(log, embedder, options.seed);
  timings["embedding"] = (now() - embedStarted) / 1000;

  const individualDrift = timed("individualDrift", () => computeIndividualDrift(ctx));
  const feedbackAdaptation = timed("feedbackAdaptation", () => computeFeedbackAdaptation(ctx));
  const interactionInfluence = timed("interactionInfluence", () => computeInteractionInfluence(ctx));
  const influence = timed("influence", () => computeInfluence(ctx));
  const memoryProbes = timed("memoryProbes", () => computeMemoryProbes(ctx));
  const sharedReferences = timed("sharedReferences", () => computeSharedReferences(ctx));
  const metrics: ReportMetrics = {
    activity: timed("activity", () => computeActivity(ctx)),
    lexicalTurnover: timed("lexicalTurnover", () => computeLexicalTurnover(ctx)),
    centroidStability: timed("centroidStability", () => computeCentroidStability(ctx)),
    pairwiseSimilarity: timed("pairwiseSimilarity", () => computePairwiseSimilarity(ctx)),
    localCohesion: timed("localCohesion", () => computeLocalCohesion(ctx)),
    individualDrift,
    feedbackAdaptation,
    interactionInfluence,
    influence,
    memoryProbes,
    sharedReferences,
    memeDiffusion: timed("memeDiffusion", () => computeMemeDiffusion(ctx)),
    structure: timed("structure", () => computeStructure(ctx)),
  };

  const diagnostics: Diagnostic[] = [
    diagnostic("individualDrift", ctx, individualDrift, diagnoseIndividualDrift),
    diagnostic("feedbackAdaptation", ctx, feedbackAdaptation, diagnoseFeedbackAdaptation),
    diagnostic("interactionInfluence", ctx, interactionInfluence, diagnoseInteractionInfluence),
    diagnostic("influence", ctx, influence, diagnoseInfluence),
    diagnostic("memoryProbes", ctx, memoryProbes, diagnoseMemoryProbes),
    diagnostic("sharedReferences", ctx, sharedReferences, diagnoseSharedReferences),
  ];
  const decided = timed("verdicts", () =>
    diagnostics.map(({ rule, unavailable, n, bootstrap }) => decide(rule, n, bootstrap(options.seed), unavailable)),
  );
  const adjusted = holm(decided.map((d) => d.p));
  const verdicts: Verdict[] = decided.map(({ p: _p, ...verdict }, i) => ({ ...verdict, pHolm: adjusted[i] ?? null }));

  return {
    formatVersion: 1,
    source: options.source,
    embedder: embedder.name,
    seed: options.seed,
    log: {
      rounds: log.rounds,
      roundHours: log.roundHours,
      startTime: log.startTime,
      agents: log.agents.size,
      posts: log.posts.length,
      comments: log.comments.length,
      votes: log.votes.length,
      exposures: log.exposures.length,
      imported: log.imported,
      policies: [...new Set([...log.agents.values()].map((a) => a.policy))].sort(),
    },
    windows: ctx.windows.map((w) => ({ index: w.index, fromRound: w.fromRound, toRound: w.toRound })),
    metrics,
    verdicts,
    rules: diagnostics.map(({ rule }) => ({ metric: rule.metric, delta: rule.delta, minN: rule.minN, why: rule.why })),
    timings,
  };
}
