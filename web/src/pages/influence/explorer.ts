import type { Cleanup } from "../../page.js";
import { formatCount, h, notice } from "../../ui/dom.js";
import type { InfluenceGraph } from "../../../../core/contracts/graph.js";
import { wireAgentSearch } from "./agent-search-box.js";
import { layoutInBackground } from "./background-layout.js";
import type { BackgroundLayout } from "./background-layout.js";
import { renderLegend, tooltipLines } from "./explorer-cards.js";
import { buildExplorerDom } from "./explorer-dom.js";
import type { ExplorerDom } from "./explorer-dom.js";
import { canPlay, initialState, playStep, scrubTo, setColourMode, setCumulative, togglePlay } from "./explorer-state.js";
import type { ExplorerState } from "./explorer-state.js";
import { download, exportName, viewGexf } from "./graph-export.js";
import { graphStage } from "./graph-stage.js";
import type { GraphStage } from "./graph-stage.js";
import { persistentLeaders, viewCache } from "./graph-view.js";
import type { View } from "./graph-view.js";
import type { LayoutInput } from "./layout-graph.js";
import { palettesOf } from "./palette.js";
import { fitBounds, linkedNodes, viewGraph } from "./view-graph.js";
import type { Positions } from "./view-graph.js";

/**
 * The influence explorer: graph.json drawn by sigma.js (WebGL) one comment window at a time.
 * Positions come from one ForceAtlas2 layout of the whole run, computed once in a web worker
 * (layout-graph.ts) while graph.json's own layout is already on screen; every window is drawn at
 * them, so scrubbing never moves a node. This file wires the controls to the explorer state.
 */

const playMs = 900;

export interface ExperimentName {
  readonly id: string;
  readonly name: string | null;
}

/** `windowParam` comes from `?window=i`, so a window can be linked to. */
export function mountExplorer(
  root: HTMLElement,
  experiment: ExperimentName,
  data: InfluenceGraph,
  windowParam: string | undefined,
): Cleanup {
  const started = performance.now();
  const { nodes, windows } = data;
  const leaders = persistentLeaders(nodes);
  root.append(h("h1", {}, "Influence explorer"));
  if (nodes.length === 0 || windows.length === 0) return nothingToDraw(root);
  let state = initialState(windowParam, windows.length);
  const dom = buildExplorerDom(root, { id: experiment.id, graph: data, leaders, initialWindow: state.window });
  const palettes = palettesOf(nodes);
  const viewOf = viewCache(nodes.length, windows);
  const currentView = (): View => viewOf(state);
  let positions: Positions = { x: Float32Array.from(nodes, (node) => node.x), y: Float32Array.from(nodes, (node) => node.y) };
  const drawn = () => viewGraph(nodes, currentView(), palettes[state.colourMode], positions);
  const tooltip = nodeTooltip(dom, data, () => ({ view: currentView(), cumulative: state.cumulative }));
  const stage = graphStage(dom.stage, drawn(), {
    enter: (node, x, y) => tooltip.show(Number(node), x, y),
    leave: tooltip.hide,
    click: (node) => {
      const agent = nodes[Number(node)]?.id;
      if (agent) location.hash = `#/e/${encodeURIComponent(experiment.id)}/agent/${encodeURIComponent(agent)}`;
    },
    rendered: (drawnStage) => markDrawn(dom.stage, drawnStage, { state, view: currentView(), nodes, started }),
  });
  const allEdges = viewOf({ window: 0, cumulative: true }).edges;
  const linked = linkedNodes(nodes.length, allEdges);
  stage.frame(fitBounds(positions, linked));

  const layout = refineLayout(dom, { x: positions.x, y: positions.y, edges: allEdges }, (result) => {
    positions = result;
    stage.show(drawn());
    stage.frame(fitBounds(positions, linked));
  });

  let playTimer = 0;
  /** Every change of state goes through here: the controls, the playback timer and the picture follow it. */
  const apply = (next: ExplorerState): void => {
    const redraw = next.window !== state.window || next.cumulative !== state.cumulative || next.colourMode !== state.colourMode;
    const wasPlaying = state.playing;
    state = next;
    if (state.playing && !wasPlaying) playTimer = window.setInterval(() => apply(playStep(state, windows.length)), playMs);
    if (!state.playing && wasPlaying) {
      window.clearInterval(playTimer);
      playTimer = 0;
    }
    describe(dom, state, currentView(), windows.length);
    renderLegend(dom.legend, palettes[state.colourMode]);
    tooltip.hide();
    if (redraw) stage.show(drawn());
  };

  const listeners = new AbortController();
  wireControls(dom, stage, listeners.signal, (transition) => apply(transition(state, windows.length)));
  wireAgentSearch(dom.search, dom.suggestions, nodes, (index) => stage.focus(index === null ? null : String(index)), listeners.signal);
  wireExports(dom, stage, listeners.signal, () => ({
    gexf: () => viewGexf(nodes, currentView(), palettes[state.colourMode], positions),
    name: (extension) => exportName(experiment, windows, state, extension),
  }));
  apply(state);

  return () => {
    window.clearInterval(playTimer);
    layout.cancel();
    listeners.abort();
    stage.dispose();
  };
}

