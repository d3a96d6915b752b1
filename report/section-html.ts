import type { ChartSpec, SectionSpec } from "../analysis/metrics/chart-spec.js";
import { heatmap } from "./charts/heatmap.js";
import { lineChart } from "./charts/line-chart.js";
import { escapeXml } from "./charts/svg.js";

/** Text content needs only &, < and > escaped (quotes matter in attributes alone). */
function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c] ?? c);
}

/** One block of a metric's section as HTML: charts as inline SVG, text and tables as markup. */
export function blockHtml(block: ChartSpec): string {
  switch (block.kind) {
    case "line":
      return lineChart(block);
    case "heatmap":
      return heatmap(block);
    case "text":
      return `<p>${escapeText(block.text)}</p>`;
    case "table": {
      const row = (cells: readonly string[], tag: "td" | "th"): string =>
        `<tr>${cells.map((cell) => `<${tag}>${escapeXml(cell)}</${tag}>`).join("")}</tr>`;
      return `<table><thead>${row(block.header, "th")}</thead><tbody>${block.rows.map((r) => row(r, "td")).join("")}</tbody></table>`;
    }
  }
}

/** The id of report.html's verdict section (a page that shows its own verdicts leaves it out). */
export const reportVerdictsSectionId = "verdicts";

/** A report section: its title, an optional note, and a flex row of charts and blocks. */
export function sectionHtml(title: string, body: string, note = "", id = ""): string {
  return `<section${id ? ` id="${escapeXml(id)}"` : ""}><h2>${escapeXml(title)}</h2>${note ? `<p class="note">${escapeXml(note)}</p>` : ""}<div class="charts">${body}</div></section>`;
}

/** A metric's section spec as HTML. */
export function sectionSpecHtml(spec: SectionSpec): string {
  return sectionHtml(spec.title, spec.blocks.map(blockHtml).join(""), spec.note);
}
