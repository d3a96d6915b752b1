import { lineChart } from "../../../report/charts/line-chart.js";
import { experimentBodySchema, experimentStatusViewSchema, roundsBodySchema } from "../../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../../core/contracts/experiment-status.js";
import { api, control } from "../api.js";
import type { Page } from "../page.js";
import { formatCount, formatUsd, h, notice, progressBar, statusBadge, svgBlock } from "../ui/dom.js";
import { sparkline } from "../ui/sparkline.js";
import { readEvents } from "../ui/sse.js";

type RoundRow = Awaited<ReturnType<typeof fetchRounds>>[number];

async function fetchRounds(id: string) {
  return (await api(`/api/experiments/${id}/rounds`, roundsBodySchema)).rounds;
}

function stat(label: string, value: string | Node, testId: string): HTMLElement {
  return h("div", { class: "stat", "data-testid": testId }, h("div", { class: "label" }, label), h("div", { class: "value" }, value));
}

/** The live view of one experiment: status streamed over SSE, per-round aggregates as charts. */
export const dashboardPage: Page = async (root, params) => {
  const id = params["id"] ?? "";
  const parts: StatusParts = {
    title: h("h1", {}),
    stats: h("div", { class: "grid four" }),
    controls: h("div", { style: "margin: 12px 0" }),
  };
  const sparks = h("div", { class: "grid four" });
  const charts = h("div", { class: "grid two" });
  root.append(parts.title, parts.stats, parts.controls, h("h2", {}, "Per round"), sparks, charts);
  let shownRounds = -1;

  const onStatus = async (e: ExperimentStatusView): Promise<void> => {
    renderStatus(parts, id, e);
    if (e.roundsDone !== shownRounds) {
      shownRounds = e.roundsDone;
      renderRounds(sparks, charts, await fetchRounds(id));
    }
  };

  await onStatus((await api(`/api/experiments/${id}`, experimentBodySchema)).experiment);
  const abort = new AbortController();
  void followLive(id, onStatus, abort.signal);
  return () => abort.abort();
};

interface StatusParts {
  readonly title: HTMLElement;
  readonly stats: HTMLElement;
  readonly controls: HTMLElement;
}

function renderStatus(parts: StatusParts, id: string, e: ExperimentStatusView): void {
  parts.title.replaceChildren(`${e.name} `, statusBadge(e.status));
  const spend = e.llm
    ? `${formatUsd(e.llm.spendUsd)}${e.llm.budgetUsd !== null ? ` of ${formatUsd(e.llm.budgetUsd)}` : ""}`
    : e.source?.imported
      ? "imported (no spend)"
      : "sim (no spend)";
  parts.stats.replaceChildren(
    stat("Round", h("span", {}, `${e.roundsDone} / ${e.rounds} `, progressBar(e.roundsDone, e.rounds)), "stat-round"),
    stat("Active last round", formatCount(e.lastRound?.active ?? 0), "stat-active"),
    stat("Actions", formatCount(e.totals.actions), "stat-actions"),
    stat("Spend", spend, "stat-spend"),
  );
  if (e.reason) notice(e.reason);
  const act = (verb: "pause" | "resume" | "stop") =>
    h("button", { onclick: () => void control(id, verb).then((next) => renderStatus(parts, id, next)) }, verb);
  parts.controls.replaceChildren(
    // A run directory of the library is read-only (its controls would be refused).
    ...(e.source
      ? []
      : e.status === "running"
        ? [act("pause"), act("stop")]
        : e.status === "paused" || e.status === "failed"
          ? [act("resume"), act("stop")]
          : []),
    h(
      "span",
      { class: "muted small", style: "margin-left: 12px" },
      `${formatCount(e.agents)} agents · ${formatCount(e.totals.events)} events · ${e.id}`,
    ),
  );
}

function renderRounds(sparks: HTMLElement, charts: HTMLElement, rounds: readonly RoundRow[]): void {
  const series = (pick: (r: RoundRow) => number) => rounds.map(pick);
  const spark = (label: string, values: number[], color?: string) =>
    h(
      "div",
      { class: "stat" },
      h("div", { class: "label" }, label),
      sparkline(values, 200, 36, color),
      h("div", { class: "small muted" }, `last ${formatCount(values[values.length - 1] ?? 0)}`),
    );
  sparks.replaceChildren(
    spark(
      "actions / round",
      series((r) => r.actions),
    ),
    spark(
      "active agents / round",
      series((r) => r.active),
      "#2f9e44",
    ),
    spark(
      "events / round",
      series((r) => r.events),
      "#ae3ec9",
    ),
    spark(
      "rejected + timeouts",
      series((r) => r.rejected + r.timeouts),
      "#e8590c",
    ),
  );
  const points = (pick: (r: RoundRow) => number) => rounds.map((r) => ({ x: r.round, y: pick(r) }));
  charts.replaceChildren(
    svgBlock(
      lineChart({
        title: "Actions per round",
        series: [{ name: "actions", points: points((r) => r.actions) }],
        xLabel: "round",
        yLabel: "posts + comments + votes",
      }),
    ),
    svgBlock(
      lineChart({
        title: "Active agents per round",
        series: [{ name: "active", points: points((r) => r.active) }],
        xLabel: "round",
        yLabel: "agents that acted",
      }),
    ),
  );
  charts.dataset["rounds"] = String(rounds.length);
}

/** Follows the live status stream. It ends when the run does; reconnect while the page is open and the run may go on. */
async function followLive(id: string, onStatus: (e: ExperimentStatusView) => Promise<void>, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const latest: { value: ExperimentStatusView | null } = { value: null };
    await readEvents(
      `/api/experiments/${id}/live`,
      (event, data) => {
        if (event !== "status") return;
        latest.value = experimentStatusViewSchema.parse(JSON.parse(data));
        void onStatus(latest.value);
      },
      signal,
    ).catch(() => undefined);
    const ended = latest.value?.status;
    // A run directory never changes: its stream sends one status and ends.
    if (ended === "finished" || ended === "stopped" || latest.value?.source) return;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
