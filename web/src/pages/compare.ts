import { effectPlot } from "../../../report/charts/effect-plot.js";
import { groupByCondition } from "../../../report/comparison/conditions.js";
import type { ComparedRun, ConditionGroups } from "../../../report/comparison/conditions.js";
import { comparisonPanels } from "../../../report/comparison/effect-points.js";
import type { ComponentPanel } from "../../../report/comparison/effect-points.js";
import { experimentConfigBodySchema, experimentListBodySchema } from "../../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../../core/contracts/experiment-status.js";
import { api } from "../api.js";
import type { Page } from "../page.js";
import { h, svgBlock } from "../ui/dom.js";
import { reportSummarySchema } from "../../../report/report-summary.js";
import type { ReportSummary } from "../../../report/report-summary.js";

/**
 * Several experiments side by side. Runs are grouped into conditions by what their configs set
 * differently (report/comparison/conditions.ts); per diagnostic component, each condition's effect
 * at each size is a point with its 95 % interval - seeds aggregated - against N on a log axis, with
 * the component's +-delta band. A line joins only the sizes of one condition.
 */
export const comparePage: Page = async (root, params) => {
  const { experiments } = await api("/api/experiments", experimentListBodySchema);
  const done = experiments.filter((e) => e.status === "finished" || e.status === "stopped");
  const chosen = new Set((params["ids"] ?? "").split(",").filter((id) => done.some((e) => e.id === id)));
  if (chosen.size === 0) for (const e of done.slice(0, 6)) chosen.add(e.id);
  root.append(h("h1", {}, "Compare experiments"), picker(done, chosen));
  const runs = await analysedRuns(done.filter((e) => chosen.has(e.id)));
  if (runs.length === 0) {
    root.append(h("p", { class: "muted" }, "No analysed experiments selected yet."));
    return;
  }
  const groups = groupByCondition(runs);
  root.append(conditionsCard(groups), comparisonCharts(comparisonPanels(groups)));
};

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
        ` ${e.name}${[...(/\bagents\b/.test(e.name) ? [] : [`${e.agents} agents`]), ...(e.source ? [e.source.imported ? "imported log" : "run directory"] : [])]
          .map((part, i) => (i === 0 ? ` (${part}` : `, ${part}`))
          .join("")}${/\bagents\b/.test(e.name) && !e.source ? "" : ")"}`,
      ),
    ),
  );
}

/** The picked experiments with their config and stored report (those without a report are left out). */
async function analysedRuns(picked: readonly ExperimentStatusView[]): Promise<ComparedRun<ReportSummary>[]> {
  const runs = await Promise.all(
    picked.map(async (e): Promise<ComparedRun<ReportSummary> | null> => {
      try {
        const [report, { config }] = await Promise.all([
          api(`/api/experiments/${e.id}/artifacts/report`, reportSummarySchema),
          api(`/api/experiments/${e.id}/config`, experimentConfigBodySchema),
        ]);
        return { id: e.id, name: e.name, agents: e.agents, seed: config.seed, config, report };
      } catch {
        return null;
      }
    }),
  );
  return runs.filter((r): r is NonNullable<typeof r> => r !== null);
}

/** Which config fields tell the conditions apart, and which runs each condition holds. */
function conditionsCard(groups: ConditionGroups<ReportSummary>): HTMLElement {
  return h(
    "div",
    { class: "card", "data-testid": "compare-conditions" },
    h("h2", {}, `Conditions (${groups.conditions.length})`),
    h(
      "p",
      { class: "small muted" },
      groups.differing.length === 0
        ? "Every selected run has the same config apart from size, seed and name: one condition."
        : `Runs are grouped into conditions by the ${groups.differing.length} config field${groups.differing.length === 1 ? "" : "s"} on which they differ. Size and seed are what the charts vary: seeds at one size are one point (their mean with a 95 % t interval across seeds; a single seed shows its bootstrap 95 % CI), and a line joins only the sizes of one condition.`,
    ),
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h("tr", {}, h("th", {}, "condition"), h("th", {}, "runs (N: seeds)"), h("th", {}, "its values of the differing fields")),
      ),
      h(
        "tbody",
        {},
        ...groups.conditions.map((c) =>
          h(
            "tr",
            {},
            h("td", {}, c.label),
            h("td", {}, sizesAndSeeds(c.runs)),
            h(
              "td",
              {},
              c.differences.length <= 3
                ? c.differences.join(", ") || "-"
                : h(
                    "details",
                    {},
                    h("summary", {}, `${c.differences.length} fields`),
                    h("div", { class: "small mono" }, c.differences.join("\n")),
                  ),
            ),
          ),
        ),
      ),
    ),
  );
}

function sizesAndSeeds(runs: readonly ComparedRun<ReportSummary>[]): string {
  const sizes = [...new Set(runs.map((r) => r.agents))].sort((a, b) => a - b);
  return sizes
    .map(
      (n) =>
        `${n.toLocaleString("en-US")}: ${runs
          .filter((r) => r.agents === n)
          .map((r) => r.seed)
          .sort((a, b) => a - b)
          .join(", ")}`,
    )
    .join(" · ");
}

function comparisonCharts(panels: readonly ComponentPanel[]): HTMLElement {
  const charts = h("div", { class: "grid two", "data-testid": "compare-charts" });
  for (const panel of panels) {
    const title = panel.component === "primary" ? panel.metric : `${panel.metric}: ${panel.component}`;
    charts.append(
      h(
        "div",
        { class: "card", "data-testid": "compare-panel" },
        svgBlock(effectPlot({ title, unit: panel.unit, delta: panel.delta, series: panel.series })),
        h(
          "div",
          { class: "small muted" },
          panel.series
            .flatMap((s) =>
              s.points.map(
                (p) =>
                  `${s.condition} @ ${p.agents}: ${Object.entries(p.verdicts)
                    .map(([k, n]) => `${n} ${k}`)
                    .join(", ")}`,
              ),
            )
            .join(" · "),
        ),
      ),
    );
  }
  return charts;
}
