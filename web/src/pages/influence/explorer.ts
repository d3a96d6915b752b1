import type { Cleanup } from "../../page.js";
import { formatCount, h } from "../../ui/dom.js";
import { edgeCap } from "./edge-plan.js";
import { renderLegend, tooltipLines } from "./explorer-cards.js";
import { buildExplorerDom } from "./explorer-dom.js";
import type { ExplorerDom } from "./explorer-dom.js";
import { canPlay, initialState, playStep, scrubTo, setColourMode, setCumulative, togglePlay } from "./explorer-state.js";
import type { ExplorerState } from "./explorer-state.js";
import { graphCanvas } from "./graph-canvas.js";
import type { GraphCanvas } from "./graph-canvas.js";
import { persistentLeaders, viewCache } from "./graph-view.js";
import type { InfluenceGraphData } from "../../../../core/contracts/graph.js";
import type { View } from "./graph-view.js";
import { palettesOf } from "./palette.js";
import type { Palette } from "./palette.js";

/**
 * The influence explorer: graph.json drawn on a canvas, one comment window at a
 * time. The layout is precomputed by `murmur analyze`, so the browser only draws; everything that
 * depends on a window is derived once and cached, and a frame is a few batched canvas paths so
 * 5,000 nodes and tens of thousands of edges stay interactive. This file wires the controls to
 * the explorer state; the derivation, the canvas and the painting live beside it.
 */

const playMs = 900;

/** `windowParam` comes from `?window=i`, so a window can be linked to. */
export function mountExplorer(root: HTMLElement, id: string, data: InfluenceGraphData, windowParam: string | undefined): Cleanup {
  const { nodes, windows } = data;
  const leaders = persistentLeaders(nodes);
  root.append(h("h1", {}, "Influence explorer"));
  if (nodes.length === 0 || windows.length === 0) {
    root.append(
      h("div", { class: "card" }, h("p", {}, "This run produced no comments between agents, so there is no influence graph to draw.")),
    );
    return () => {};
  }
  let state = initialState(windowParam, windows.length);
  const dom = buildExplorerDom(root, { id, nodes, windows, leaders, initialWindow: state.window });
  const ctx = dom.canvas.getContext("2d");
  if (!ctx) {
    dom.wrap.replaceWith(h("p", { class: "muted" }, "This browser cannot draw on a canvas, so the graph cannot be shown."));
    return () => {};
  }

  const palettes = palettesOf(nodes);
  const viewOf = viewCache(nodes.length, windows);
  const currentView = (): View => viewOf(state);
  const tooltip = nodeTooltip(dom, data, () => ({ view: currentView(), cumulative: state.cumulative }));
  const canvas = graphCanvas(ctx, dom, {
    nodes,
    leaders,
    content: () => ({ view: currentView(), palette: palettes[state.colourMode], window: state.window, cumulative: state.cumulative }),
    onZoom: tooltip.hide,
  });

  let playTimer = 0;
  /** Every change of state goes through here: the controls, the playback timer and the picture follow it. */
  const apply = (next: ExplorerState): void => {
    const wasPlaying = state.playing;
    state = next;
    if (state.playing && !wasPlaying) playTimer = window.setInterval(() => apply(playStep(state, windows.length)), playMs);
    if (!state.playing && wasPlaying) {
      window.clearInterval(playTimer);
      playTimer = 0;
    }
    dom.play.textContent = state.playing ? "Pause" : "Play";
    dom.play.setAttribute("aria-pressed", String(state.playing));
    dom.scrubber.value = String(state.window);
    describe(dom, state, currentView(), palettes[state.colourMode], windows.length);
    tooltip.hide();
    canvas.schedule();
  };

  const listeners = wireControls(dom, canvas, {
    nodeId: (index) => nodes[index]?.id,
    id,
    tooltip,
    change: (transition) => apply(transition(state, windows.length)),
  });
  apply(state);

  return () => {
    window.clearInterval(playTimer);
    playTimer = 0;
    canvas.dispose();
    listeners.abort();
  };
}

