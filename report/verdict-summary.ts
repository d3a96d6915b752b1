import type { Report } from "../core/contracts/report.js";

function fmt(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "-";
  return Math.abs(value) >= 100 || (value !== 0 && Math.abs(value) < 0.001) ? value.toExponential(2) : value.toFixed(3);
}

/** The one-screen verdict summary printed after an analysis. */
export function verdictSummary(report: Report): string {
  const lines = [
    `Murmur analysis - ${report.log.agents} agents, ${report.log.rounds} rounds, ${report.windows.length} windows, ${report.log.posts} posts, ${report.log.comments} comments (${report.log.policies.join(", ") || "unknown"} policy; embedder ${report.embedder})`,
    "",
    `${"diagnostic".padEnd(22)}${"verdict".padEnd(14)}${"effect".padStart(10)}${"95% CI".padStart(24)}${"delta".padStart(9)}${"n".padStart(7)}${"Holm p".padStart(10)}  why`,
  ];
  for (const v of report.verdicts) {
    const ci = v.ci ? `[${fmt(v.ci[0])}, ${fmt(v.ci[1])}]` : "-";
    lines.push(
      `${v.metric.padEnd(22)}${v.verdict.padEnd(14)}${fmt(v.effect).padStart(10)}${ci.padStart(24)}${fmt(v.delta).padStart(9)}${String(v.n).padStart(7)}${(v.pHolm === null ? "-" : String(Number(v.pHolm.toPrecision(2)))).padStart(10)}  ${v.reason}`,
    );
  }
  return lines.join("\n");
}
