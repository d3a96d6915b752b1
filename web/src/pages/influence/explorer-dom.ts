import { formatCount, h } from "../../ui/dom.js";
import { leadersCard, leadersStat, stat } from "./explorer-cards.js";
import type { InfluenceGraph } from "../../../../core/contracts/graph.js";

/** The explorer's elements, built once; the explorer only updates their text and state. */
export interface ExplorerDom {
  readonly edgeLabel: HTMLElement;
  readonly edgeStat: HTMLElement;
  readonly edgeDetail: HTMLElement;
  readonly play: HTMLButtonElement;
  readonly scrubber: HTMLInputElement;
  readonly windowLabel: HTMLElement;
  readonly cumulative: HTMLInputElement;
  readonly colourSelect: HTMLSelectElement;
  readonly fit: HTMLButtonElement;
  readonly search: HTMLInputElement;
  readonly suggestions: HTMLElement;
  readonly exportPng: HTMLButtonElement;
  readonly exportGexf: HTMLButtonElement;
  /** Sigma's container; tests read the drawn state from its data attributes. */
  readonly stage: HTMLElement;
  readonly tooltip: HTMLElement;
  readonly layoutNote: HTMLElement;
  readonly legend: HTMLElement;
}

interface GraphSummary {
  readonly id: string;
  readonly graph: Pick<InfluenceGraph, "nodes" | "windows" | "leaderNull">;
  readonly leaders: readonly number[];
  readonly initialWindow: number;
}

/** Appends the stats, the graph card and the leaders card to `root`. */
export function buildExplorerDom(root: HTMLElement, summary: GraphSummary): ExplorerDom {
  const { nodes, windows } = summary.graph;
  const edgeStat = h("div", { class: "value" }, "0");
  const edgeLabel = h("div", { class: "label" }, "Edges in window");
  const edgeDetail = h("div", { class: "small muted" });
  const stats = h(
    "div",
    { class: "grid four" },
    stat("Nodes", formatCount(nodes.length)),
    stat("Windows", formatCount(windows.length)),
    h("div", { class: "stat" }, edgeLabel, edgeStat, edgeDetail),
    leadersStat(summary.leaders.length, summary.graph.leaderNull),
  );
  const controls = buildControls(windows.length, summary.initialWindow);
  const stage = h("div", {
    class: "graph-stage",
    "data-testid": "influence-canvas",
    role: "img",
    "aria-label": "Influence graph: who comments on whom, node size by PageRank",
  });
  const tooltip = h("div", { class: "tooltip", "data-testid": "node-tooltip", hidden: true });
  const layoutNote = h("span", { "data-testid": "layout-note" });
  const legend = h("div", { class: "legend" });
  root.append(
    stats,
    h(
      "div",
      { class: "card" },
      controls.bar,
      controls.findBar,
      h("div", { class: "graph-wrap" }, stage, tooltip),
      legend,
      h(
        "p",
        { class: "small muted" },
        "Arrows run commenter to author, wider for more comments; node area grows with PageRank. Scroll to zoom, drag to pan, click a node to inspect the agent. ",
        layoutNote,
      ),
    ),
    leadersCard(summary.id, nodes, summary.leaders),
  );
  return { edgeLabel, edgeStat, edgeDetail, ...controls, stage, tooltip, layoutNote, legend };
}

type Controls = Pick<
  ExplorerDom,
  "play" | "scrubber" | "windowLabel" | "cumulative" | "colourSelect" | "fit" | "search" | "suggestions" | "exportPng" | "exportGexf"
> & { readonly bar: HTMLElement; readonly findBar: HTMLElement };

function buildControls(windowCount: number, initialWindow: number): Controls {
  const play = h("button", { type: "button", class: "primary", "data-testid": "play", "aria-pressed": "false" }, "Play");
  play.disabled = windowCount < 2;
  const scrubber = h("input", {
    type: "range",
    min: 0,
    max: windowCount - 1,
    step: 1,
    value: initialWindow,
    "data-testid": "window-scrubber",
    "aria-label": "Window",
  });
  const windowLabel = h("span", { class: "small influence-window" });
  const cumulative = h("input", { type: "checkbox" });
  const colourSelect = h(
    "select",
    { "aria-label": "Colour by" },
    h("option", { value: "community" }, "community"),
    h("option", { value: "group" }, "persona group"),
  );
  const bar = h(
    "div",
    { class: "graph-controls" },
    play,
    scrubber,
    windowLabel,
    h("label", { class: "inline" }, cumulative, " Cumulative"),
    h("label", { class: "inline" }, "Colour by ", colourSelect),
  );
  const search = h("input", {
    type: "search",
    placeholder: "Find an agent by name or id",
    "aria-label": "Find an agent",
    "data-testid": "agent-search",
    autocomplete: "off",
  });
  const suggestions = h("div", { class: "suggestions", role: "listbox", "data-testid": "agent-suggestions", hidden: true });
  const fit = h("button", { type: "button", "data-testid": "fit" }, "Fit");
  const exportPng = h("button", { type: "button", "data-testid": "export-png" }, "PNG");
  const exportGexf = h("button", { type: "button", "data-testid": "export-gexf" }, "GEXF");
  const findBar = h(
    "div",
    { class: "graph-controls" },
    h("div", { class: "agent-search" }, search, suggestions),
    fit,
    h("span", { class: "small muted" }, "Download the shown window:"),
    exportPng,
    exportGexf,
  );
  return { play, scrubber, windowLabel, cumulative, colourSelect, fit, search, suggestions, exportPng, exportGexf, bar, findBar };
}
