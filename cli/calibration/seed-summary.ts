import { verdictValueSchema } from "../../core/contracts/report.js";
import { clopperPearson } from "../../analysis/stats/binomial-interval.js";
import { meanInterval } from "../../analysis/stats/mean-interval.js";
import type { MeanInterval } from "../../analysis/stats/mean-interval.js";

/** Every verdict label report.json can hold, in the contract's order (new labels appear by themselves). */
export const verdictLabels: readonly string[] = verdictValueSchema.options;

/** One run's verdict on one diagnostic, as the summaries need it. */
export interface VerdictCell {
  readonly metric: string;
  readonly verdict: string;
  /** The deciding component's effect (which component decides can differ from run to run). */
  readonly effect: number | null;
  /** Every component's effect (absent in reports written before components existed). */
  readonly components?: readonly { readonly name: string; readonly effect: number }[] | undefined;
}

/** One component's effect across the seeds of a configuration. */
export interface ComponentAcrossSeeds {
  readonly component: string;
  /** Mean, sd and 95 % t interval over the runs that have the component. */
  readonly effect: MeanInterval | null;
}

/** A diagnostic over the seeds of one configuration (one family, size, knob strength). */
export interface DiagnosticAcrossSeeds {
  readonly metric: string;
  readonly runs: number;
  /** Runs per verdict label; a run without this diagnostic counts as `missing`. */
  readonly counts: Readonly<Record<string, number>>;
  readonly emerged: number;
  /** The share of runs that read `emerged`, with its 95 % Clopper-Pearson interval. */
  readonly emergedRate: number;
  readonly emergedCi: readonly [number, number];
  /**
   * Each component's effect across the runs, component by component - never the deciding
   * component's effect averaged, which would mix units when different components decide.
   */
  readonly effects: readonly ComponentAcrossSeeds[];
}

/** A run's component effects; a report without components gives its one effect as "effect". */
function componentEffects(cell: VerdictCell): readonly { readonly name: string; readonly effect: number | null }[] {
  return cell.components ?? [{ name: "effect", effect: cell.effect }];
}

/** Diagnostics in the order the runs report them (the union, first seen first). */
export function diagnosticsOf(runs: readonly (readonly VerdictCell[])[]): string[] {
  return [...new Set(runs.flatMap((verdicts) => verdicts.map((v) => v.metric)))];
}

/**
 * Per diagnostic, over runs that differ only in their seed: how many read each verdict, the
 * emerged rate with its interval, and the mean effect with a t interval across seeds.
 */
export function summarizeAcrossSeeds(runs: readonly (readonly VerdictCell[])[], metrics = diagnosticsOf(runs)): DiagnosticAcrossSeeds[] {
  return metrics.map((metric) => {
    const cells = runs.map((verdicts) => verdicts.find((v) => v.metric === metric) ?? null);
    const counts: Record<string, number> = Object.fromEntries(verdictLabels.map((label) => [label, 0]));
    for (const cell of cells) {
      const label = cell?.verdict ?? "missing";
      counts[label] = (counts[label] ?? 0) + 1;
    }
    const emerged = counts["emerged"] ?? 0;
    const present = cells.flatMap((c) => (c ? componentEffects(c) : []));
    const names = [...new Set(present.map((c) => c.name))];
    const effects = names.map((component) => ({
      component,
      effect: meanInterval(
        present.flatMap((c) => (c.name === component && c.effect !== null && Number.isFinite(c.effect) ? [c.effect] : [])),
      ),
    }));
    return {
      metric,
      runs: runs.length,
      counts,
      emerged,
      emergedRate: runs.length > 0 ? emerged / runs.length : 0,
      emergedCi: runs.length > 0 ? clopperPearson(emerged, runs.length) : [0, 1],
      effects,
    };
  });
}
