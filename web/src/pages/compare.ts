import { lineChart } from "../../../report/charts/line-chart.js";
import { experimentListBodySchema } from "../../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../../core/contracts/experiment-status.js";
import { api } from "../api.js";
import type { Page } from "../page.js";
import { h, svgBlock } from "../ui/dom.js";
import { reportSummarySchema } from "../../../report/report-summary.js";
import type { VerdictRow } from "../../../report/report-summary.js";

/**
 * Several experiments side by side: each diagnostic's primary statistic with its 95 % CI against
 * the population size (a size sweep), or against the experiments in launch order when all have the
 * same size.
 */
export const comparePage: Page = async (root, params) => {
  const { experiments } = await api("/api/experiments", experimentListBodySchema);
  const done = experiments.filter((e) => e.status === "finished" || e.status === "stopped");
  const chosen = new Set((params["ids"] ?? "").split(",").filter((id) => done.some((e) => e.id === id)));
  if (chosen.size === 0) for (const e of done.slice(0, 6)) chosen.add(e.id);
  root.append(h("h1", {}, "Compare experiments"), picker(done, chosen));
  const rows = await analysedReports(done.filter((e) => chosen.has(e.id)));
  if (rows.length === 0) {
    root.append(h("p", { class: "muted" }, "No analysed experiments selected yet."));
    return;
  }
  root.append(comparisonCharts(rows));
};

interface Analysed {
  readonly e: ExperimentStatusView;
  readonly verdicts: VerdictRow[];
}

/** One checkbox per finished experiment; a change rewrites the URL, which redraws the page. */
function picker(done: readonly ExperimentStatusView[], chosen: Set<string>): HTMLElement {
  return h(
    "div",
    { class: "card", "data-testid": "compare-picker" },
    h("h2", {}, "Experiments"),
    ...done.map((e) =>
      h(
        "label",
        { style: "display: inline-block; margin-right: 14px; color: inherit" },
        h("input", {
          type: "checkbox",
          value: e.id,
          checked: chosen.has(e.id),
          onchange: (event: Event) => {
            const box = event.target;
            if (!(box instanceof HTMLInputElement)) return;
            if (box.checked) chosen.add(e.id);
            else chosen.delete(e.id);
            location.hash = `#/compare?ids=${[...chosen].join(",")}`;
          },
        }),
        ` ${e.name} (${e.agents} agents${e.source ? (e.source.imported ? ", imported log" : ", run directory") : ""})`,
      ),
    ),
  );
}

/** The picked experiments whose report is stored (the others are left out). */
async function analysedReports(picked: readonly ExperimentStatusView[]): Promise<Analysed[]> {
  const reports = await Promise.all(
    picked.map(async (e): Promise<Analysed | null> => {
      try {
        return { e, verdicts: (await api(`/api/experiments/${e.id}/artifacts/report`, reportSummarySchema)).verdicts };
      } catch {
        return null;
      }
    }),
  );
  return reports.filter((r): r is NonNullable<typeof r> => r !== null);
}

function comparisonCharts(rows: readonly Analysed[]): HTMLElement {
  const bySize = new Set(rows.map((r) => r.e.agents)).size > 1;
  const ordered = [...rows].sort((a, b) => (bySize ? a.e.agents - b.e.agents : a.e.createdAt < b.e.createdAt ? -1 : 1));
  const x = (r: Analysed, i: number): number => (bySize ? Math.log10(r.e.agents) : i + 1);
  const metrics = [...new Set(rows.flatMap((r) => r.verdicts.map((v) => v.metric)))];
  const charts = h("div", { class: "grid two", "data-testid": "compare-charts" });
  for (const metric of metrics) {
    const points = ordered.map((r, i) => ({ x: x(r, i), y: r.verdicts.find((v) => v.metric === metric)?.effect ?? null }));
    const band = ordered.flatMap((r, i) => {
      const ci = r.verdicts.find((v) => v.metric === metric)?.ci;
      return ci ? [{ x: x(r, i), lo: ci[0], hi: ci[1] }] : [];
    });
    charts.append(
      h(
        "div",
        { class: "card" },
        svgBlock(
          lineChart({
            title: `${metric}: primary statistic`,
            series: [{ name: "effect", points }],
            band: { name: "95 % CI", points: band },
            xLabel: bySize ? "log10 agents" : "experiment (launch order)",
          }),
        ),
        h(
          "div",
          { class: "small muted" },
          ordered
            .map((r, i) => `${bySize ? r.e.agents : i + 1}: ${r.e.name} - ${r.verdicts.find((v) => v.metric === metric)?.verdict ?? "-"}`)
            .join(" · "),
        ),
      ),
    );
  }
  return charts;
}