/** Texts and control states that follow the explorer state. */
function describe(dom: ExplorerDom, state: ExplorerState, view: View, palette: Palette, windowCount: number): void {
  dom.windowLabel.textContent = view.label;
  dom.scrubber.setAttribute("aria-valuetext", view.label);
  dom.edgeLabel.textContent = state.cumulative ? "Edges, all windows" : "Edges in window";
  dom.edgeStat.textContent = formatCount(view.edges.length);
  dom.edgeDetail.textContent = `${formatCount(view.comments)} comments, ${formatCount(view.present)} agents ranked`;
  dom.capNote.hidden = view.edges.length <= edgeCap;
  if (!dom.capNote.hidden) {
    dom.capNote.textContent = `Drawing the heaviest ${formatCount(edgeCap)} of ${formatCount(view.edges.length)} edges; the lightest are left out to keep the graph responsive.`;
  }
  dom.scrubber.disabled = state.cumulative;
  dom.play.disabled = !canPlay(state, windowCount);
  renderLegend(dom.legend, palette);
}

interface NodeTooltip {
  show(index: number, event: MouseEvent): void;
  hide(): void;
}

function nodeTooltip(dom: ExplorerDom, data: InfluenceGraphData, shown: () => { view: View; cumulative: boolean }): NodeTooltip {
  const { tooltip, canvas, wrap } = dom;
  return {
    hide: () => {
      tooltip.hidden = true;
      canvas.style.cursor = "";
    },
    show: (index, event) => {
      const node = data.nodes[index];
      if (!node) return;
      const { view, cumulative } = shown();
      tooltip.replaceChildren(...tooltipLines(node, view, index, cumulative, data.windows));
      tooltip.hidden = false;
      const rect = wrap.getBoundingClientRect();
      const x = event.clientX - rect.left;
      const y = event.clientY - rect.top;
      // Flip towards the inside near the right and bottom edges: the wrap clips overflow.
      const left = x + 14 + tooltip.offsetWidth > rect.width ? x - 14 - tooltip.offsetWidth : x + 14;
      const top = y + 14 + tooltip.offsetHeight > rect.height ? y - 14 - tooltip.offsetHeight : y + 14;
      tooltip.style.left = `${Math.max(0, left)}px`;
      tooltip.style.top = `${Math.max(0, top)}px`;
      canvas.style.cursor = "pointer";
    },
  };
}

interface Wiring {
  readonly id: string;
  readonly nodeId: (index: number) => string | undefined;
  readonly tooltip: NodeTooltip;
  readonly change: (transition: (state: ExplorerState, windowCount: number) => ExplorerState) => void;
}

/** Listens to the controls and the canvas; aborting the returned controller removes every listener. */
function wireControls(dom: ExplorerDom, graph: GraphCanvas, wiring: Wiring): AbortController {
  const { canvas, scrubber, play, cumulative, colourSelect } = dom;
  const { tooltip, change } = wiring;
  const listeners = new AbortController();
  const on = { signal: listeners.signal };
  canvas.addEventListener(
    "pointermove",
    (event) => {
      // While dragging the view, a tooltip chasing the pointer only gets in the way.
      const index = event.buttons === 0 ? graph.nodeAt(event) : null;
      if (index === null) tooltip.hide();
      else tooltip.show(index, event);
    },
    on,
  );
  canvas.addEventListener("pointerleave", tooltip.hide, on);
  // d3-zoom swallows the click that ends a drag, so this only fires for a real click.
  canvas.addEventListener(
    "click",
    (event) => {
      const index = graph.nodeAt(event);
      const node = index === null ? undefined : wiring.nodeId(index);
      if (node) location.hash = `#/e/${encodeURIComponent(wiring.id)}/agent/${encodeURIComponent(node)}`;
    },
    on,
  );
  scrubber.addEventListener("input", () => change((state, count) => scrubTo(state, Number(scrubber.value), count)), on);
  play.addEventListener("click", () => change(togglePlay), on);
  cumulative.addEventListener("change", () => change((state) => setCumulative(state, cumulative.checked)), on);
  colourSelect.addEventListener(
    "change",
    () => change((state) => setColourMode(state, colourSelect.value === "group" ? "group" : "community")),
    on,
  );
  return listeners;
}
