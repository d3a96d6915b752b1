import { experimentConfigBodySchema, experimentListBodySchema } from "../../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../../core/contracts/experiment-status.js";
import { launchForm } from "./launch/launch-form.js";
import { api, control } from "../api.js";
import type { Page } from "../page.js";
import { formatCount, formatUsd, h, notice, progressBar, statusBadge } from "../ui/dom.js";
import { downloadButton } from "../ui/run-bar.js";

const listPollMs = 2_000;

function row(experiment: ExperimentStatusView, onFork: (id: string) => void, refresh: () => void): HTMLTableRowElement {
  const act = (verb: "pause" | "resume" | "stop") =>
    h(
      "button",
      {
        "data-action": verb,
        onclick: () => void control(experiment.id, verb).then(refresh, (e: unknown) => notice(e instanceof Error ? e.message : String(e))),
      },
      verb,
    );
  const actions = h("td", { class: "actions" });
  const source = experiment.source;
  // A run directory of the library is read-only: it can be forked (when it has an experiment config) and downloaded.
  if (!source && experiment.status === "running") actions.append(act("pause"), act("stop"));
  if (!source && (experiment.status === "paused" || experiment.status === "failed")) actions.append(act("resume"), act("stop"));
  if (!source?.imported) actions.append(h("button", { "data-action": "fork", onclick: () => onFork(experiment.id) }, "fork"));
  if (experiment.roundsDone > 0) actions.append(downloadButton(experiment, "download"));
  const spend = experiment.llm ? formatUsd(experiment.llm.spendUsd) : "-";
  return h(
    "tr",
    { "data-id": experiment.id, "data-status": experiment.status },
    h(
      "td",
      {},
      h("a", { href: `#/e/${experiment.id}` }, experiment.name),
      source
        ? h("span", { class: "tag", title: source.path, "data-testid": "library-tag" }, source.imported ? "imported log" : "run directory")
        : null,
      h("div", { class: "muted small" }, source ? source.path : experiment.id),
    ),
    h("td", {}, statusBadge(experiment.status), experiment.reason ? h("div", { class: "muted small" }, experiment.reason) : null),
    h(
      "td",
      {},
      progressBar(experiment.roundsDone, experiment.rounds),
      h("span", { class: "small" }, `${experiment.roundsDone}/${experiment.rounds}`),
    ),
    h("td", {}, formatCount(experiment.agents)),
    h("td", {}, formatCount(experiment.totals.actions)),
    h("td", {}, spend),
    h(
      "td",
      {},
      h("a", { href: `#/e/${experiment.id}/feed` }, "feed"),
      " · ",
      h("a", { href: `#/e/${experiment.id}/influence` }, "influence"),
      " · ",
      h("a", { href: `#/e/${experiment.id}/metrics` }, "metrics"),
    ),
    actions,
  );
}

export const experimentsPage: Page = async (root) => {
  const body = h("tbody");
  const table = h(
    "table",
    { id: "experiments" },
    h(
      "thead",
      {},
      h("tr", {}, ...["Experiment", "Status", "Progress", "Agents", "Actions", "Spend", "Explore", ""].map((t) => h("th", {}, t))),
    ),
    body,
  );
  const form = launchForm((id) => {
    location.hash = `#/e/${id}`;
  });
  const fork = (id: string): void => {
    void api(`/api/experiments/${id}/config`, experimentConfigBodySchema).then(({ config }) => {
      form.load({ ...config, name: `fork of ${typeof config["name"] === "string" ? config["name"] : id}` }, `Fork of ${id}`);
      form.element.scrollIntoView({ behavior: "smooth" });
    });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let shown = "";
  const refresh = async (): Promise<void> => {
    const { experiments } = await api("/api/experiments", experimentListBodySchema);
    // Rows are redrawn only when something changed, so a button is not replaced under the pointer.
    const key = JSON.stringify(experiments);
    if (key === shown) return;
    shown = key;
    body.replaceChildren(...experiments.map((e) => row(e, fork, () => void refresh())));
    if (experiments.length === 0)
      body.append(h("tr", {}, h("td", { colspan: 8, class: "muted" }, "No experiments yet: launch one below.")));
  };
  const poll = (): void => {
    timer = setTimeout(() => {
      void refresh()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) poll();
        });
    }, listPollMs);
  };
  root.append(h("h1", {}, "Experiments"), h("section", { class: "card" }, table), form.element);
  await refresh();
  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
};
