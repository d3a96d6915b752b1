import type { DiagnosticRule, MetricName, ReportMetrics } from "../../core/contracts/report.js";
import type { Unavailable } from "../../core/contracts/report-metrics.js";
import type { SectionSpec } from "./chart-spec.js";
import { primaryComponentName, ruleComponents } from "../../core/contracts/report.js";
import { bootstrapResamples, clusteredBootstrap } from "../stats/bootstrap.js";
import type { BootstrapResult } from "../stats/bootstrap.js";
import type { AnalysisContext, DiagnosticInput, PrimaryComponent } from "./metric-types.js";

/** A metric's result when it could be computed. */
export type Computed<N extends MetricName> = Exclude<ReportMetrics[N], Unavailable>;

/** What report.html needs beside the result: the deltas of the metric's rule as report.json states them. */
export interface RenderContext {
  /** The single delta, or the first component's. */
  readonly delta: number;
  /** Every component's delta by component name ("primary" for a single-delta rule). */
  readonly deltas: Readonly<Record<string, number>>;
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

/** One component's bootstrap, by the component's name. */
export interface ComponentBootstrap {
  readonly name: string;
  /** Units this component resamples. */
  readonly n: number;
  /** Null when the component has no units or no finite replicate. */
  readonly result: BootstrapResult | null;
}

/** A verdict's input with its unit type erased: how many units qualify and each component's bootstrap. */
export interface Diagnosis {
  /** Qualifying units: the fewest over the components. */
  readonly n: number;
  /** Why no verdict can be given although the metric was computed, or null. */
  readonly unavailable: string | null;
  /** Each component's agent-clustered bootstrap, its random streams derived from the analysis seed. */
  readonly bootstrap: (seed: number, resamples?: number) => readonly ComponentBootstrap[];
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

/** The components of a diagnostic input; the `{ units, statistic }` shorthand is one named "primary". */
export function componentsOf<U>(input: DiagnosticInput<U>): readonly PrimaryComponent<U>[] {
  if ("components" in input) return input.components;
  return [{ name: primaryComponentName, ...input }];
}

/** The component of a one-component input (the shorthand or a single named one); throws otherwise. */
export function onlyComponent<U>(input: DiagnosticInput<U>): PrimaryComponent<U> {
  const [first, ...rest] = componentsOf(input);
  if (!first || rest.length > 0) throw new Error("expected exactly one component");
  return first;
}

/**
 * A component whose units are of its own type, in a diagnostic whose components resample different
 * units (e.g. drift directions and pull values). Sound because the bootstrap only ever hands a
 * component's statistic resamples of that component's own units.
 */
export function withOwnUnits<U>(component: PrimaryComponent<U>): PrimaryComponent<unknown> {
  const { statistic } = component;
  return { ...component, statistic: (sample) => statistic(sample as readonly U[]) };
}

/** Erases a diagnostic input's unit type: its size and a bootstrap per component on its own stream. */
export function diagnosisOf<U>(metric: string, input: DiagnosticInput<U>): Diagnosis {
  const components = componentsOf(input);
  return {
    n: components.length === 0 ? 0 : Math.min(...components.map((c) => c.units.length)),
    unavailable: "components" in input ? (input.unavailable ?? null) : null,
    bootstrap: (seed, resamples = bootstrapResamples) =>
      components.map((c) => ({
        name: c.name,
        n: c.units.length,
        result:
          c.units.length > 0
            ? clusteredBootstrap(c.units, c.statistic, { seed, key: `${metric}/${c.name}` }, resamples, c.referenceError)
            : null,
      })),
  };
}

export function defineMetric<N extends MetricName, U = never>(definition: MetricDefinition<N, U>): RegisteredMetric<N> {
  const { verdict } = definition;
  if (!verdict) return { name: definition.name, compute: definition.compute, render: definition.render };
  return {
    ...definition,
    verdict: { rule: verdict.rule, diagnose: (ctx, result) => diagnosisOf(definition.name, verdict.diagnose(ctx, result)) },
  };
}

/** The render context of a rule: its deltas by component name. */
export function renderContextOf(rule: DiagnosticRule | undefined): RenderContext {
  const components = rule ? ruleComponents(rule) : [];
  return {
    delta: rule?.delta ?? components[0]?.delta ?? 0,
    deltas: Object.fromEntries(components.map((c) => [c.name, c.delta])),
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
