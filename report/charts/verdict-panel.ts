import { scaleLinear } from "d3";
import { escapeXml, formatNumber, svgOpen } from "./svg.js";
import type { VerdictRow } from "../report-summary.js";

const verdictColor = { emerged: "#2f9e44", negligible: "#e8590c", absent: "#1c7ed6", inconclusive: "#868e96" } as const;

/**
 * The verdict panel: per diagnostic, the effect with its 95 % CI, drawn in units of that
 * diagnostic's smallest effect of interest (delta), with the equivalence band (-delta, +delta).
 */
export function verdictPanel(rows: readonly VerdictRow[]): string {
  const rowHeight = 30;
  const frame = { width: 760, height: 56 + rows.length * rowHeight, margin: { top: 36, right: 250, bottom: 20, left: 170 } };
  const scaled = rows.map((r) => ({
    row: r,
    effect: r.effect === null ? null : r.effect / r.delta,
    lo: r.ci ? r.ci[0] / r.delta : null,
    hi: r.ci ? r.ci[1] / r.delta : null,
  }));
  const extent = Math.max(
    2,
    ...scaled.flatMap((s) => [s.lo, s.hi, s.effect].filter((v): v is number => v !== null && Number.isFinite(v)).map(Math.abs)),
  );
  const x = scaleLinear()
    .domain([-Math.min(extent, 10), Math.min(extent, 10)])
    .range([frame.margin.left, frame.width - frame.margin.right])
    .clamp(true);
  const top = frame.margin.top;
  const bottom = frame.height - frame.margin.bottom;
  const parts = [svgOpen(frame, "Verdicts (effect / delta, 95% CI)")];
  parts.push(
    `<rect x="${x(-1)}" y="${top - 6}" width="${x(1) - x(-1)}" height="${bottom - top + 6}" fill="#e7f5ff"><title>equivalence band (-delta, +delta)</title></rect>`,
  );
  parts.push(`<line x1="${x(0)}" x2="${x(0)}" y1="${top - 6}" y2="${bottom}" stroke="#adb5bd"/>`);
  for (const tick of [-1, 1])
    // Anchored away from the band's centre, so the two labels never overlap on a narrow band.
    parts.push(
      `<text x="${x(tick)}" y="${top - 10}" text-anchor="${tick > 0 ? "start" : "end"}" fill="#495057">${tick > 0 ? "+" : "-"}delta</text>`,
    );
  scaled.forEach(({ row, effect, lo, hi }, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    const color = verdictColor[row.verdict];
    parts.push(`<g class="verdict" data-metric="${escapeXml(row.metric)}" data-verdict="${row.verdict}">`);
    parts.push(`<text x="${frame.margin.left - 8}" y="${cy + 4}" text-anchor="end" fill="#212529">${escapeXml(row.metric)}</text>`);
    if (lo !== null && hi !== null && Number.isFinite(lo) && Number.isFinite(hi)) {
      parts.push(`<line x1="${x(lo)}" x2="${x(hi)}" y1="${cy}" y2="${cy}" stroke="${color}" stroke-width="3"/>`);
    }
    if (effect !== null && Number.isFinite(effect)) parts.push(`<circle cx="${x(effect)}" cy="${cy}" r="5" fill="${color}"/>`);
    const label = `${row.verdict}${row.effect === null ? "" : `, effect ${formatNumber(row.effect)}`}, n = ${row.n}`;
    parts.push(
      `<text x="${frame.width - frame.margin.right + 10}" y="${cy + 4}" fill="${color}"><title>${escapeXml(row.reason)}</title>${escapeXml(label)}</text></g>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}
