import type { DiagnosticRule, MetricName, ReportMetrics } from "../../core/contracts/report.js";
import type { Unavailable } from "../../core/contracts/report-metrics.js";
import type { SectionSpec } from "./chart-spec.js";
import { clusteredBootstrap } from "../stats/bootstrap.js";
import type { BootstrapResult } from "../stats/bootstrap.js";
import type { AnalysisContext, DiagnosticInput } from "./metric-types.js";

/** A metric's result when it could be computed. */
export type Computed<N extends MetricName> = Exclude<ReportMetrics[N], Unavailable>;

/** What report.html needs beside the result: the delta of the metric's rule as report.json states it. */
export interface RenderContext {
  readonly delta: number;
}

/**
 * One metric, as its folder defines it: the name report.json keys it by, how it is computed, its
 * verdict (the rule and the units the bootstrap resamples) when it has one, and what report.html
 * shows of it - a plain section spec, drawn by report/.
 */
export interface MetricDefinition<N extends MetricName, U> {
  readonly name: N;
  readonly compute: (ctx: AnalysisContext) => ReportMetrics[N];
  readonly verdict?: {
    readonly rule: DiagnosticRule;
    readonly diagnose: (ctx: AnalysisContext, result: Computed<N>) => DiagnosticInput<U>;
  };
  readonly render: (result: Computed<N>, context: RenderContext) => SectionSpec;
}

/** A verdict's input with its unit type erased: how many units qualify and their bootstrap. */
export interface Diagnosis {
  /** Qualifying units. */
  readonly n: number;
  /** The agent-clustered bootstrap of the primary statistic (null without units). */
  readonly bootstrap: (seed: number) => BootstrapResult | null;
}

/** A registered metric: its definition with the verdict's unit type erased, so all fit one registry. */
export interface RegisteredMetric<N extends MetricName> {
  readonly name: N;
  readonly compute: (ctx: AnalysisContext) => ReportMetrics[N];
  readonly verdict?: {
    readonly rule: DiagnosticRule;
    readonly diagnose: (ctx: AnalysisContext, result: Computed<N>) => Diagnosis;
  };
  readonly render: (result: Computed<N>, context: RenderContext) => SectionSpec;
}

export function defineMetric<N extends MetricName, U = never>(definition: MetricDefinition<N, U>): RegisteredMetric<N> {
  const { verdict } = definition;
  if (!verdict) return { name: definition.name, compute: definition.compute, render: definition.render };
  return {
    ...definition,
    verdict: {
      rule: verdict.rule,
      diagnose: (ctx, result) => {
        const input = verdict.diagnose(ctx, result);
        return {
          n: input.units.length,
          bootstrap: (seed) => (input.units.length > 0 ? clusteredBootstrap(input.units, input.statistic, seed) : null),
        };
      },
    },
  };
}

/** Whether a metric's result was computed (structure always is: it has no `available` flag). */
export function isComputed<N extends MetricName>(result: ReportMetrics[N]): result is Computed<N> {
  return !("available" in result) || result.available;
}

/** Why a metric's result is unavailable, or null when it was computed. */
export function unavailableReason(result: ReportMetrics[MetricName]): string | null {
  return "available" in result && !result.available ? result.reason : null;
}
