/**
 * Charts are factories over plain data that return SVG markup (docs/style.md section 9): the same code draws
 * the offline report (Node) and the pages (browser). Renderers never fetch.
 */
import { formatNumber } from "../../analysis/metrics/format-number.js";

// Number formatting is shared with the analysis, whose chart specs carry formatted labels.
export { formatNumber };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

export interface ChartFrame {
  readonly width: number;
  readonly height: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
}

export const defaultFrame: ChartFrame = { width: 560, height: 280, margin: { top: 48, right: 16, bottom: 40, left: 56 } };

export const palette = ["#3b5bdb", "#e8590c", "#2f9e44", "#ae3ec9", "#1098ad", "#f08c00", "#c2255c", "#5c940d"] as const;

export function colorAt(index: number): string {
  return palette[index % palette.length] ?? "#3b5bdb";
}

export function svgOpen(frame: ChartFrame, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11"><text x="${frame.margin.left}" y="16" font-size="13" font-weight="600">${escapeXml(title)}</text>`;
}

export function emptyChart(title: string, message: string, frame: ChartFrame = defaultFrame): string {
  return `${svgOpen(frame, title)}<text x="${frame.width / 2}" y="${frame.height / 2}" text-anchor="middle" fill="#868e96">${escapeXml(message)}</text></svg>`;
}
