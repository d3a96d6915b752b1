import type { AgentValues } from "../../core/contracts/report-metrics.js";

/**
 * What a metric shows in report.html, as plain data: the analysis says which series, bands and
 * tables to draw, and report/ turns them into SVG and HTML. Keeps the metrics free of markup.
 */

export interface LinePoint {
  readonly x: number;
  readonly y: number | null;
}

export interface LineSeries {
  readonly name: string;
  readonly points: readonly LinePoint[];
}

export interface BandPoint {
  readonly x: number;
  readonly lo: number;
  readonly hi: number;
}

/** Lines over x (windows, ranks, agents) with an optional shaded placebo or null band. */
export interface LineChartSpec {
  readonly kind: "line";
  readonly title: string;
  readonly series: readonly LineSeries[];
  readonly band?: { readonly name: string; readonly points: readonly BandPoint[] } | undefined;
  readonly xLabel: string;
  /** What the y axis measures, with its unit. */
  readonly yLabel: string;
}

/** A matrix as coloured cells; null cells are left blank. */
export interface HeatmapSpec {
  readonly kind: "heatmap";
  readonly title: string;
  readonly matrix: readonly (readonly (number | null)[])[];
  readonly label: string;
}

/** A paragraph of plain text. */
export interface TextSpec {
  readonly kind: "text";
  readonly text: string;
}

/** A table of plain-text cells. */
export interface TableSpec {
  readonly kind: "table";
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export type ChartSpec = LineChartSpec | HeatmapSpec | TextSpec | TableSpec;

/** One metric's section of the report: a title, an optional note, and its blocks in order. */
export interface SectionSpec {
  readonly title: string;
  readonly blocks: readonly ChartSpec[];
  readonly note?: string | undefined;
}

/** One value per window, x = window index. */
export function windowSeries(name: string, values: readonly (number | null)[]): LineSeries {
  return { name, points: values.map((y, x) => ({ x, y })) };
}

/** One series per named accessor over the same per-window rows. */
export function seriesOf<W>(rows: readonly W[], accessors: Readonly<Record<string, (row: W) => number | null>>): LineSeries[] {
  return Object.entries(accessors).map(([name, read]) => windowSeries(name, rows.map(read)));
}

const plainMean = (values: readonly number[]): number =>
  values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;

/** Per-agent means of a diagnostic, sorted, against the equivalence band (-delta, +delta). */
export function agentEffectChart(
  title: string,
  perAgent: readonly AgentValues[],
  delta: number,
  yLabel = "effect per agent",
): LineChartSpec {
  const means = perAgent
    .map((a) => plainMean(a.values))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const points = means.map((y, x) => ({ x: x + 1, y }));
  return {
    kind: "line",
    title,
    series: [{ name: "agent mean (sorted)", points }],
    band: {
      name: "equivalence band ±delta",
      points:
        points.length > 0
          ? [
              { x: 1, lo: -delta, hi: delta },
              { x: points.length, lo: -delta, hi: delta },
            ]
          : [],
    },
    xLabel: "agents, sorted by effect",
    yLabel,
  };
}
