import { api, ApiFailure } from "../api.js";
import { experimentBodySchema } from "../../../core/contracts/experiment-status.js";
import type { ExperimentStatusView } from "../../../core/contracts/experiment-status.js";
import { influenceGraphSchema } from "../../../core/contracts/graph.js";
import type { InfluenceGraph } from "../../../core/contracts/graph.js";
import type { Cleanup, Page } from "../page.js";
import { formatCount, h } from "../ui/dom.js";
import { mountExplorer } from "./influence/explorer.js";

/**
 * The influence page: the explorer once graph.json is stored, and until then a card that checks
 * for it every few seconds (the graph is written by the analysis that runs when the run ends).
 */

const pollMs = 3000;

export const influencePage: Page = async (root, params) => {
  const id = params["id"] ?? "";
  const graphPath = `/api/experiments/${encodeURIComponent(id)}/artifacts/graph`;
  // Asked first: a 404 for the graph also answers for an id that does not exist, and a run directory
  // whose analysis is done without a graph never gets one (an import has no exposures) - say why, do not poll.
  const { experiment } = await api(`/api/experiments/${encodeURIComponent(id)}`, experimentBodySchema);
  const analysis = experiment.source?.analysis;
  if (analysis && analysis.state !== "pending" && !analysis.graph) {
    root.replaceChildren(h("h1", {}, "Influence explorer"), noGraphCard(experiment, analysis.note));
    return undefined;
  }
  const graph = await fetchGraph(graphPath, undefined);
  if (graph) {
    // The name labels downloads.
    return mountExplorer(root, { id, name: experiment.name }, graph, params["window"]);
  }

  const status = h("p", { class: "small muted" }, "Checking again every 3 s.");
  root.replaceChildren(h("h1", {}, "Influence explorer"), waitingCard(id, experiment, status));

  let disposed = false;
  let timer = 0;
  let explorer: Cleanup | null = null;
  const inFlight = new AbortController();
  const poll = async (): Promise<void> => {
    try {
      const found = await fetchGraph(graphPath, inFlight.signal);
      if (disposed) return;
      if (found) {
        root.replaceChildren();
        explorer = mountExplorer(root, { id, name: experiment.name }, found, params["window"]);
        return;
      }
      status.textContent = `Not there yet (checked ${new Date().toLocaleTimeString()}); checking again every 3 s.`;
    } catch (error) {
      if (disposed) return;
      status.textContent = `Could not check (${error instanceof Error ? error.message : String(error)}); trying again in 3 s.`;
    }
    timer = window.setTimeout(() => void poll(), pollMs);
  };
  timer = window.setTimeout(() => void poll(), pollMs);
  return () => {
    disposed = true;
    window.clearTimeout(timer);
    inFlight.abort();
    explorer?.();
  };
};

async function fetchGraph(path: string, signal: AbortSignal | undefined): Promise<InfluenceGraph | null> {
  try {
    return await api(path, influenceGraphSchema, { signal: signal ?? null });
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 404) return null;
    throw error;
  }
}

function noGraphCard(experiment: ExperimentStatusView, note: string | null): HTMLElement {
  return h(
    "div",
    { class: "card", "data-testid": "no-graph" },
    h("h2", {}, "This run has no influence graph"),
    h("p", {}, note ?? "Its analysis wrote no graph.json."),
    h(
      "p",
      { class: "small muted" },
      `${experiment.name}: the graph needs exposures (who was shown whose content), and the analysis found none it could use. `,
      h("a", { href: `#/e/${encodeURIComponent(experiment.id)}/metrics` }, "The metrics page"),
      " says which other metrics this log cannot support.",
    ),
  );
}

function waitingCard(id: string, experiment: ExperimentStatusView, status: HTMLElement): HTMLElement {
  const live = `#/e/${encodeURIComponent(id)}`;
  return h(
    "div",
    { class: "card" },
    h("h2", {}, "The influence graph appears once the run is analysed"),
    h(
      "p",
      {},
      `${experiment.name}: ${experiment.status}, ${formatCount(experiment.roundsDone)} of ${formatCount(experiment.rounds)} rounds done. `,
      "The graph is written by the analysis that runs when the experiment ends; this page opens it as soon as it is stored. ",
      h("a", { href: live }, "Watch the run live"),
      ".",
    ),
    status,
  );
}
