import { scaleLinear } from "d3";
import { defaultFrame, emptyChart, escapeXml, formatNumber, svgOpen } from "./svg.js";
import type { ChartFrame } from "./svg.js";

export interface HeatmapOptions {
  readonly title: string;
  /** Square or rectangular matrix; null cells are left blank. */
  readonly matrix: readonly (readonly (number | null)[])[];
  readonly label: string;
  readonly frame?: ChartFrame | undefined;
}

/** A matrix of values in [min, max] as coloured cells (e.g. cos between window centroids). */
export function heatmap(options: HeatmapOptions): string {
  const frame = options.frame ?? { ...defaultFrame, width: 320, height: 320 };
  const rows = options.matrix.length;
  const cols = Math.max(0, ...options.matrix.map((r) => r.length));
  const values = options.matrix.flatMap((r) => r.filter((v): v is number => v !== null && Number.isFinite(v)));
  if (rows === 0 || values.length === 0) return emptyChart(options.title, "no data", frame);
  const { margin } = frame;
  const cellW = (frame.width - margin.left - margin.right) / cols;
  const cellH = (frame.height - margin.top - margin.bottom) / rows;
  const color = scaleLinear<string>()
    .domain([Math.min(...values), Math.max(...values)])
    .range(["#f1f3f5", "#364fc7"]);
  const parts = [svgOpen(frame, options.title)];
  options.matrix.forEach((row, i) =>
    row.forEach((value, j) => {
      if (value === null || !Number.isFinite(value)) return;
      parts.push(
        `<rect class="cell" x="${margin.left + j * cellW}" y="${margin.top + i * cellH}" width="${cellW}" height="${cellH}" fill="${color(value)}"><title>${i}, ${j}: ${formatNumber(value)}</title></rect>`,
      );
    }),
  );
  parts.push(
    `<text x="${margin.left}" y="${frame.height - 10}" fill="#495057">${escapeXml(options.label)} (range ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))})</text></svg>`,
  );
  return parts.join("");
}
