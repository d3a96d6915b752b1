import { metricNames } from "../core/contracts/report.js";
import type { MetricName, Report, ReportMetrics } from "../core/contracts/report.js";
import { isComputed, unavailableReason } from "../analysis/metrics/metric-definition.js";
import { metricRegistry } from "../analysis/metrics/registry.js";
import { emptyChart, escapeXml, formatNumber } from "./charts/svg.js";
import { verdictPanel } from "./charts/verdict-panel.js";
import { sectionHtml, sectionSpecHtml } from "./section-html.js";

/** One metric's section: its registered render, or why it is unavailable. */
function metricSection<N extends MetricName>(name: N, result: ReportMetrics[N], delta: number): string {
  if (isComputed<N>(result)) return sectionSpecHtml(metricRegistry[name].render(result, { delta }));
  return sectionHtml(name, emptyChart(name, unavailableReason(result) ?? "unavailable"));
}

/**
 * report.html: self-contained (inline SVG and CSS, no script, no network), the verdict panel, then
 * a section per registered metric with its placebo or null band. Chart code is shared with web/.
 */
export function renderReportHtml(report: Report): string {
  const delta = (metric: string): number => report.rules.find((r) => r.metric === metric)?.delta ?? 0;
  const parts: string[] = [];

  parts.push(
    sectionHtml(
      "Verdicts",
      verdictPanel(report.verdicts) +
        `<table><thead><tr><th>diagnostic</th><th>verdict</th><th>effect</th><th>95% CI</th><th>delta</th><th>n</th><th>Holm p</th><th>reason</th></tr></thead><tbody>${report.verdicts
          .map(
            (v) =>
              `<tr class="${v.verdict}"><td>${escapeXml(v.metric)}</td><td>${v.verdict}</td><td>${v.effect === null ? "-" : formatNumber(v.effect)}</td><td>${v.ci ? `[${formatNumber(v.ci[0])}, ${formatNumber(v.ci[1])}]` : "-"}</td><td>${formatNumber(v.delta)}</td><td>${v.n}</td><td>${v.pHolm === null ? "-" : formatNumber(v.pHolm)}</td><td>${escapeXml(v.reason)}</td></tr>`,
          )
          .join("")}</tbody></table>`,
      "emerged: 95% CI above 0 and effect >= delta; absent: 90% CI inside (-delta, +delta); CIs from a bootstrap over agents.",
    ),
  );

  for (const name of metricNames) parts.push(metricSection(name, report.metrics[name], delta(name)));

  const log = report.log;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Murmur report</title><style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1e24;background:#f7f8fa}
header{background:#1b1e24;color:#fff;padding:16px 32px}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#bbc}
main{padding:8px 32px 32px}section{background:#fff;box-shadow:0 1px 3px #0002;margin:16px 0;padding:12px 16px}
h2{font-size:16px;margin:4px 0 8px}.note{color:#495057;margin:0 0 8px}.charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #e9ecef;padding:4px 8px;text-align:left}
tr.emerged td:nth-child(2){color:#2f9e44;font-weight:600}tr.absent td:nth-child(2){color:#1c7ed6;font-weight:600}tr.inconclusive td:nth-child(2){color:#868e96}
</style></head><body><header><h1>Murmur report</h1><p>${escapeXml(report.source)} - ${log.agents} agents, ${log.rounds} rounds (${formatNumber(log.roundHours)} h each), ${report.windows.length} windows, ${log.posts} posts, ${log.comments} comments, ${log.votes} votes; policy ${escapeXml(log.policies.join(", "))}; embedder ${escapeXml(report.embedder)}; seed ${report.seed}</p></header><main>${parts.join("")}</main></body></html>\n`;
}
