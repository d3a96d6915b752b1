import { meanInterval } from "../../analysis/stats/mean-interval.js";
import type { ReportSummary } from "../report-summary.js";
import type { ConditionGroups } from "./conditions.js";

/**
 * What a comparison plots: per diagnostic component, one point per condition and size. Seeds of
 * one condition and size are aggregated - their mean with a t interval across seeds, since each
 * seed is one independent draw of the society - and a single seed keeps its own bootstrap 95 % CI.
 * Every component is its own panel: effects of different components have different units.
 */

export interface EffectPoint {
  readonly agents: number;
  readonly seeds: readonly number[];
  readonly estimate: number;
  /** 95 % interval: the t interval over seeds, or the one run's bootstrap CI. */
  readonly ci: readonly [number, number] | null;
  readonly interval: "over seeds" | "bootstrap";
  /** Runs per verdict label at this point. */
  readonly verdicts: Readonly<Record<string, number>>;
}

export interface ConditionSeries {
  readonly condition: string;
  readonly points: readonly EffectPoint[];
}

export interface ComponentPanel {
  readonly metric: string;
  readonly component: string;
  readonly delta: number | null;
  readonly unit: string;
  readonly series: readonly ConditionSeries[];
}

type Summary = Pick<ReportSummary, "verdicts" | "rules">;
type VerdictRow = ReportSummary["verdicts"][number];

/** A verdict's components; a report written before components existed has its one effect as "primary". */
function componentsOf(
  verdict: VerdictRow,
): readonly { name: string; effect: number; ci95: readonly [number, number] | null; delta: number }[] {
  if (verdict.components) return verdict.components;
  return verdict.effect === null ? [] : [{ name: "primary", effect: verdict.effect, ci95: verdict.ci, delta: verdict.delta }];
}

/** The panels of a comparison, diagnostics and components in the order the reports give them. */
export function comparisonPanels(groups: ConditionGroups<Summary>): ComponentPanel[] {
  const reports = groups.conditions.flatMap((c) => c.runs.map((r) => r.report));
  const pairs = new Map<string, { metric: string; component: string }>();
  for (const report of reports) {
    for (const verdict of report.verdicts) {
      for (const component of componentsOf(verdict))
        pairs.set(`${verdict.metric}\u0000${component.name}`, { metric: verdict.metric, component: component.name });
    }
  }
  return [...pairs.values()].map(({ metric, component }) => {
    const rule = reports.flatMap((r) => r.rules ?? []).find((x) => x.metric === metric);
    const ruleComponent = rule?.components?.find((c) => c.name === component);
    const seen = reports
      .flatMap((r) => r.verdicts.filter((v) => v.metric === metric).flatMap(componentsOf))
      .find((c) => c.name === component);
    return {
      metric,
      component,
      delta: ruleComponent?.delta ?? seen?.delta ?? null,
      unit: ruleComponent?.unit ?? "",
      series: groups.conditions.map((condition) => ({
        condition: condition.label,
        points: pointsOf(condition.runs, metric, component),
      })),
    };
  });
}

interface RunOfCondition {
  readonly agents: number;
  readonly seed: number;
  readonly report: Summary;
}

function pointsOf(runs: readonly RunOfCondition[], metric: string, component: string): EffectPoint[] {
  const sizes = [...new Set(runs.map((r) => r.agents))].sort((a, b) => a - b);
  return sizes.flatMap((agents): EffectPoint[] => {
    const cells = runs
      .filter((r) => r.agents === agents)
      .flatMap((r) => {
        const verdict = r.report.verdicts.find((v) => v.metric === metric);
        const part = verdict ? componentsOf(verdict).find((c) => c.name === component) : undefined;
        return verdict && part && Number.isFinite(part.effect)
          ? [{ seed: r.seed, verdict: verdict.verdict, effect: part.effect, ci: part.ci95 }]
          : [];
      })
      .sort((a, b) => a.seed - b.seed);
    const first = cells[0];
    if (first === undefined) return [];
    const verdicts: Record<string, number> = {};
    for (const cell of cells) verdicts[cell.verdict] = (verdicts[cell.verdict] ?? 0) + 1;
    const seeds = cells.map((c) => c.seed);
    if (cells.length === 1) return [{ agents, seeds, estimate: first.effect, ci: first.ci, interval: "bootstrap" as const, verdicts }];
    const across = meanInterval(cells.map((c) => c.effect));
    if (across === null) return [];
    return [{ agents, seeds, estimate: across.mean, ci: across.ci, interval: "over seeds" as const, verdicts }];
  });
}
