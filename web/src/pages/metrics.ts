import { reportSummarySchema } from "../../../report/report-summary.js";
import type { ReportSummary } from "../../../report/report-summary.js";
import type { VerdictValue } from "../../../core/contracts/report.js";
import { explainVerdicts } from "../../../report/verdict-explanation.js";
import { adminToken, api, ApiFailure } from "../api.js";
import { experimentBodySchema } from "../../../core/contracts/experiment-status.js";
import type { Page } from "../page.js";
import { h } from "../ui/dom.js";
import { twinTable } from "./twin-table.js";
import { reportVerdictsSectionId } from "../../../report/section-html.js";

const pendingPollMs = 3_000;

/** The status pill of each verdict (styles.css colours). */
const verdictStatus: Record<VerdictValue, string> = {
  emerged: "finished",
  negligible: "failed",
  absent: "stopped",
  inconclusive: "paused",
};

async function fetchHtml(path: string): Promise<string> {
  const token = adminToken();
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new ApiFailure(`HTTP ${response.status}`, response.status, null);
  return response.text();
}

/** report.html without its verdict section: this page shows the verdicts above it already. */
function withoutVerdicts(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.getElementById(reportVerdictsSectionId)?.remove();
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}

/** Per diagnostic: its question and definition, its delta, the verdict with effect, CI and Holm p, and why. */
function verdictTable(report: ReportSummary): HTMLTableElement {
  return h(
    "table",
    { "data-testid": "verdicts" },
    h("thead", {}, h("tr", {}, ...["diagnostic and its question", "delta", "verdict", "why"].map((t) => h("th", {}, t)))),
    h(
      "tbody",
      {},
      ...explainVerdicts(report.verdicts, report.rules).map((e) =>
        h(
          "tr",
          { "data-metric": e.metric, "data-verdict": e.label },
          h(
            "td",
            {},
            h("b", {}, e.metric),
            h("div", { class: "small", "data-testid": "question" }, e.question),
            h("div", { class: "small muted" }, "defined in ", h("code", {}, e.definition)),
          ),
          h("td", { class: "small" }, e.delta),
          h("td", {}, h("span", { class: `status ${verdictStatus[e.label]}` }, e.label), h("div", { class: "small" }, e.numbers)),
          h("td", { class: "small muted", "data-testid": "why" }, e.because),
        ),
      ),
    ),
  );
}

/**
 * Every docs/metrics.md chart with its placebo or null band and the verdict panel: the report stored
 * with the experiment (report.html, drawn by the same chart code as web/src/charts), framed and
 * sandboxed (it is static SVG and needs no script), under a verdict table from report.json: per
 * diagnostic its question, where it is defined, its delta, the verdict and why.
 */
export const metricsPage: Page = async (root, params) => {
  const id = params["id"] ?? "";
  const pending = h(
    "p",
    { class: "card muted" },
    "The report appears once the run is analysed (murmur run does it at the end; murmur serve does it for runs launched here).",
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = async (): Promise<boolean> => {
    try {
      const [report, html] = await Promise.all([
        api(`/api/experiments/${id}/artifacts/report`, reportSummarySchema),
        fetchHtml(`/api/experiments/${id}/artifacts/html`),
      ]);
      // allow-same-origin without allow-scripts: the report stays inert, and the page can read its
      // height to show it whole instead of in a scrolling box.
      const frame = h("iframe", { class: "report", sandbox: "allow-same-origin", title: "analysis report", "data-testid": "report-frame" });
      frame.addEventListener("load", () => {
        const height = frame.contentDocument?.documentElement.scrollHeight;
        if (height) frame.style.height = `${height + 24}px`;
      });
      frame.srcdoc = withoutVerdicts(html);
      const twin = report.metrics?.structure;
      root.replaceChildren(
        h("h1", {}, "Metrics and verdicts"),
        verdictTable(report),
        ...(twin ? [h("h2", {}, "The Moltbook twin: this run beside the published values"), twinTable(twin)] : []),
        h("h2", {}, "Charts"),
        frame,
      );
      return true;
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404) return false;
      throw error;
    }
  };
  if (!(await load())) {
    // A run directory whose analysis failed will not get a report by waiting: say why.
    const { experiment } = await api(`/api/experiments/${id}`, experimentBodySchema);
    const analysis = experiment.source?.analysis;
    if (analysis?.state === "failed") {
      root.replaceChildren(
        h("h1", {}, "Metrics and verdicts"),
        h("p", { class: "card", "data-testid": "analysis-failed" }, analysis.note ?? "The analysis failed."),
      );
      return undefined;
    }
    root.replaceChildren(h("h1", {}, "Metrics and verdicts"), pending);
    const poll = (): void => {
      timer = setTimeout(() => void load().then((done) => (done ? undefined : poll())), pendingPollMs);
    };
    poll();
  }
  return () => clearTimeout(timer);
};
