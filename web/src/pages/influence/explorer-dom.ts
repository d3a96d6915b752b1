import { formatCount, h } from "../../ui/dom.js";
import { leadersCard, stat } from "./explorer-cards.js";
import type { InfluenceGraphNode, InfluenceGraphWindow } from "../../../../core/contracts/graph.js";

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
  readonly reset: HTMLButtonElement;
  readonly canvas: HTMLCanvasElement;
  readonly tooltip: HTMLElement;
  readonly wrap: HTMLElement;
  readonly capNote: HTMLElement;
  readonly legend: HTMLElement;
}

interface GraphSummary {
  readonly id: string;
  readonly nodes: readonly InfluenceGraphNode[];
  readonly windows: readonly InfluenceGraphWindow[];
  readonly leaders: readonly number[];
  readonly initialWindow: number;
}

/** Appends the stats, the graph card and the leaders card to `root`. */
export function buildExplorerDom(root: HTMLElement, graph: GraphSummary): ExplorerDom {
  const edgeStat = h("div", { class: "value" }, "0");
  const edgeLabel = h("div", { class: "label" }, "Edges in window");
  const edgeDetail = h("div", { class: "small muted" });
  const stats = h(
    "div",
    { class: "grid four" },
    stat("Nodes", formatCount(graph.nodes.length)),
    stat("Windows", formatCount(graph.windows.length)),
    h("div", { class: "stat" }, edgeLabel, edgeStat, edgeDetail),
    stat("Persistent leaders", formatCount(graph.leaders.length)),
  );
  const controls = buildControls(graph.windows.length, graph.initialWindow);
  const canvas = h("canvas", {
    "data-testid": "influence-canvas",
    role: "img",
    "aria-label": "Influence graph: who comments on whom, node size by PageRank",
  });
  const tooltip = h("div", { class: "tooltip", "data-testid": "node-tooltip", hidden: true });
  const wrap = h("div", { class: "graph-wrap" }, canvas, tooltip);
  const capNote = h("p", { class: "small muted", hidden: true });
  const legend = h("div", { class: "legend" });
  root.append(
    stats,
    h(
      "div",
      { class: "card" },
      controls.bar,
      wrap,
      capNote,
      legend,
      h(
        "p",
        { class: "small muted" },
        "Edges run commenter to author, brighter and wider for more comments. Scroll to zoom, drag to pan, click a node to inspect the agent.",
      ),
    ),
    leadersCard(graph.id, graph.nodes, graph.leaders),
  );
  return { edgeLabel, edgeStat, edgeDetail, ...controls, canvas, tooltip, wrap, capNote, legend };
}

type Controls = Pick<ExplorerDom, "play" | "scrubber" | "windowLabel" | "cumulative" | "colourSelect" | "reset"> & {
  readonly bar: HTMLElement;
};

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
  const reset = h("button", { type: "button" }, "Reset view");
  const bar = h(
    "div",
    { class: "graph-controls" },
    play,
    scrubber,
    windowLabel,
    h("label", { class: "inline" }, cumulative, " Cumulative"),
    h("label", { class: "inline" }, "Colour by ", colourSelect),
    reset,
  );
  return { play, scrubber, windowLabel, cumulative, colourSelect, reset, bar };
}
