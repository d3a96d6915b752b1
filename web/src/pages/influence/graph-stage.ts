import Sigma from "sigma";
import type { NodeDisplayData } from "sigma/types";
import type { Bounds, DrawnEdge, DrawnGraph, DrawnNode } from "./view-graph.js";

/**
 * The WebGL stage: sigma.js drawing a DrawnGraph, its camera (fit, centre on a node), the
 * highlighted node of a search, and a PNG of what is on screen. Sigma draws on several stacked
 * canvases (edges, nodes, labels, hover); the PNG composes them in that order.
 */

/** White like the page's cards (and a figure in a paper); the same under the PNG. */
const background = "#ffffff";
const cameraMs = 450;
/** Above this many edges in the graph, edges are hidden while the camera moves, keeping pans fluid. */
const hideEdgesFrom = 20_000;

export interface StageHooks {
  /** The pointer entered a node, at viewport coordinates. */
  readonly enter: (node: string, x: number, y: number) => void;
  readonly leave: () => void;
  readonly click: (node: string) => void;
  /** After each frame (tests read the drawn state from the container's attributes). */
  readonly rendered: (stage: GraphStage) => void;
}

export interface GraphStage {
  show(graph: DrawnGraph): void;
  /** The extent "fit" frames (the layout's trimmed bounds). */
  frame(bounds: Bounds): void;
  fit(): void;
  /** Highlights a node and centres the camera on it; null clears the highlight. */
  focus(node: string | null): void;
  /** Viewport position of a node as last drawn, or null. */
  viewportOf(node: string): { x: number; y: number } | null;
  /** The highlighted node, if any. */
  highlighted(): string | null;
  /** The camera's zoom ratio: 1 is fitted, smaller is closer. */
  zoomRatio(): number;
  png(): Promise<Blob>;
  dispose(): void;
}

export function graphStage(container: HTMLElement, first: DrawnGraph, hooks: StageHooks): GraphStage {
  let highlighted: string | null = null;
  const sigma = new Sigma<DrawnNode, DrawnEdge>(first, container, {
    defaultEdgeType: "arrow",
    zIndex: true,
    renderEdgeLabels: false,
    labelColor: { color: "#212529" },
    labelSize: 12,
    labelRenderedSizeThreshold: 8,
    hideEdgesOnMove: first.size > hideEdgesFrom,
    allowInvalidContainer: true,
    nodeReducer: (node, data) => (node === highlighted ? highlight(data) : data),
  });
  sigma.on("enterNode", ({ node, event }) => hooks.enter(node, event.x, event.y));
  sigma.on("leaveNode", hooks.leave);
  sigma.on("clickNode", ({ node }) => hooks.click(node));
  sigma.getCamera().on("updated", hooks.leave);

  const viewportOf = (node: string): { x: number; y: number } | null => {
    const shown = sigma.getNodeDisplayData(node);
    return shown ? sigma.framedGraphToViewport(shown) : null;
  };
  const stage: GraphStage = {
    show: (graph) => {
      sigma.setSetting("hideEdgesOnMove", graph.size > hideEdgesFrom);
      sigma.setGraph(graph);
    },
    frame: (bounds) => {
      sigma.setCustomBBox(bounds);
      sigma.refresh();
    },
    fit: () => void sigma.getCamera().animatedReset({ duration: cameraMs }),
    focus: (node) => {
      highlighted = node;
      sigma.refresh({ skipIndexation: false });
      const shown = node === null ? undefined : sigma.getNodeDisplayData(node);
      if (!shown) return;
      const camera = sigma.getCamera();
      void camera.animate({ x: shown.x, y: shown.y, ratio: Math.min(camera.getState().ratio, 0.3) }, { duration: cameraMs });
    },
    viewportOf,
    highlighted: () => highlighted,
    zoomRatio: () => sigma.getCamera().getState().ratio,
    png: () => composePng(sigma),
    dispose: () => sigma.kill(),
  };
  sigma.on("afterRender", () => hooks.rendered(stage));
  return stage;
}

function highlight(data: DrawnNode): Partial<NodeDisplayData> {
  return { ...data, highlighted: true, forceLabel: true, size: Math.max(6, data.size * 1.6), zIndex: Number.MAX_SAFE_INTEGER };
}

/** The stacked layers drawn into one canvas right after a synchronous render (WebGL keeps no buffer after that). */
function composePng(sigma: Sigma<DrawnNode, DrawnEdge>): Promise<Blob> {
  sigma.refresh();
  const { width, height } = sigma.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const out = document.createElement("canvas");
  out.width = Math.round(width * ratio);
  out.height = Math.round(height * ratio);
  const ctx = out.getContext("2d");
  if (!ctx) return Promise.reject(new Error("this browser cannot draw the picture"));
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  for (const layer of Object.values(sigma.getCanvases())) ctx.drawImage(layer, 0, 0, out.width, out.height);
  return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no PNG produced"))), "image/png"));
}
