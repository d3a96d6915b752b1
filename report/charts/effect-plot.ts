import { scaleLinear, scaleLog } from "d3";
import type { ScaleLinear, ScaleLogarithmic } from "d3";
import { colorAt, escapeXml, formatNumber, svgOpen } from "./svg.js";
import type { ChartFrame } from "./svg.js";
import type { ConditionSeries } from "../comparison/effect-points.js";

export interface EffectPlotOptions {
  readonly title: string;
  /** The effect's unit, the y axis label. */
  readonly unit: string;
  /** The component's smallest effect of interest: +-delta is shaded, +delta dashed. */
  readonly delta: number | null;
  readonly series: readonly ConditionSeries[];
}

const width = 640;
const plotHeight = 250;
const legendRow = 16;

/**
 * Effects against population size: one point per condition and size with its 95 % interval as an
 * error bar, N on a log axis labelled in agents, the +-delta band shaded. A line joins the points
 * of one condition only (the same config at different sizes), never two conditions; a lone point
 * is drawn as a point. Conditions at the same size are dodged sideways so their bars stay apart.
 */
export function effectPlot(options: EffectPlotOptions): string {
  const series = options.series.filter((s) => s.points.length > 0);
  const top = 28 + legendRow * Math.max(1, series.length);
  const frame: ChartFrame = { width, height: top + plotHeight, margin: { top, right: 20, bottom: 44, left: 70 } };
  const { margin } = frame;
  const points = series.flatMap((s) => s.points);
  if (points.length === 0)
    return `${svgOpen(frame, options.title)}<text x="${width / 2}" y="${frame.height / 2}" text-anchor="middle" fill="#868e96">no analysed run has this component</text></svg>`;
  const sizes = [...new Set(points.map((p) => p.agents))].sort((a, b) => a - b);
  const lo = sizes[0] ?? 1;
  const hi = sizes[sizes.length - 1] ?? lo;
  const x = scaleLog()
    .domain(lo === hi ? [lo / 2, hi * 2] : [lo / 1.3, hi * 1.3])
    .range([margin.left, width - margin.right]);
  const delta = options.delta ?? 0;
  const ys = [0, delta, -delta, ...points.flatMap((p) => [p.estimate, ...(p.ci ?? [])])].filter(Number.isFinite);
  const y = scaleLinear()
    .domain([Math.min(...ys), Math.max(...ys)])
    .nice()
    .range([frame.height - margin.bottom, margin.top]);
  const parts: string[] = [svgOpen(frame, options.title)];
  parts.push(...axes(x, y, sizes, frame, options.unit));
  if (options.delta !== null && options.delta > 0) {
    parts.push(
      `<rect class="delta-band" x="${margin.left}" width="${width - margin.left - margin.right}" y="${y(delta)}" height="${Math.max(0, y(-delta) - y(delta))}" fill="#adb5bd" fill-opacity="0.25"><title>within +-delta (${formatNumber(delta)}): smaller than the smallest effect of interest</title></rect>`,
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(delta)}" y2="${y(delta)}" stroke="#868e96" stroke-dasharray="5 4"/><text x="${width - margin.right - 4}" y="${y(delta) - 4}" text-anchor="end" fill="#495057">delta ${formatNumber(delta)}</text>`,
    );
  }
  parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(0)}" y2="${y(0)}" stroke="#495057"/>`);
  const dodge = (i: number): number => (series.length > 1 ? (i - (series.length - 1) / 2) * Math.min(10, 40 / series.length) : 0);
  series.forEach((s, i) => {
    const color = colorAt(i);
    const at = (agents: number): number => x(agents) + dodge(i);
    if (s.points.length > 1) {
      const path = s.points.map((p, k) => `${k === 0 ? "M" : "L"}${at(p.agents)},${y(p.estimate)}`).join("");
      parts.push(`<path class="condition-line" d="${path}" fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="0.7"/>`);
    }
    for (const p of s.points) {
      const cx = at(p.agents);
      const title = `${s.condition} - N ${p.agents}, ${p.seeds.length === 1 ? `seed ${p.seeds[0] ?? ""}` : `${p.seeds.length} seeds`}: ${formatNumber(p.estimate)}${p.ci ? ` [${formatNumber(p.ci[0])}, ${formatNumber(p.ci[1])}] (${p.interval === "bootstrap" ? "bootstrap 95 % CI" : "95 % t interval over seeds"})` : ""}; ${Object.entries(
        p.verdicts,
      )
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}`;
      if (p.ci)
        parts.push(
          `<line class="error-bar" x1="${cx}" x2="${cx}" y1="${y(p.ci[0])}" y2="${y(p.ci[1])}" stroke="${color}" stroke-width="2"/>`,
        );
      parts.push(
        `<circle class="effect-point" cx="${cx}" cy="${y(p.estimate)}" r="${p.seeds.length > 1 ? 5 : 4}" fill="${color}"><title>${escapeXml(title)}</title></circle>`,
      );
    }
    parts.push(
      `<rect x="${margin.left}" y="${26 + legendRow * i}" width="10" height="10" fill="${color}"/><text x="${margin.left + 14}" y="${35 + legendRow * i}" fill="#212529">${escapeXml(s.condition)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

function axes(
  x: ScaleLogarithmic<number, number>,
  y: ScaleLinear<number, number>,
  sizes: readonly number[],
  frame: ChartFrame,
  unit: string,
): string[] {
  const { margin, height } = frame;
  const parts: string[] = [];
  for (const tick of y.ticks(5)) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e9ecef"/><text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end" fill="#495057">${formatNumber(tick)}</text>`,
    );
  }
  // Ticks at the sizes that were run, in agents: a log axis labelled in log10 units reads wrong.
  for (const agents of sizes) {
    parts.push(
      `<line x1="${x(agents)}" x2="${x(agents)}" y1="${height - margin.bottom}" y2="${height - margin.bottom + 4}" stroke="#495057"/><text x="${x(agents)}" y="${height - margin.bottom + 16}" text-anchor="middle" fill="#495057">${agents.toLocaleString("en-US")}</text>`,
    );
  }
  parts.push(
    `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 8}" text-anchor="middle" fill="#495057">agents (N, log scale)</text>`,
    `<text transform="translate(14 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#495057">${escapeXml(unit === "" ? "effect" : truncate(unit, 48))}</text>`,
  );
  return parts;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
