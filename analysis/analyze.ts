import { metricNames, ruleComponents } from "../core/contracts/report.js";
import type { MetricName, Report, ReportMetrics, Verdict } from "../core/contracts/report.js";
import { buildContext } from "./context.js";
import type { AnalysisLog } from "./log/analysis-log.js";
import { isComputed, unavailableReason } from "./metrics/metric-definition.js";
import type { Diagnosis } from "./metrics/metric-definition.js";
import type { AnalysisContext } from "./metrics/metric-types.js";
import { metricRegistry } from "./metrics/registry.js";
import { bootstrapResamples } from "./stats/bootstrap.js";
import { decideAll } from "./stats/verdict.js";
import type { DiagnosticRule } from "../core/contracts/report.js";
import { hashingEmbedderName } from "./text/embedder.js";
import type { Embedder } from "./text/embedder.js";

export interface AnalyzeOptions {
  readonly seed: number;
  /** Where the log came from, as the report names it. */
  readonly source: string;
  /** Wall-clock source for the timings section only; injectable so tests stay clock-free. */
  readonly now?: () => number;
  /** Bootstrap resamples per component (default `bootstrapResamples`; measurements vary it). */
  readonly resamples?: number;
}

/** A diagnostic of one report: its rule, and its bootstrap input or why the metric is unavailable. */
interface Diagnostic extends Diagnosis {
  readonly rule: DiagnosticRule;
  readonly unavailable: string | null;
}

function computeMetric<N extends MetricName>(name: N, ctx: AnalysisContext): ReportMetrics[N] {
  return metricRegistry[name].compute(ctx);
}

function diagnosticOf<N extends MetricName>(name: N, ctx: AnalysisContext, result: ReportMetrics[N]): Diagnostic | null {
  const verdict = metricRegistry[name].verdict;
  if (!verdict) return null;
  if (isComputed<N>(result)) return { rule: verdict.rule, ...verdict.diagnose(ctx, result) };
  return { rule: verdict.rule, unavailable: unavailableReason(result) ?? "unavailable", n: 0, bootstrap: () => [] };
}

/**
 * Every delta was derived under the default embedder; under another one the cosine-unit deltas of
 * the text diagnostics may mean something else (docs/metrics.md, "Text vectors"), and the verdict says so.
 */
function otherEmbedderNote(name: string): string {
  return ` (deltas were derived under ${hashingEmbedderName}, not ${name}: derive them for this embedder with murmur calibrate --embedder-url)`;
}

/**
 * The whole docs/metrics.md contract on one log: every registered metric, then a verdict per
 * diagnostic from an agent-clustered bootstrap per component, decided on Holm-adjusted p-values. Pure apart from
 * the embedder.
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

  // The metrics with a verdict run first - the order `timings` has always listed them in.
  const withVerdict = metricNames.filter((name) => metricRegistry[name].verdict);
  const computeOrder = [...withVerdict, ...metricNames.filter((name) => !metricRegistry[name].verdict)];
  const results = new Map<MetricName, ReportMetrics[MetricName]>();
  for (const name of computeOrder)
    results.set(
      name,
      timed(name, () => computeMetric(name, ctx)),
    );
  // Keys in report order; every name was computed just above.
  const metrics = Object.fromEntries(metricNames.map((name) => [name, results.get(name)])) as ReportMetrics;

  const diagnostics = withVerdict.flatMap((name) => diagnosticOf(name, ctx, metrics[name]) ?? []);
  const resamples = options.resamples ?? bootstrapResamples;
  const verdicts: Verdict[] = timed("verdicts", () =>
    decideAll(
      diagnostics.map(({ rule, unavailable, n, bootstrap }) => ({
        rule,
        unavailable,
        n,
        components: unavailable === null ? bootstrap(options.seed, resamples) : [],
      })),
    ),
  );

  return {
    formatVersion: 1,
    source: options.source,
    embedder: embedder.name,
    deltasEmbedder: hashingEmbedderName,
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
    verdicts: verdicts.map((v, i) =>
      embedder.name !== hashingEmbedderName && diagnostics[i]?.rule.embedderDependent ? { ...v, reason: `${v.reason}${otherEmbedderNote(embedder.name)}` } : v,
    ),
    rules: diagnostics.map(({ rule }) => ({
      metric: rule.metric,
      ...(rule.delta === undefined ? {} : { delta: rule.delta }),
      components: [...ruleComponents(rule)],
      minN: rule.minN,
      why: rule.why,
    })),
    timings,
  };
}