function nothingToDraw(root: HTMLElement): Cleanup {
  root.append(
    h("div", { class: "card" }, h("p", {}, "This run produced no comments between agents, so there is no influence graph to draw.")),
  );
  return () => {};
}

/** Starts the ForceAtlas2 layout and reports its progress and time under the graph. */
function refineLayout(dom: ExplorerDom, input: LayoutInput, done: (positions: Positions) => void): BackgroundLayout {
  const layout = layoutInBackground(input);
  dom.stage.dataset["layout"] = "running";
  dom.layoutNote.textContent = "Laying the graph out (ForceAtlas2)...";
  layout.done.then(
    (result) => {
      done(result);
      dom.stage.dataset["layout"] = "done";
      dom.stage.dataset["layoutMs"] = String(Math.round(result.elapsedMs));
      dom.layoutNote.textContent = `Layout: ForceAtlas2 over all windows, ${result.iterations} iterations in ${(result.elapsedMs / 1000).toFixed(1)} s; nodes keep their place across windows.`;
    },
    (error: unknown) => {
      dom.stage.dataset["layout"] = "failed";
      dom.layoutNote.textContent = `The layout could not be refined (${error instanceof Error ? error.message : String(error)}); showing graph.json's layout.`;
    },
  );
  return layout;
}

/** What tests (and a curious reader of the DOM) can check about the last frame. */
interface Drawn {
  readonly state: ExplorerState;
  readonly view: View;
  readonly nodes: InfluenceGraph["nodes"];
  /** When the explorer was mounted (performance.now()). */
  readonly started: number;
}

function markDrawn(element: HTMLElement, stage: GraphStage, drawn: Drawn): void {
  const { state, view, started } = drawn;
  const d = element.dataset;
  d["window"] = String(state.window);
  d["cumulative"] = String(state.cumulative);
  d["drawnNodes"] = String(view.pagerank.length);
  d["drawnEdges"] = String(view.edges.length);
  d["windowNodes"] = String(view.members.length);
  d["firstRenderMs"] ??= String(Math.round(performance.now() - started));
  d["zoomRatio"] = stage.zoomRatio().toFixed(3);
  const top = view.ranked[0];
  const at = top === undefined ? null : stage.viewportOf(String(top));
  d["topNode"] = top === undefined ? "" : (drawn.nodes[top]?.id ?? "");
  d["topNodeX"] = at ? String(Math.round(at.x)) : "";
  d["topNodeY"] = at ? String(Math.round(at.y)) : "";
  const focus = stage.highlighted();
  const focusAt = focus === null ? null : stage.viewportOf(focus);
  d["focus"] = focus === null ? "" : (drawn.nodes[Number(focus)]?.id ?? "");
  d["focusX"] = focusAt ? String(Math.round(focusAt.x)) : "";
  d["focusY"] = focusAt ? String(Math.round(focusAt.y)) : "";
}

