import { area, line, scaleLinear } from "d3";
import { colorAt, defaultFrame, emptyChart, escapeXml, formatNumber, svgOpen } from "./svg.js";
import type { ChartFrame } from "./svg.js";
import type { BandPoint, LinePoint, LineSeries } from "../../analysis/metrics/chart-spec.js";

export interface LineChartOptions {
  readonly title: string;
  readonly series: readonly LineSeries[];
  /** A placebo or null band drawn behind the series. */
  readonly band?: { readonly name: string; readonly points: readonly BandPoint[] } | undefined;
  readonly xLabel: string;
  readonly yLabel?: string | undefined;
  readonly frame?: ChartFrame | undefined;
}

/** Series up to this many points also get a dot per point. */
const maxDottedPoints = 30;

/** Lines over x (e.g. windows or rounds) with an optional shaded band (placebo / null range). */
export function lineChart(options: LineChartOptions): string {
  const frame = options.frame ?? defaultFrame;
  const points = options.series.flatMap((s) => s.points.filter((p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.y)));
  const bandPoints = options.band?.points ?? [];
  if (points.length === 0) return emptyChart(options.title, "no data", frame);
  const { margin } = frame;
  const xs = [...points.map((p) => p.x), ...bandPoints.map((p) => p.x)];
  const ys = [...points.map((p) => p.y), ...bandPoints.flatMap((p) => [p.lo, p.hi])];
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const x = scaleLinear()
    .domain([xMin, xMax === xMin ? xMin + 1 : xMax])
    .range([margin.left, frame.width - margin.right]);
  const y = scaleLinear()
    .domain([Math.min(0, ...ys), Math.max(...ys)])
    .nice()
    .range([frame.height - margin.bottom, margin.top]);
  const parts: string[] = [svgOpen(frame, options.title)];
  for (const tick of y.ticks(5)) {
    parts.push(
      `<line x1="${margin.left}" x2="${frame.width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e9ecef"/><text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end" fill="#495057">${formatNumber(tick)}</text>`,
    );
  }
  // Rounds and windows are whole numbers: no tick at 0.5 of a round.
  const wholeX = xs.every(Number.isInteger);
  for (const tick of x.ticks(Math.min(8, Math.max(2, xMax - xMin))).filter((t) => !wholeX || Number.isInteger(t))) {
    parts.push(
      `<text x="${x(tick)}" y="${frame.height - margin.bottom + 16}" text-anchor="middle" fill="#495057">${formatNumber(tick)}</text>`,
    );
  }
  parts.push(
    `<text x="${(margin.left + frame.width - margin.right) / 2}" y="${frame.height - 6}" text-anchor="middle" fill="#495057">${escapeXml(options.xLabel)}</text>`,
  );
  if (options.yLabel) {
    parts.push(
      `<text transform="translate(12 ${(margin.top + frame.height - margin.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#495057">${escapeXml(options.yLabel)}</text>`,
    );
  }
  if (bandPoints.length > 0) {
    const path = area<BandPoint>()
      .x((p) => x(p.x))
      .y0((p) => y(p.lo))
      .y1((p) => y(p.hi))(bandPoints);
    parts.push(
      `<path class="band" d="${path ?? ""}" fill="#adb5bd" fill-opacity="0.35"><title>${escapeXml(options.band?.name ?? "")}</title></path>`,
    );
  }
  options.series.forEach((series, i) => {
    const path = line<LinePoint>()
      .defined((p) => p.y !== null && Number.isFinite(p.y))
      .x((p) => x(p.x))
      .y((p) => y(p.y ?? 0))(series.points);
    parts.push(
      `<path class="series" d="${path ?? ""}" fill="none" stroke="${colorAt(i)}" stroke-width="2"><title>${escapeXml(series.name)}</title></path>`,
    );
    // A line needs two points: a lone point (round 1 of a live run, one size) would draw nothing,
    // so short series are drawn as points too.
    const defined = series.points.filter((p): p is { x: number; y: number } => p.y !== null && Number.isFinite(p.y));
    if (defined.length <= maxDottedPoints) {
      for (const p of defined) {
        parts.push(
          `<circle class="series-point" cx="${x(p.x)}" cy="${y(p.y)}" r="3" fill="${colorAt(i)}"><title>${escapeXml(`${series.name}: ${formatNumber(p.y)} at ${formatNumber(p.x)}`)}</title></circle>`,
        );
      }
    }
  });
  const legend = [
    ...options.series.map((s, i) => ({ name: s.name, color: colorAt(i) })),
    ...(options.band ? [{ name: options.band.name, color: "#adb5bd" }] : []),
  ];
  // One row above the plot, so the legend never hides a line.
  let lx = margin.left;
  for (const entry of legend) {
    parts.push(
      `<rect x="${lx}" y="${margin.top - 18}" width="10" height="10" fill="${entry.color}"/><text x="${lx + 14}" y="${margin.top - 9}" fill="#212529">${escapeXml(entry.name)}</text>`,
    );
    lx += 24 + 6.5 * entry.name.length;
  }
  parts.push("</svg>");
  return parts.join("");
}
