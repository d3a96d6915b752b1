import { metricNames } from "../core/contracts/report.js";
import type { MetricName, Report, ReportMetrics } from "../core/contracts/report.js";
import { isComputed, renderContextOf, unavailableReason } from "../analysis/metrics/metric-definition.js";
import type { RenderContext } from "../analysis/metrics/metric-definition.js";
import { metricRegistry } from "../analysis/metrics/registry.js";
import { emptyChart, escapeXml, formatNumber } from "./charts/svg.js";
import { verdictPanel } from "./charts/verdict-panel.js";
import { reportVerdictsSectionId, sectionHtml, sectionSpecHtml } from "./section-html.js";
import { explainVerdicts } from "./verdict-explanation.js";

/** One metric's section: its registered render, or why it is unavailable. */
function metricSection<N extends MetricName>(name: N, result: ReportMetrics[N], context: RenderContext): string {
  if (isComputed<N>(result)) return sectionSpecHtml(metricRegistry[name].render(result, context));
  return sectionHtml(name, emptyChart(name, unavailableReason(result) ?? "unavailable"));
}

const verdictsNote =
  "Per diagnostic: a bootstrap over agents per component gives the effect, its CIs and a one-sided p bound for effect <= 0; a diagnostic's p is its largest component p; Holm over the diagnostics decides significance (< 0.05). emerged: significant and every component >= its delta; absent: a component's 90% CI inside (-delta, +delta) and its 95% CI covering 0; negligible: such a component with its 95% CI above 0; inconclusive otherwise (including a component inside the band but below 0: its reference does not fit).";

/** Where a log came from: its directory and file name, without the machine's directories (a path of a temp file means nothing to a reader). */
function sourceName(source: string): string {
  return source.split(/[\\/]/).filter(Boolean).slice(-2).join("/") || source;
}

/** The verdict table: per diagnostic its question and definition, delta, verdict, and why. */
function verdictTable(report: Report): string {
  const rows = explainVerdicts(report.verdicts, report.rules).map(
    (e, i) =>
      `<tr class="${e.label}" data-metric="${escapeXml(e.metric)}"><td><b>${escapeXml(e.metric)}</b><br><span class="question">${escapeXml(e.question)}</span><br><a href="${escapeXml(e.definition)}">${escapeXml(e.definition)}</a></td><td>${escapeXml(e.delta)}</td><td><span class="verdict">${e.label}</span><br>${escapeXml(e.numbers)}</td><td>${escapeXml(e.because)}</td></tr>`,
  );
  return `<table class="verdicts"><thead><tr><th>diagnostic and its question</th><th>delta</th><th>verdict</th><th>why</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/**
 * report.html: self-contained (inline SVG and CSS, no script, no network), the verdict panel, then
 * a section per registered metric with its placebo or null band. Chart code is shared with web/.
 */
export function renderReportHtml(report: Report): string {
  const parts: string[] = [];
  // The id lets a page that shows its own verdict table embed the rest without repeating it.
  parts.push(sectionHtml("Verdicts", verdictPanel(report.verdicts) + verdictTable(report), verdictsNote, reportVerdictsSectionId));
  for (const name of metricNames) {
    const rule = report.rules.find((r) => r.metric === name);
    parts.push(metricSection(name, report.metrics[name], renderContextOf(rule)));
  }

  const log = report.log;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Murmur report</title><style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1e24;background:#f7f8fa}
header{background:#1b1e24;color:#fff;padding:16px 32px}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#bbc}
main{padding:8px 32px 32px}section{background:#fff;box-shadow:0 1px 3px #0002;margin:16px 0;padding:12px 16px}
h2{font-size:16px;margin:4px 0 8px}.note{color:#495057;margin:0 0 8px}.charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #e9ecef;padding:4px 8px;text-align:left}
table.verdicts td{vertical-align:top;max-width:420px}.question{color:#495057}
tr.emerged .verdict{color:#2f9e44;font-weight:600}tr.negligible .verdict{color:#e8590c;font-weight:600}tr.absent .verdict{color:#1c7ed6;font-weight:600}tr.inconclusive .verdict{color:#868e96}
</style></head><body><header><h1>Murmur report</h1><p>${escapeXml(sourceName(report.source))} - ${log.agents} agents, ${log.rounds} rounds (${formatNumber(log.roundHours)} h each), ${report.windows.length} windows, ${log.posts} posts, ${log.comments} comments, ${log.votes} votes; policy ${escapeXml(log.policies.join(", "))}; embedder ${escapeXml(report.embedder)}; seed ${report.seed}</p></header><main>${parts.join("")}</main></body></html>\n`;
}