/** Texts and control states that follow the explorer state. */
function describe(dom: ExplorerDom, state: ExplorerState, view: View, windowCount: number): void {
  dom.play.textContent = state.playing ? "Pause" : "Play";
  dom.play.setAttribute("aria-pressed", String(state.playing));
  dom.scrubber.value = String(state.window);
  dom.windowLabel.textContent = view.label;
  dom.scrubber.setAttribute("aria-valuetext", view.label);
  dom.edgeLabel.textContent = state.cumulative ? "Edges, all windows" : "Edges in window";
  dom.edgeStat.textContent = formatCount(view.edges.length);
  dom.edgeDetail.textContent = `${formatCount(view.comments)} comments, ${formatCount(view.present)} agents ranked`;
  dom.scrubber.disabled = state.cumulative;
  dom.play.disabled = !canPlay(state, windowCount);
}

interface NodeTooltip {
  show(index: number, x: number, y: number): void;
  hide(): void;
}

function nodeTooltip(dom: ExplorerDom, data: InfluenceGraph, shown: () => { view: View; cumulative: boolean }): NodeTooltip {
  const { tooltip, stage } = dom;
  return {
    hide: () => {
      tooltip.hidden = true;
      stage.style.cursor = "";
    },
    show: (index, x, y) => {
      const node = data.nodes[index];
      if (!node) return;
      const { view, cumulative } = shown();
      tooltip.replaceChildren(...tooltipLines(node, view, index, cumulative, data.windows));
      tooltip.hidden = false;
      const width = stage.clientWidth;
      const height = stage.clientHeight;
      // Flip towards the inside near the right and bottom edges: the wrap clips overflow.
      const left = x + 14 + tooltip.offsetWidth > width ? x - 14 - tooltip.offsetWidth : x + 14;
      const top = y + 14 + tooltip.offsetHeight > height ? y - 14 - tooltip.offsetHeight : y + 14;
      tooltip.style.left = `${Math.max(0, left)}px`;
      tooltip.style.top = `${Math.max(0, top)}px`;
      stage.style.cursor = "pointer";
    },
  };
}

type Transition = (state: ExplorerState, windowCount: number) => ExplorerState;

function wireControls(dom: ExplorerDom, stage: GraphStage, signal: AbortSignal, change: (transition: Transition) => void): void {
  const { scrubber, play, cumulative, colourSelect } = dom;
  const on = { signal };
  scrubber.addEventListener("input", () => change((state, count) => scrubTo(state, Number(scrubber.value), count)), on);
  play.addEventListener("click", () => change(togglePlay), on);
  cumulative.addEventListener("change", () => change((state) => setCumulative(state, cumulative.checked)), on);
  colourSelect.addEventListener(
    "change",
    () => change((state) => setColourMode(state, colourSelect.value === "group" ? "group" : "community")),
    on,
  );
  dom.fit.addEventListener("click", () => stage.fit(), on);
}

interface Exports {
  readonly gexf: () => string;
  readonly name: (extension: string) => string;
}

function wireExports(dom: ExplorerDom, stage: GraphStage, signal: AbortSignal, shown: () => Exports): void {
  dom.exportGexf.addEventListener(
    "click",
    () => {
      const { gexf, name } = shown();
      download(new Blob([gexf()], { type: "application/gexf+xml" }), name("gexf"));
    },
    { signal },
  );
  dom.exportPng.addEventListener(
    "click",
    () => {
      const { name } = shown();
      stage.png().then(
        (blob) => download(blob, name("png")),
        (error: unknown) => notice(`Could not make the PNG: ${error instanceof Error ? error.message : String(error)}`),
      );
    },
    { signal },
  );
}
